/// A DICOM attribute tag: a (group, element) pair (PS3.5 section 7.1).
///
/// Printed as `(gggg,eeee)` in upper-case hexadecimal, ordered by group then element.
public struct Tag: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32-bit value `gggg eeee`.
    public let rawValue: UInt32

    /// Creates a tag from its 32-bit value `0xGGGGEEEE`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Creates a tag from its group and element numbers.
    public init(_ group: UInt16, _ element: UInt16) {
        self.rawValue = UInt32(group) << 16 | UInt32(element)
    }

    public var group: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    public var element: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// Odd groups other than 0001, 0003, 0005, 0007 and FFFF hold private data elements (PS3.5 7.8).
    public var isPrivate: Bool {
        group & 1 == 1 && group > 0x0007 && group != 0xFFFF
    }

    /// A private creator element: (gggg,0010) to (gggg,00FF) in a private group (PS3.5 7.8.1).
    public var isPrivateCreator: Bool {
        isPrivate && element >= 0x0010 && element <= 0x00FF
    }

    /// For a private data element (gggg,xxee) with xx >= 0x10, the tag of its private creator
    /// (gggg,00xx); nil for anything else.
    public var privateCreatorTag: Tag? {
        guard isPrivate, element >= 0x1000 else { return nil }
        return Tag(group, element >> 8)
    }

    /// A group length element (gggg,0000).
    public var isGroupLength: Bool { element == 0 }

    /// File Meta Information (group 0002).
    public var isFileMeta: Bool { group == 0x0002 }

    public static func < (lhs: Tag, rhs: Tag) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "(\(hex4(group)),\(hex4(element)))" }

    /// Parses `(gggg,eeee)`, `gggg,eeee` or `ggggeeee` (hexadecimal, either case).
    public init?(parsing text: some StringProtocol) {
        var digits = Substring(text).filter { !"(), ".contains($0) }
        guard digits.count == 8 else { return nil }
        digits = digits.uppercased()
        guard let value = UInt32(digits, radix: 16) else { return nil }
        self.init(rawValue: value)
    }

    // Item and delimitation tags (PS3.5 section 7.5).
    public static let item = Tag(0xFFFE, 0xE000)
    public static let itemDelimitationItem = Tag(0xFFFE, 0xE00D)
    public static let sequenceDelimitationItem = Tag(0xFFFE, 0xE0DD)
}

/// Four upper-case hexadecimal digits.
@inline(__always)
func hex4(_ value: UInt16) -> String {
    let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
    var out = [UInt8](repeating: 0, count: 4)
    var v = value
    for i in stride(from: 3, through: 0, by: -1) {
        out[i] = digits[Int(v & 0xF)]
        v >>= 4
    }
    return String(decoding: out, as: UTF8.self)
}
