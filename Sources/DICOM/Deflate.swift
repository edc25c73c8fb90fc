import CZlib

/// Raw deflate streams (RFC 1951) through zlib, as used by the Deflated Explicit VR Little
/// Endian transfer syntax (PS3.5 A.5).
enum Inflater {
    struct Result {
        var bytes: [UInt8]
        /// Why inflating stopped before the end of the stream, if it did.
        var problem: String?
        /// Whether it stopped because the output passed the limit (`bytes` is then empty).
        var exceededLimit = false
    }

    /// Inflates `length` bytes of raw deflate data at `offset`, reading the source in chunks.
    /// Output beyond `limit` bytes is refused. A damaged stream returns what was inflated so far
    /// with the problem.
    static func inflate(source: any ByteSource, offset: Int64, length: Int64, limit: Int64) -> Result {
        var output: [UInt8] = []
        output.reserveCapacity(Int(min(length * 4, limit, 64 << 20)))
        let problem = inflate(source: source, offset: offset, length: length, limit: limit) { chunk in
            output.append(contentsOf: chunk)
        }
        guard problem == "limit" else { return Result(bytes: output, problem: problem) }
        return Result(bytes: [], problem: "inflated data set is larger than the limit of \(limit) bytes", exceededLimit: true)
    }

    /// Inflates like `inflate(source:offset:length:limit:)`, handing each inflated chunk to `emit`
    /// instead of collecting it. Returns why inflating stopped early (`"limit"` when the output
    /// passed `limit`), or nil.
    static func inflate(
        source: any ByteSource, offset: Int64, length: Int64, limit: Int64, emit: (UnsafeRawBufferPointer) throws -> Void
    ) -> String? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return "zlib could not start"
        }
        defer { inflateEnd(&stream) }
        var produced: Int64 = 0
        var emitError: String?
        let chunk = 256 * 1024
        var input = [UInt8](repeating: 0, count: chunk)
        var out = [UInt8](repeating: 0, count: chunk)
        var position = offset
        let end = offset + length
        var finished = false
        while !finished {
            let want = Int(min(Int64(chunk), end - position))
            if want <= 0 { return produced == 0 && length > 0 ? "empty stream" : "stream ends before its final block" }
            let got: Int
            do {
                got = try input.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want]), at: position) }
            } catch {
                return "\(error)"
            }
            if got == 0 { return "stream ends before its final block" }
            position += Int64(got)
            let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(got)
                var status: Int32 = Z_OK
                repeat {
                    status = out.withUnsafeMutableBufferPointer { outBuf in
                        stream.next_out = outBuf.baseAddress
                        stream.avail_out = UInt32(chunk)
                        let s = CZlib.inflate(&stream, Z_NO_FLUSH)
                        let count = chunk - Int(stream.avail_out)
                        produced += Int64(count)
                        do {
                            try emit(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: outBuf[0..<count])))
                        } catch {
                            emitError = "\(error)"
                            return Z_STREAM_ERROR
                        }
                        return s
                    }
                    if produced > limit { return Z_MEM_ERROR }
                } while stream.avail_out == 0 && status == Z_OK
                return status
            }
            switch status {
            case Z_STREAM_END: finished = true
            case Z_OK, Z_BUF_ERROR: continue
            case Z_MEM_ERROR: return "limit"
            default: return emitError ?? "corrupt deflate stream (zlib status \(status))"
            }
        }
        return nil
    }
}

/// Compresses bytes into a raw deflate stream, handing compressed chunks to `emit`.
final class Deflater {
    private var stream = z_stream()
    private var out = [UInt8](repeating: 0, count: 256 * 1024)
    private var started = false

    init(level: Int32 = Z_DEFAULT_COMPRESSION) throws {
        let status = deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DICOMError(.ioError, "zlib deflate could not start (status \(status))") }
        started = true
    }

    deinit { if started { deflateEnd(&stream) } }

    /// Compresses `bytes`; `finish` flushes the end of the stream.
    func compress(_ bytes: UnsafeRawBufferPointer, finish: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(bytes.count)
        var status: Int32 = Z_OK
        repeat {
            let capacity = out.count
            var produced = 0
            status = out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(capacity)
                let s = deflate(&stream, flush)
                produced = capacity - Int(stream.avail_out)
                return s
            }
            guard status != Z_STREAM_ERROR else { throw DICOMError(.ioError, "zlib deflate failed") }
            if produced > 0 { try out.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
        } while stream.avail_out == 0 || (finish && status != Z_STREAM_END)
    }
}
