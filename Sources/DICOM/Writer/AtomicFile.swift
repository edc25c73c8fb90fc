#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that it is either wholly there or not at all: the bytes go to a temporary
/// file in the destination's folder, which is flushed to disk and then renamed over the
/// destination. On any error the temporary file is removed.
public enum AtomicFile {
    /// The prefix of temporary files, so that a later run can recognise and remove leftovers.
    public static let temporaryPrefix = ".dicomfix-tmp-"

    /// Creates or replaces `path` with what `body` writes to the sink.
    /// - Parameters:
    ///   - mode: permissions of the new file; by default those of the file being replaced, else
    ///     0644.
    ///   - beforeReplacing: called once the new bytes are on disk, just before they replace
    ///     `path` (a change job appends its audit record there, so that no file is ever changed
    ///     without its record). If it throws, `path` is left as it was.
    public static func write(
        to path: String, mode: mode_t? = nil, beforeReplacing: (() throws -> Void)? = nil, _ body: (any ByteSink) throws -> Void
    ) throws {
        let directory = parentDirectory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? "out"
        var template = Array("\(directory)/\(temporaryPrefix)\(base).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else {
            let err = errno
            throw DICOMError(.ioError, "cannot create a temporary file in \(directory): \(String(cString: strerror(err)))", file: path, errno: err)
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var finished = false
        defer {
            if !finished {
                close(fd)
                unlink(temporary)
            }
        }
        var existing = stat()
        let permissions = mode ?? (stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644)
        fchmod(fd, permissions)
        let sink = FileSink(descriptor: fd, name: path)
        try body(sink)
        try sink.finish()
        guard fsync(fd) == 0 else {
            let err = errno
            throw DICOMError(.ioError, "cannot flush to disk: \(String(cString: strerror(err)))", file: path, errno: err)
        }
        close(fd)
        finished = true
        do {
            try beforeReplacing?()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let err = errno
            unlink(temporary)
            throw DICOMError(.ioError, "cannot move the new file into place: \(String(cString: strerror(err)))", file: path, errno: err)
        }
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}
