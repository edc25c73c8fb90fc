#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A conversion descriptor of the C library's `iconv`, owned by one caller at a time.
///
/// iconv descriptors carry shift state and are not thread safe, so a converter is never shared:
/// it is created for one conversion (or one table build) and closed when released. Opening a
/// descriptor costs a few microseconds in glibc (the gconv module is loaded once per process and
/// cached), which is why the ISO 2022 code elements use tables built once (see `CodeTables`) and
/// only the stand-alone multi-byte encodings (GB18030, GBK) convert through iconv per value.
final class IconvConverter {
    private let descriptor: iconv_t
    /// Output buffer reused by every `convert` call, so that resuming after each of many
    /// invalid bytes costs no allocation.
    private var chunk = [UInt8](repeating: 0, count: 4096)

    /// Opens a converter from the encoding `source` to the encoding `target` (iconv names such
    /// as "EUC-JP", "UTF-8"); nil when the C library does not provide that conversion (for
    /// example when glibc's gconv modules are not installed).
    init?(from source: String, to target: String) {
        let opened = iconv_open(target, source)
        guard let opened, Int(bitPattern: opened) != -1 else { return nil }
        descriptor = opened
    }

    deinit {
        iconv_close(descriptor)
    }

    /// How a conversion stopped.
    enum Stop: Equatable {
        /// All input was converted.
        case complete
        /// The input byte at this offset does not start a valid character.
        case invalid(offset: Int)
        /// The input ends inside a character that starts at this offset.
        case incomplete(offset: Int)
    }

    /// Converts `input[start...]` and appends the output to `output`, stopping at the first
    /// invalid or incomplete input sequence. The shift state is reset first.
    func convert(_ input: [UInt8], from start: Int, into output: inout [UInt8]) -> Stop {
        iconv(descriptor, nil, nil, nil, nil)
        guard start < input.count else { return .complete }
        return input.withUnsafeBufferPointer { inputBuffer -> Stop in
            guard let base = inputBuffer.baseAddress else { return .complete }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                mutating: base + start
            ).assumingMemoryBound(to: CChar.self)
            var inLeft = input.count - start
            while inLeft > 0 {
                let before = inLeft
                var failure: Int32 = 0
                chunk.withUnsafeMutableBytes { chunkBytes in
                    guard let chunkBase = chunkBytes.baseAddress else { return }
                    var outPointer: UnsafeMutablePointer<CChar>? = chunkBase.assumingMemoryBound(
                        to: CChar.self)
                    var outLeft = chunkBytes.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    output.append(contentsOf: chunkBytes.prefix(chunkBytes.count - outLeft))
                    if result == -1 { failure = errno }
                }
                let offset = input.count - inLeft
                switch failure {
                case 0 where inLeft == before: return .invalid(offset: offset)
                case 0, E2BIG: continue
                case EINVAL: return .incomplete(offset: offset)
                default: return .invalid(offset: offset)
                }
            }
            return .complete
        }
    }
}

/// One-shot conversions through `iconv` between UTF-8 and another encoding.
enum Iconv {
    /// Decodes `bytes` in the iconv encoding `name`. A byte that does not start a valid
    /// character becomes U+FFFD and decoding resumes at the next byte; a character cut off at
    /// the end becomes one U+FFFD. Nil if iconv cannot convert from `name` at all.
    static func decode(_ bytes: [UInt8], from name: String) -> String? {
        guard let converter = IconvConverter(from: name, to: "UTF-8") else { return nil }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count * 2)
        var position = 0
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        while position < bytes.count {
            switch converter.convert(bytes, from: position, into: &utf8) {
            case .complete:
                position = bytes.count
            case .invalid(let offset):
                utf8.append(contentsOf: replacement)
                position = offset + 1
            case .incomplete:
                utf8.append(contentsOf: replacement)
                position = bytes.count
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Encodes `string` into the iconv encoding `name`; nil if a character has no
    /// representation there or iconv cannot convert to `name`.
    static func encode(_ string: String, to name: String) -> [UInt8]? {
        guard let converter = IconvConverter(from: "UTF-8", to: name) else { return nil }
        var output: [UInt8] = []
        guard converter.convert(Array(string.utf8), from: 0, into: &output) == .complete else {
            return nil
        }
        return output
    }
}
