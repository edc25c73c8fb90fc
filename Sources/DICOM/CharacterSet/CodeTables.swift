/// The upper half (0x80...0xFF) of a single-byte ISO 8859-style character set, read once from
/// iconv (PS3.3 Table C.12-2 lists the sets; their byte values come from the ISO/IEC standards).
struct SingleByteTable: Sendable {
    /// Unicode scalar value for bytes 0x80...0xFF, index `byte - 0x80`; 0 where unassigned.
    private let upperHalf: [UInt32]
    /// Byte 0xA0...0xFF for each representable scalar (C1 controls 0x80...0x9F are not graphic
    /// characters and are never produced by encoding).
    private let bytesByScalar: [UInt32: UInt8]

    /// Builds the table by converting each byte 0x80...0xFF from the iconv encoding `name`.
    /// If iconv lacks `name` the table is empty: every upper-half byte decodes to U+FFFD and
    /// nothing above ASCII encodes.
    init(iconvName name: String) {
        var upperHalf = [UInt32](repeating: 0, count: 128)
        var bytesByScalar: [UInt32: UInt8] = [:]
        if let converter = IconvConverter(from: name, to: "UTF-32LE") {
            for byte in UInt8(0x80)...UInt8(0xFF) {
                guard let scalar = Self.convertOne([byte], with: converter) else { continue }
                upperHalf[Int(byte) - 0x80] = scalar
                if byte >= 0xA0, bytesByScalar[scalar] == nil { bytesByScalar[scalar] = byte }
            }
        }
        self.upperHalf = upperHalf
        self.bytesByScalar = bytesByScalar
    }

    /// The scalar for an upper-half byte; nil if `byte` is below 0x80 or unassigned.
    func scalar(for byte: UInt8) -> Unicode.Scalar? {
        guard byte >= 0x80 else { return nil }
        let value = upperHalf[Int(byte) - 0x80]
        return value == 0 ? nil : Unicode.Scalar(value)
    }

    /// The byte 0xA0...0xFF for `scalar`; nil if it is not in the set's upper half.
    func byte(for scalar: Unicode.Scalar) -> UInt8? {
        bytesByScalar[scalar.value]
    }

    /// Whether the table holds any character (false when iconv lacked the encoding).
    var isEmpty: Bool { bytesByScalar.isEmpty }

    /// Converts one complete character; nil unless iconv yields exactly one scalar.
    static func convertOne(_ bytes: [UInt8], with converter: IconvConverter) -> UInt32? {
        var output: [UInt8] = []
        guard converter.convert(bytes, from: 0, into: &output) == .complete, output.count == 4
        else { return nil }
        return UInt32(output[0]) | UInt32(output[1]) << 8 | UInt32(output[2]) << 16
            | UInt32(output[3]) << 24
    }
}

/// A 94×94 double-byte character set (JIS X 0208, JIS X 0212, KS X 1001, GB 2312), indexed by
/// row and cell 0x21...0x7E as they appear in G0 (PS3.5 section 6.1.2.5.3; in G1 the same codes
/// appear with the high bit set). Read once from the EUC form of the set through iconv.
struct DoubleByteTable: Sendable {
    /// Unicode scalar value per code, index `(row - 0x21) * 94 + (cell - 0x21)`; 0 = unassigned.
    private let scalars: [UInt32]
    /// Code `row << 8 | cell` (both 0x21...0x7E) for each representable scalar.
    private let codesByScalar: [UInt32: UInt16]

    /// Builds the table by converting every code through iconv from the EUC encoding `name`,
    /// where code (row, cell) is the bytes `prefix + [row | 0x80, cell | 0x80]`. Empty if iconv
    /// lacks `name`.
    init(eucName name: String, prefix: [UInt8] = []) {
        var scalars = [UInt32](repeating: 0, count: 94 * 94)
        var codesByScalar: [UInt32: UInt16] = [:]
        if let converter = IconvConverter(from: name, to: "UTF-32LE") {
            for row in UInt8(0x21)...UInt8(0x7E) {
                for cell in UInt8(0x21)...UInt8(0x7E) {
                    let euc = prefix + [row | 0x80, cell | 0x80]
                    guard let scalar = SingleByteTable.convertOne(euc, with: converter),
                        scalar >= 0x80
                    else { continue }
                    scalars[Self.index(row, cell)] = scalar
                    if codesByScalar[scalar] == nil {
                        codesByScalar[scalar] = UInt16(row) << 8 | UInt16(cell)
                    }
                }
            }
        }
        self.scalars = scalars
        self.codesByScalar = codesByScalar
    }

    private static func index(_ row: UInt8, _ cell: UInt8) -> Int {
        (Int(row) - 0x21) * 94 + (Int(cell) - 0x21)
    }

    /// The scalar for a code given with or without the high bit; nil if outside the 94×94 grid
    /// or unassigned.
    func scalar(_ first: UInt8, _ second: UInt8) -> Unicode.Scalar? {
        let row = first & 0x7F
        let cell = second & 0x7F
        guard (0x21...0x7E).contains(row), (0x21...0x7E).contains(cell) else { return nil }
        let value = scalars[Self.index(row, cell)]
        return value == 0 ? nil : Unicode.Scalar(value)
    }

    /// The (row, cell) code, each 0x21...0x7E, for `scalar`; nil if not in the set.
    func code(for scalar: Unicode.Scalar) -> (row: UInt8, cell: UInt8)? {
        guard let code = codesByScalar[scalar.value] else { return nil }
        return (UInt8(truncatingIfNeeded: code >> 8), UInt8(truncatingIfNeeded: code))
    }

    /// Whether the table holds any character (false when iconv lacked the encoding).
    var isEmpty: Bool { codesByScalar.isEmpty }
}

/// The tables, each built on first use. Swift initialises `static let` exactly once even when
/// many threads ask at the same time, after which the tables are immutable and shared freely.
enum CodeTables {
    static let latin1 = SingleByteTable(iconvName: "ISO-8859-1")
    static let latin2 = SingleByteTable(iconvName: "ISO-8859-2")
    static let latin3 = SingleByteTable(iconvName: "ISO-8859-3")
    static let latin4 = SingleByteTable(iconvName: "ISO-8859-4")
    static let cyrillic = SingleByteTable(iconvName: "ISO-8859-5")
    static let arabic = SingleByteTable(iconvName: "ISO-8859-6")
    static let greek = SingleByteTable(iconvName: "ISO-8859-7")
    static let hebrew = SingleByteTable(iconvName: "ISO-8859-8")
    static let latin5 = SingleByteTable(iconvName: "ISO-8859-9")
    static let latin9 = SingleByteTable(iconvName: "ISO-8859-15")
    static let thai = SingleByteTable(iconvName: "TIS-620")
    static let jisX0208 = DoubleByteTable(eucName: "EUC-JP")
    static let jisX0212 = DoubleByteTable(eucName: "EUC-JP", prefix: [0x8F])
    static let ksX1001 = DoubleByteTable(eucName: "EUC-KR")
    static let gb2312 = DoubleByteTable(eucName: "EUC-CN")
}
