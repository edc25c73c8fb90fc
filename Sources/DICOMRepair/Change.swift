import DICOM
import Foundation

/// One attribute changed in one file: what it was and what it became. Audit log records and
/// dry-run diffs list these; `previous` holds the old element exactly, so undo can restore it.
public struct Change: Codable, Sendable, Equatable {
    /// Where the attribute is, as a tag path: `(0010,0010)` or `(0010,1002)[0]/(0010,0020)`.
    public var path: String
    public var keyword: String?
    public var vr: String
    /// The old value as text; nil when the attribute was absent.
    public var old: String?
    /// The new value as text; nil when the attribute was deleted.
    public var new: String?
    /// The old element in Explicit VR Little Endian, base64 (`ElementCoding`); nil when absent
    /// or larger than `previousLimit`.
    public var previous: String?
    /// The `dicomfix validate` codes this change answers (repair); nil for other changes.
    public var fixes: [String]?

    init(path: TagPath, tag: Tag, vr: VR, old: Element?, new: Element?, characterSet: SpecificCharacterSet) throws {
        self.path = path.description
        self.keyword = DataDictionary.keyword(for: tag).map { $0.description }
        self.vr = vr.rawValue
        self.old = old.map { ValueDisplay.text($0, characterSet: characterSet) }
        self.new = new.map { ValueDisplay.text($0, characterSet: characterSet) }
        if let old, Self.isSmall(old) {
            self.previous = Data(try ElementCoding.encode(old)).base64EncodedString()
        }
    }

    /// A change outside the data set (the container or File Meta Information) made by repair;
    /// undo restores such files from their backup or the untouched input.
    init(place: String, keyword: String?, vr: String, old: String?, new: String?, fixes: [String]) {
        self.path = place
        self.keyword = keyword
        self.vr = vr
        self.old = old
        self.new = new
        self.fixes = fixes
    }

    /// The change, saying which validate codes it answers.
    func answering(_ codes: [String]) -> Change {
        var change = self
        change.fixes = codes.isEmpty ? nil : codes
        return change
    }

    /// Old values are kept in the log up to this size; larger ones (pixel data) are restored
    /// from the backup or the untouched input.
    static let previousLimit = 1 << 20

    private static func isSmall(_ element: Element) -> Bool {
        switch element.value {
        case .bytes(let bytes): return bytes.count <= previousLimit
        case .sequence: return (element.encoded?.length ?? 0) <= Int64(previousLimit)
        case .bulk, .encapsulated: return false
        }
    }

    /// The old element, decoded from `previous`.
    public var previousElement: Element? {
        guard let previous, let data = Data(base64Encoded: previous) else { return nil }
        return ElementCoding.decode(Array(data))
    }

    /// The line a diff shows: `(0010,0010) PatientName: "POE^EDGAR" -> "ROE^RICHARD"`.
    public var diffLine: String {
        (fixes.map { "[\($0.joined(separator: ", "))] " } ?? "") + "\(path) \(keyword ?? "?"): \(old.map { "\"\($0)\"" } ?? "(absent)") -> \(new.map { "\"\($0)\"" } ?? "(deleted)")"
    }
}

/// Short text of an element's value for diffs and logs.
enum ValueDisplay {
    static func text(_ element: Element, characterSet: SpecificCharacterSet) -> String {
        switch element.value {
        case .sequence(let items): return "<sequence of \(items.count) item\(items.count == 1 ? "" : "s")>"
        case .encapsulated: return "<encapsulated pixel data>"
        case .bulk(let bulk): return "<\(bulk.length) bytes>"
        case .bytes(let bytes):
            if element.vr.isString { return element.string(characterSet: characterSet) ?? "" }
            if let numbers = numbers(bytes, vr: element.vr) { return numbers }
            return "<\(bytes.count) bytes>"
        }
    }

    private static func numbers(_ bytes: [UInt8], vr: VR) -> String? {
        func values<T>(_ size: Int, _ make: (UInt64) -> T) -> [T] {
            stride(from: 0, to: bytes.count - size + 1, by: size).map { start in
                make((0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) })
            }
        }
        let list: [String]
        switch vr {
        case .US: list = values(2) { "\($0)" }
        case .SS: list = values(2) { "\(Int16(bitPattern: UInt16(truncatingIfNeeded: $0)))" }
        case .UL: list = values(4) { "\($0)" }
        case .SL: list = values(4) { "\(Int32(bitPattern: UInt32(truncatingIfNeeded: $0)))" }
        case .UV: list = values(8) { "\($0)" }
        case .SV: list = values(8) { "\(Int64(bitPattern: $0))" }
        case .FL: list = values(4) { "\(Float(bitPattern: UInt32(truncatingIfNeeded: $0)))" }
        case .FD: list = values(8) { "\(Double(bitPattern: $0))" }
        case .AT:
            list = values(4) { v in
                Tag(UInt16(truncatingIfNeeded: v), UInt16(truncatingIfNeeded: v >> 16)).description
            }
        default: return nil
        }
        return list.joined(separator: "\\")
    }
}
