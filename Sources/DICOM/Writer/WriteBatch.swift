import CFileIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Atomic writes made durable together: each write goes to a temporary file next to its
/// destination (nothing is visible there yet), and `commit` flushes every temporary to disk,
/// then renames each over its destination and flushes the folders once each.
///
/// The guarantee is `AtomicFile`'s (every destination is either its old self or wholly new, and
/// no new bytes are renamed into place before they are on disk), at the cost of one flush per
/// batch instead of one per file: writing back starts as soon as a file is staged, so the
/// flushes at commit mostly find the work done, and the file system's journal commits once for
/// the batch. A batch belongs to one thread at a time.
public final class WriteBatch {
    /// A write that failed at commit (its destination is left as it was).
    public struct Failure: Error, Sendable {
        /// The position of the write among those staged.
        public var index: Int
        public var error: DICOMError
    }

    private struct Staged {
        var temporary: String
        var destination: String
        var directory: String
        var bytes: Int64
    }

    private var staged: [Staged] = []
    /// Bytes written to the staged temporaries.
    public private(set) var stagedBytes: Int64 = 0
    /// How many files `isFull` allows.
    public let maxFiles: Int
    /// How many bytes `isFull` allows.
    public let maxBytes: Int64

    /// - Parameters:
    ///   - maxFiles: the number of staged files at which `isFull` becomes true.
    ///   - maxBytes: the staged size at which `isFull` becomes true.
    public init(maxFiles: Int = 32, maxBytes: Int64 = 128 << 20) {
        self.maxFiles = max(1, maxFiles)
        self.maxBytes = max(1, maxBytes)
    }

    deinit { discard() }

    /// The number of writes staged and not yet committed.
    public var count: Int { staged.count }

    /// Whether the batch holds enough to be worth committing now.
    public var isFull: Bool { staged.count >= maxFiles || stagedBytes >= maxBytes }

    /// Writes what `body` writes to a new temporary file next to `path`; `path` itself is
    /// untouched until `commit`.
    /// - Parameter mode: permissions of the new file; by default those of the file it will
    ///   replace, else 0644.
    /// - Returns: the position of this write in the batch.
    /// - Throws: `DICOMError.ioError` when the temporary file cannot be made or written (it is
    ///   removed then), or whatever `body` throws.
    @discardableResult
    public func stage(to path: String, mode: mode_t? = nil, _ body: (any ByteSink) throws -> Void) throws -> Int {
        let directory = AtomicFile.parentDirectory(of: path)
        if StaleTemporaries.firstWrite(into: directory) { AtomicFile.removeStaleTemporaries(in: directory) }
        var base = path.split(separator: "/").last.map(String.init) ?? "out"
        while base.utf8.count > 96 { base.removeLast() }
        var template = Array("\(directory)/\(AtomicFile.temporaryPrefix)\(StaleTemporaries.owner)~\(base).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else {
            let err = errno
            throw DICOMError(.ioError, "cannot create a temporary file in \(directory): \(String(cString: strerror(err)))", file: path, errno: err)
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = false
        defer {
            close(fd)
            if !written { unlink(temporary) }
        }
        var existing = stat()
        let permissions = mode ?? (stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644)
        fchmod(fd, permissions)
        let sink = FileSink(descriptor: fd, name: path)
        try body(sink)
        try sink.finish()
        _ = cfileio_start_writeback(fd)
        var info = stat()
        let bytes = fstat(fd, &info) == 0 ? Int64(info.st_size) : 0
        written = true
        staged.append(Staged(temporary: temporary, destination: path, directory: directory, bytes: bytes))
        stagedBytes += bytes
        return staged.count - 1
    }

    /// Calls `beforeFlushing`, flushes every staged file (and the files it names) to disk, calls
    /// `beforeReplacing`, then renames each staged file over its destination in the order staged
    /// and flushes each folder once. The batch is empty afterwards, whatever happens.
    /// - Parameters:
    ///   - beforeFlushing: called before the flush; returns more files that must be on disk
    ///     before anything is replaced, flushed with the batch (a change job appends the batch's
    ///     audit records there and names the log, so that no file is ever changed without its
    ///     record, at the cost of no extra journal commit). If it throws, nothing is replaced.
    ///   - beforeReplacing: called once every new byte is on disk and before anything is
    ///     replaced. If it throws, no destination is changed.
    /// - Returns: the writes whose rename failed (their destinations are left as they were).
    /// - Throws: `DICOMError.ioError` when a flush fails, or what the hooks throw; no
    ///   destination is changed then and every temporary is removed.
    @discardableResult
    public func commit(beforeFlushing: (() throws -> [String])? = nil, beforeReplacing: (() throws -> Void)? = nil) throws -> [Failure] {
        let pending = staged
        staged = []
        stagedBytes = 0
        var renamed = Set<Int>()
        defer {
            for (index, write) in pending.enumerated() where !renamed.contains(index) { unlink(write.temporary) }
        }
        let others = try beforeFlushing?() ?? []
        for write in pending { try flush(write.temporary, destination: write.destination) }
        for path in others { try flush(path, destination: path) }
        try beforeReplacing?()
        var failures: [Failure] = []
        var directories: [String] = []
        for (index, write) in pending.enumerated() {
            guard rename(write.temporary, write.destination) == 0 else {
                let err = errno
                failures.append(
                    Failure(
                        index: index,
                        error: DICOMError(
                            .ioError, "cannot move the new file into place: \(String(cString: strerror(err)))", file: write.destination, errno: err)))
                continue
            }
            renamed.insert(index)
            if !directories.contains(write.directory) { directories.append(write.directory) }
        }
        for directory in directories {
            let fd = open(directory, O_RDONLY | O_DIRECTORY)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
        }
        return failures
    }

    /// Removes every staged temporary file; nothing is replaced.
    public func discard() {
        for write in staged { unlink(write.temporary) }
        staged = []
        stagedBytes = 0
    }

    /// Removes the temporaries staged at position `index` and after (the writes of one file
    /// that failed half way); the earlier ones stay staged.
    public func discard(from index: Int) {
        guard index < staged.count else { return }
        for write in staged[max(0, index)...] {
            unlink(write.temporary)
            stagedBytes -= write.bytes
        }
        staged.removeSubrange(max(0, index)...)
    }

    private func flush(_ temporary: String, destination: String) throws {
        let fd = open(temporary, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, fsync(fd) == 0 else {
            let err = errno
            if fd >= 0 { close(fd) }
            throw DICOMError(.ioError, "cannot flush to disk: \(String(cString: strerror(err)))", file: destination, errno: err)
        }
        close(fd)
    }
}
