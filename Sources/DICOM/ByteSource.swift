#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random-access bytes that values can be read from on demand: a file read with `pread`, or a
/// buffer in memory (an inflated data set, test data). Safe to read from several threads.
public protocol ByteSource: AnyObject, Sendable {
    /// Total number of bytes.
    var count: Int64 { get }
    /// A name for messages (the file path).
    var name: String { get }
    /// Reads up to `count` bytes at `offset` into `buffer` (starting at `buffer`'s start) and
    /// returns how many were read; fewer only at the end of the source.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int
}

extension ByteSource {
    /// Reads exactly `count` bytes at `offset`, or throws if the source ends first.
    public func bytes(at offset: Int64, count: Int) throws -> [UInt8] {
        guard count >= 0, offset >= 0, offset <= self.count, Int64(count) <= self.count - offset else {
            throw DICOMError(
                .malformed, "\(count) bytes at offset \(offset) run past the end (\(self.count) bytes)",
                file: name, offset: offset)
        }
        var result = [UInt8](repeating: 0, count: count)
        var done = 0
        try result.withUnsafeMutableBytes { raw in
            while done < count {
                guard let base = raw.baseAddress else { return }
                let slice = UnsafeMutableRawBufferPointer(start: base + done, count: count - done)
                let n = try read(into: slice, at: offset + Int64(done))
                if n == 0 {
                    throw DICOMError(.ioError, "unexpected end of data", file: name, offset: offset + Int64(done))
                }
                done += n
            }
        }
        return result
    }
}

/// Bytes held in memory.
public final class MemoryByteSource: ByteSource {
    public let storage: [UInt8]
    public let name: String

    public init(_ bytes: [UInt8], name: String = "<memory>") {
        self.storage = bytes
        self.name = name
    }

    public var count: Int64 { Int64(storage.count) }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        guard offset >= 0, offset < Int64(storage.count) else { return 0 }
        let start = Int(offset)
        let n = min(buffer.count, storage.count - start)
        storage.withUnsafeBytes { src in
            guard let from = src.baseAddress, let to = buffer.baseAddress else { return }
            to.copyMemory(from: from + start, byteCount: n)
        }
        return n
    }
}

/// A file opened read-only and read with `pread`: nothing is loaded until asked for, so a large
/// file costs only what is read of it.
public final class FileByteSource: ByteSource {
    public let name: String
    public let count: Int64
    private let descriptor: Int32
    /// Small reads (an element's bytes copied by the writer) are served from one block read
    /// ahead, instead of a system call each.
    private let readAhead = ReadAhead()

    /// Opens `path` for reading.
    /// - Throws: `DICOMError.cannotOpen` when the file cannot be opened or is not a regular file.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            throw DICOMError(.cannotOpen, "cannot open: \(String(cString: strerror(err)))", file: path, errno: err)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw DICOMError(.cannotOpen, "not a regular file", file: path)
        }
        self.descriptor = fd
        self.name = path
        self.count = Int64(info.st_size)
    }

    /// Takes over an open descriptor (closed when the source goes away).
    init(adopting descriptor: Int32, name: String) throws {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw DICOMError(.ioError, "cannot stat the temporary file", file: name)
        }
        self.descriptor = descriptor
        self.name = name
        self.count = Int64(info.st_size)
    }

    /// An anonymous temporary file (already unlinked) filled by `fill`, as a byte source: for
    /// data too large to hold in memory, such as a big inflated data set.
    static func temporary(name: String, _ fill: (any ByteSink) throws -> Void) throws -> FileByteSource {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/\(AtomicFile.temporaryPrefix)inflate.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw DICOMError(.ioError, "cannot create a temporary file in \(directory)", file: name, errno: errno) }
        template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
        let sink = FileSink(descriptor: fd, name: name)
        do {
            try fill(sink)
            try sink.finish()
        } catch {
            close(fd)
            throw error
        }
        return try FileByteSource(adopting: fd, name: name)
    }

    deinit { close(descriptor) }

    /// Calls `body` with the open file descriptor (for copies inside the kernel).
    func withDescriptor<R>(_ body: (Int32) -> R) -> R { body(descriptor) }

    /// Device and inode of the open file, to recognise the same file under another name.
    public var identity: FileIdentity? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if buffer.count <= ReadAhead.smallRead, offset >= 0 {
            return try readAhead.read(into: buffer, at: offset) { block, at in try readDirect(into: block, at: at) }
        }
        return try readDirect(into: UnsafeMutableRawBufferPointer(start: base, count: buffer.count), at: offset)
    }

    private func readDirect(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = pread(descriptor, base, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            let err = errno
            throw DICOMError(.ioError, "read failed: \(String(cString: strerror(err)))", file: name, offset: offset, errno: err)
        }
    }
}

/// Identifies a file on disk independently of its path.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    /// The identity of the file at `path`, or nil if there is none.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.device = UInt64(info.st_dev)
        self.inode = UInt64(info.st_ino)
    }

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }
}

/// The block of a file read last for small reads, behind a mutex (a source is read from
/// several threads). Allocated on the first small read.
final class ReadAhead: @unchecked Sendable {
    /// Reads of at most this many bytes go through the block.
    static let smallRead = 4096
    static let blockSize = 64 << 10

    private let lock = Lock()
    private var block: [UInt8] = []
    private var blockOffset: Int64 = 0
    private var blockCount = 0

    /// Copies up to `buffer.count` bytes at `offset` from the block, first filling the block
    /// from `offset` with `fill` when it does not hold them all. Returns the bytes copied; fewer
    /// only at the end of the source.
    func read(
        into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, fill: (UnsafeMutableRawBufferPointer, Int64) throws -> Int
    ) throws -> Int {
        try lock.withLock { try readLocked(into: buffer, at: offset, fill: fill) }
    }

    private func readLocked(
        into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, fill: (UnsafeMutableRawBufferPointer, Int64) throws -> Int
    ) throws -> Int {
        let end = blockOffset + Int64(blockCount)
        if offset < blockOffset || offset + Int64(buffer.count) > end {
            if block.isEmpty { block = [UInt8](repeating: 0, count: Self.blockSize) }
            blockCount = 0
            blockOffset = offset
            // Fill the whole block (a short read is retried until the source ends).
            try block.withUnsafeMutableBytes { raw in
                while blockCount < raw.count {
                    let n = try fill(UnsafeMutableRawBufferPointer(rebasing: raw[blockCount...]), offset + Int64(blockCount))
                    if n == 0 { break }
                    blockCount += n
                }
            }
        }
        let start = Int(offset - blockOffset)
        let available = min(buffer.count, blockCount - start)
        guard available > 0, let target = buffer.baseAddress else { return 0 }
        block.withUnsafeBytes { raw in
            if let source = raw.baseAddress { target.copyMemory(from: source + start, byteCount: available) }
        }
        return available
    }
}
