import Crypto
import DICOM
import Foundation

/// SHA-256 of files and of bytes as they are written (the audit log's before/after hashes).
public enum FileDigest {
    /// The SHA-256 of the file at `path`, read in 1 MiB chunks, as lowercase hex.
    /// - Throws: `DICOMError` when the file cannot be read.
    public static func sha256(path: String) throws -> String {
        let source = try FileByteSource(path: path)
        var hasher = SHA256()
        // Uninitialised scratch space: zeroing a buffer per file costs as much as reading it.
        try withUnsafeTemporaryAllocation(byteCount: Int(min(Int64(1 << 20), max(source.count, 1))), alignment: 16) { buffer in
            var offset: Int64 = 0
            while offset < source.count {
                let n = try source.read(into: buffer, at: offset)
                guard n > 0 else { break }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                offset += Int64(n)
            }
        }
        return hex(hasher.finalize())
    }

    /// The SHA-256 of `bytes` as lowercase hex.
    public static func sha256(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// A sink that hashes what passes through it on the way to another sink.
final class HashingSink: ByteSink {
    private let target: any ByteSink
    private var hasher = SHA256()
    private(set) var digest: String?

    init(_ target: any ByteSink) { self.target = target }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bufferPointer: bytes)
        try target.write(bytes)
    }

    func finish() throws {
        try target.finish()
        digest = FileDigest.hex(hasher.finalize())
    }
}
