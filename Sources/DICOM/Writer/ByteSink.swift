import CFileIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where encoded bytes go: a file, memory, or a deflate stream in front of another sink.
public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes buffered bytes and ends the stream (a deflate sink writes its last block).
    func finish() throws
    /// Copies `length` bytes of `source` from `offset`, never holding the whole range, reversing
    /// the byte order of every `swapUnit`-byte number when `swapUnit` > 1. The default,
    /// `copyInChunks`, goes through a buffer; a file sink copies large ranges file to file in
    /// the kernel.
    func copy(from source: any ByteSource, offset: Int64, length: Int64, swapUnit: Int) throws
}

extension ByteSink {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func copy(from source: any ByteSource, offset: Int64, length: Int64, swapUnit: Int) throws {
        try copyInChunks(from: source, offset: offset, length: length, swapUnit: swapUnit)
    }

    /// Copies `length` bytes of `source` from `offset` as they are (through the sink's own
    /// `copy(from:offset:length:swapUnit:)`).
    public func copy(from source: any ByteSource, offset: Int64, length: Int64) throws {
        try copy(from: source, offset: offset, length: length, swapUnit: 1)
    }

    /// Copies `length` bytes of `source` from `offset` in chunks through a buffer, reversing the
    /// byte order of every `swapUnit`-byte number when `swapUnit` > 1.
    public func copyInChunks(from source: any ByteSource, offset: Int64, length: Int64, swapUnit: Int = 1) throws {
        let chunkSize = 1 << 20
        let unit = max(1, swapUnit)
        let size = chunkSize - chunkSize % unit
        guard length > 0 else { return }
        // Uninitialised scratch space, on the stack when small (most elements are).
        try withUnsafeTemporaryAllocation(byteCount: Int(min(Int64(size), length)), alignment: 16) { raw in
            var done: Int64 = 0
            while done < length {
                let want = Int(min(Int64(size), length - done))
                var filled = 0
                while filled < want {
                    let n = try source.read(
                        into: UnsafeMutableRawBufferPointer(rebasing: raw[filled..<want]), at: offset + done + Int64(filled))
                    if n == 0 {
                        throw DICOMError(.ioError, "source ended while copying \(length) bytes from offset \(offset)", file: source.name, offset: offset + done + Int64(filled))
                    }
                    filled += n
                }
                let chunk = UnsafeMutableRawBufferPointer(rebasing: raw[0..<want])
                if unit > 1 { swapBytes(in: chunk, unit: unit) }
                try write(UnsafeRawBufferPointer(chunk))
                done += Int64(want)
            }
        }
    }
}

/// Collects bytes in memory.
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ chunk: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: chunk) }
    public func finish() throws {}
}

/// Writes to an open file descriptor through a buffer.
public final class FileSink: ByteSink {
    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        buffer.reserveCapacity(capacity)
    }

    public func write(_ chunk: UnsafeRawBufferPointer) throws {
        if buffer.count + chunk.count > capacity { try flush() }
        if chunk.count >= capacity {
            try writeAll(chunk)
        } else {
            buffer.append(contentsOf: chunk)
        }
    }

    public func finish() throws { try flush() }

    /// Ranges shorter than this are copied through the buffer: a system call each would cost
    /// more than the copy.
    static let kernelCopyMinimum: Int64 = 64 << 10

    /// Copies file to file inside the kernel (copy_file_range) when `source` is a file, the
    /// range is large and no bytes need swapping; through a buffer otherwise, or for what the
    /// kernel will not copy.
    public func copy(from source: any ByteSource, offset: Int64, length: Int64, swapUnit: Int) throws {
        guard swapUnit <= 1, length >= Self.kernelCopyMinimum, let file = source as? FileByteSource else {
            return try copyInChunks(from: source, offset: offset, length: length, swapUnit: swapUnit)
        }
        try flush()
        var position = offset
        var left = length
        while left > 0 {
            let copied = file.withDescriptor { cfileio_copy_range($0, &position, descriptor, Int(min(left, 1 << 30))) }
            if copied < 0 && errno == EINTR { continue }
            // Not supported here (another file system, an old kernel) or the source ended:
            // the buffered copy does the rest and reports a short source.
            guard copied > 0 else { break }
            left -= copied
        }
        if left > 0 { try copyInChunks(from: source, offset: position, length: left) }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ chunk: UnsafeRawBufferPointer) throws {
        guard var base = chunk.baseAddress else { return }
        var left = chunk.count
        while left > 0 {
            let n = Glibc.write(descriptor, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                let err = errno
                throw DICOMError(.ioError, "write failed: \(String(cString: strerror(err)))", file: name, errno: err)
            }
            left -= n
            base += n
        }
    }
}

/// Deflates everything written to it into another sink (raw deflate, PS3.5 A.5).
final class DeflatingSink: ByteSink {
    private let target: any ByteSink
    private let deflater: Deflater

    init(target: any ByteSink, level: Int32) throws {
        self.target = target
        self.deflater = try Deflater(level: level)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try deflater.compress(bytes, finish: false) { try target.write($0) }
    }

    func finish() throws {
        try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) { try target.write($0) }
    }
}
