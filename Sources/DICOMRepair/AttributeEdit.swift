import DICOM

/// One change to make to every selected data set: set an attribute (creating it, and the
/// sequence items on its path, when missing) or delete it.
///
/// Paths are those of `dump --tag`: a keyword, a tag, or a sequence path such as
/// `OtherPatientIDsSequence[0].PatientID`; `[*]` reaches every item and `[+]` appends a new one.
/// A VR may follow the path (`(0009,1001):LO=value`), and must for private or unknown tags.
public struct AttributeEdit: Sendable, CustomStringConvertible {
    public enum Action: Sendable, Equatable {
        /// Set the value from text (values of multi-valued attributes separated by `\`).
        case set(String)
        case delete
    }

    public var selector: TagSelector
    /// The VR to use instead of the element's own or the dictionary's.
    public var vr: VR?
    public var action: Action

    public init(selector: TagSelector, vr: VR? = nil, action: Action) {
        self.selector = selector
        self.vr = vr
        self.action = action
    }

    /// A set edit for a keyword of the standard dictionary.
    public init(keyword: String, value: String) throws {
        guard let selector = TagSelector(keyword) else { throw EditError(.syntax, "unknown attribute \(keyword)") }
        self.init(selector: selector, action: .set(value))
    }

    /// Parses `Path[:VR]=value`.
    public init(parsingSet text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw EditError(.syntax, "expected Keyword=value (or a tag or sequence path before =): \(text)")
        }
        let (selector, vr) = try Self.parsePath(String(text[..<equals]))
        self.init(selector: selector, vr: vr, action: .set(String(text[text.index(after: equals)...])))
    }

    /// Parses `Path` for a delete.
    public init(parsingDelete text: String) throws {
        let (selector, vr) = try Self.parsePath(text)
        self.init(selector: selector, vr: vr, action: .delete)
    }

    private static func parsePath(_ text: String) throws -> (TagSelector, VR?) {
        var path = text.trimmingCharacters(in: " ")
        var vr: VR?
        if let colon = path.lastIndex(of: ":"), !path[colon...].contains(")"), !path[colon...].contains("]") {
            let code = String(path[path.index(after: colon)...])
            guard let parsed = VR(rawValue: code.uppercased()) else { throw EditError(.syntax, "unknown VR \(code) in \(text)") }
            vr = parsed
            path = String(path[..<colon])
        }
        guard let selector = TagSelector(path) else {
            throw EditError(.syntax, "not an attribute path: \(path) (use a keyword, a tag such as 0010,0010, or Sequence[0].Keyword)")
        }
        return (selector, vr)
    }

    public var description: String {
        switch action {
        case .set(let value): "\(selector)\(vr.map { ":\($0)" } ?? "")=\(value)"
        case .delete: "delete \(selector)"
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
