import CZlibFuzz

/// Builds Part-10 files around a data set taken from fuzz input, so that the fuzzer reaches every
/// transfer syntax from one corpus: an input that starts with `Part10Wrapper.marker` is
/// `marker, syntax index, data set bytes`, and the data set is given a File Meta Information that
/// declares the syntax at that index (deflating it first for the deflated syntax).
public enum Part10Wrapper {
    /// The first byte of a wrapped input. Part-10 files start with a preamble (usually zeros)
    /// and bare data sets with a group number's low byte, so real files rarely start with it.
    public static let marker: UInt8 = 0xFD

    /// A transfer syntax the wrapper can declare, and how the data set bytes are prepared.
    public struct Syntax: Sendable {
        public var uid: String
        /// Whether the harness deflates the data set bytes (the Deflated syntax with data the
        /// fuzzer sees inflated).
        public var deflateInput: Bool
    }

    /// Index = second input byte modulo the count.
    public static let syntaxes: [Syntax] = [
        Syntax(uid: "1.2.840.10008.1.2", deflateInput: false),  // implicit VR little endian
        Syntax(uid: "1.2.840.10008.1.2.1", deflateInput: false),  // explicit VR little endian
        Syntax(uid: "1.2.840.10008.1.2.2", deflateInput: false),  // explicit VR big endian
        Syntax(uid: "1.2.840.10008.1.2.1.99", deflateInput: true),  // deflated, data set inflated in the input
        Syntax(uid: "1.2.840.10008.1.2.1.99", deflateInput: false),  // deflated, raw deflate stream in the input
        Syntax(uid: "1.2.840.10008.1.2.4.50", deflateInput: false),  // JPEG baseline (encapsulated)
        Syntax(uid: "1.2.840.10008.1.2.5", deflateInput: false),  // RLE lossless (encapsulated)
        Syntax(uid: "1.2.3.4.5.6", deflateInput: false),  // unknown: read as explicit VR little endian
    ]

    /// The file to read for a fuzz input: the input itself, or the Part-10 file it describes.
    public static func file(for input: [UInt8]) -> [UInt8] {
        guard input.count >= 2, input[0] == marker else { return input }
        let syntax = syntaxes[Int(input[1]) % syntaxes.count]
        let dataSet = Array(input.dropFirst(2))
        return part10(transferSyntaxUID: syntax.uid, dataSet: syntax.deflateInput ? deflate(dataSet) : dataSet)
    }

    /// The wrapped input for `dataSet` in the syntax at `index`.
    public static func input(syntaxIndex index: Int, dataSet: [UInt8]) -> [UInt8] {
        [marker, UInt8(truncatingIfNeeded: index)] + dataSet
    }

    /// Preamble, `DICM` and a File Meta Information (with group length) declaring the syntax.
    public static func part10(transferSyntaxUID: String, dataSet: [UInt8]) -> [UInt8] {
        var group = element(0x0001, "OB", [0, 1])
        group += element(0x0002, "UI", padded("1.2.840.10008.5.1.4.1.1.7"))
        group += element(0x0003, "UI", padded("1.2.3.4"))
        group += element(0x0010, "UI", padded(transferSyntaxUID))
        let length = UInt32(truncatingIfNeeded: group.count)
        let groupLength = element(0x0000, "UL", [0, 1, 2, 3].map { UInt8(truncatingIfNeeded: length >> (8 * $0)) })
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + groupLength + group + dataSet
    }

    private static func padded(_ uid: String) -> [UInt8] {
        var bytes = Array(uid.utf8)
        if bytes.count % 2 == 1 { bytes.append(0) }
        return bytes
    }

    /// A group 0002 element in explicit VR little endian.
    private static func element(_ number: UInt16, _ vr: String, _ value: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x02, 0x00, UInt8(number & 0xFF), UInt8(number >> 8)] + Array(vr.utf8)
        let count = value.count
        if vr == "OB" {
            bytes += [0, 0] + [0, 1, 2, 3].map { UInt8(truncatingIfNeeded: count >> (8 * $0)) }
        } else {
            bytes += [UInt8(truncatingIfNeeded: count), UInt8(truncatingIfNeeded: count >> 8)]
        }
        return bytes + value
    }

    /// `bytes` as a raw deflate stream (RFC 1951), as the Deflated syntax stores the data set.
    public static func deflate(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return [] }
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        let capacity = output.count
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(capacity)
                guard CZlibFuzz.deflate(&stream, Z_FINISH) == Z_STREAM_END else { return 0 }
                return capacity - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(produced))
    }
}
