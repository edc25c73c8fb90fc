import CArchive
import DICOM
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an ISO 9660 image, a zip file or a tar file through libarchive, streaming each
/// member's bytes from disk in blocks, into a temporary file that replaces the output only when
/// the archive is complete (`AtomicFile`).
public final class ArchiveWriter {
    /// ISO 9660 options (PS3.12 Annex F: level 1 names; extensions only when asked).
    public struct ISOOptions: Sendable {
        /// Volume identifier: up to 32 characters of A-Z, 0-9 and _.
        public var volumeID = "DICOM"
        public var joliet = false
        public var rockRidge = false

        public init() {}
    }

    private let archive: OpaquePointer
    private let sink: SinkBox
    private var directories = Set<String>()
    private let modified: time_t

    /// Why a volume label cannot be used, or nil.
    public static func problem(withVolumeID label: String) -> String? {
        let bytes = Array(label.utf8)
        guard (1...32).contains(bytes.count) else { return "must be 1 to 32 characters" }
        guard bytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }) else {
            return "may hold only A-Z, 0-9 and _ (ISO 9660 d-characters)"
        }
        return nil
    }

    /// Writes an archive of `format` to `path` atomically: `body` adds the members.
    /// - Throws: `DICOMError` when libarchive refuses an option or a member, or the file cannot
    ///   be written; the output is then left as it was.
    public static func write(
        to path: String, format: ArchiveFormat, iso: ISOOptions = ISOOptions(), modified: Date = Date(),
        _ body: (ArchiveWriter) throws -> Void
    ) throws {
        try AtomicFile.write(to: path, mode: 0o644) { sink in
            let writer = try ArchiveWriter(format: format, iso: iso, sink: sink, name: path, modified: modified)
            var closed = false
            defer { if !closed { writer.abandon() } }
            try body(writer)
            try writer.close()
            closed = true
            try sink.finish()
        }
    }

    private init(format: ArchiveFormat, iso: ISOOptions, sink: any ByteSink, name: String, modified: Date) throws {
        guard let archive = archive_write_new() else { throw DICOMError(.ioError, "libarchive could not start", file: name) }
        self.archive = archive
        self.sink = SinkBox(sink: sink, name: name)
        self.modified = time_t(modified.timeIntervalSince1970)
        var status: Int32
        switch format {
        case .iso:
            status = archive_write_set_format_iso9660(archive)
            if status == ARCHIVE_OK {
                // (name, value): a nil value turns a boolean option off.
                var options: [(String, String?)] = [("iso-level", "1"), ("volume-id", iso.volumeID), ("pad", "1")]
                options.append(("joliet", iso.joliet ? "1" : nil))
                options.append(("rockridge", iso.rockRidge ? "1" : nil))
                for (option, value) in options where status == ARCHIVE_OK {
                    status = archive_write_set_format_option(archive, "iso9660", option, value)
                }
            }
        case .zip:
            status = archive_write_set_format_zip(archive)
        case .tar:
            status = archive_write_set_format_pax_restricted(archive)
        case .tarGzip:
            status = archive_write_set_format_pax_restricted(archive)
            if status == ARCHIVE_OK { status = archive_write_add_filter_gzip(archive) }
        }
        guard status == ARCHIVE_OK else {
            let message = Self.message(archive)
            archive_write_free(archive)
            throw DICOMError(.unsupported, "libarchive refused the \(format.rawValue) settings: \(message)", file: name)
        }
        let client = Unmanaged.passUnretained(self.sink).toOpaque()
        status = archive_write_open(archive, client, nil, { _, client, buffer, length in
            guard let client, let buffer else { return -1 }
            let box = Unmanaged<SinkBox>.fromOpaque(client).takeUnretainedValue()
            do {
                try box.sink.write(UnsafeRawBufferPointer(start: buffer, count: length))
                return la_ssize_t(length)
            } catch {
                box.error = error
                return -1
            }
        }, nil)
        guard status == ARCHIVE_OK else {
            let message = Self.message(archive)
            archive_write_free(archive)
            throw DICOMError(.ioError, "cannot start the archive: \(message)", file: name)
        }
    }

    /// Adds the file at `source` as `name` (a path with `/`), its bytes copied in 1 MiB blocks.
    public func addFile(_ name: String, from source: String) throws {
        let input = try FileByteSource(path: source)
        try addFolders(of: name)
        try header(name, size: input.count, type: S_IFREG, permissions: 0o644)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: Int64 = 0
        while offset < input.count {
            let n = try buffer.withUnsafeMutableBytes { try input.read(into: $0, at: offset) }
            guard n > 0 else { throw DICOMError(.ioError, "the file ended early while it was packaged", file: source, offset: offset) }
            try buffer.withUnsafeBytes { raw in try writeData(UnsafeRawBufferPointer(rebasing: raw[0..<n]), name: name) }
            offset += Int64(n)
        }
        try finishEntry(name)
    }

    /// Adds `bytes` as the file `name`.
    public func addFile(_ name: String, bytes: [UInt8]) throws {
        try addFolders(of: name)
        try header(name, size: Int64(bytes.count), type: S_IFREG, permissions: 0o644)
        try bytes.withUnsafeBytes { try writeData($0, name: name) }
        try finishEntry(name)
    }

    /// Adds the folders above `name` that were not added yet.
    private func addFolders(of name: String) throws {
        let components = name.split(separator: "/").dropLast()
        var path = ""
        for component in components {
            path += path.isEmpty ? String(component) : "/" + component
            if directories.insert(path).inserted {
                try header(path + "/", size: 0, type: S_IFDIR, permissions: 0o755)
                try finishEntry(path)
            }
        }
    }

    private func header(_ name: String, size: Int64, type: mode_t, permissions: mode_t) throws {
        guard let entry = archive_entry_new() else { throw DICOMError(.ioError, "libarchive could not make an entry", file: sink.name) }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, name)
        archive_entry_set_size(entry, la_int64_t(size))
        archive_entry_set_filetype(entry, UInt32(type))
        archive_entry_set_perm(entry, permissions)
        archive_entry_set_mtime(entry, modified, 0)
        guard archive_write_header(archive, entry) >= ARCHIVE_WARN else { throw failure("cannot add \(name)") }
    }

    private func writeData(_ bytes: UnsafeRawBufferPointer, name: String) throws {
        var done = 0
        while done < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let n = archive_write_data(archive, base + done, bytes.count - done)
            guard n > 0 else { throw failure("cannot write \(name)") }
            done += n
        }
    }

    private func finishEntry(_ name: String) throws {
        guard archive_write_finish_entry(archive) >= ARCHIVE_WARN else { throw failure("cannot finish \(name)") }
    }

    private func close() throws {
        let status = archive_write_close(archive)
        archive_write_free(archive)
        guard status == ARCHIVE_OK else { throw failure("cannot complete the archive") }
    }

    /// Frees libarchive's state after a failure (the temporary file is removed by `AtomicFile`).
    private func abandon() {
        archive_write_fail(archive)
        archive_write_free(archive)
    }

    private func failure(_ what: String) -> DICOMError {
        if let error = sink.error { return DICOMError(.ioError, "\(what): \(error)", file: sink.name) }
        return DICOMError(.ioError, "\(what): \(Self.message(archive))", file: sink.name)
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }

    /// The sink libarchive's write callback writes to, and the error it met.
    private final class SinkBox {
        let sink: any ByteSink
        let name: String
        var error: (any Error)?

        init(sink: any ByteSink, name: String) {
            self.sink = sink
            self.name = name
        }
    }
}
