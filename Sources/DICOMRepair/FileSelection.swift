import DICOM

/// Which files a change applies to: all given files, or those matching every condition given
/// (any of several values for one condition).
public struct FileSelection: Sendable {
    public var studyInstanceUIDs: [String] = []
    public var seriesInstanceUIDs: [String] = []
    public var accessionNumbers: [String] = []
    /// `Keyword=value` conditions (tags and sequence paths as in dump): the attribute has exactly
    /// that value (after trimming padding); `Keyword=` matches an empty or absent attribute.
    public var conditions: [(selector: TagSelector, value: String)] = []

    public init() {}

    /// Adds a `Keyword=value` condition.
    /// - Throws: `EditError.syntax` when the text does not parse.
    public mutating func addCondition(_ text: String) throws {
        guard let equals = text.firstIndex(of: "="), let selector = TagSelector(String(text[..<equals])) else {
            throw EditError(.syntax, "expected Keyword=value in a condition: \(text)")
        }
        conditions.append((selector, String(text[text.index(after: equals)...])))
    }

    /// Whether nothing narrows the selection.
    public var selectsEverything: Bool {
        studyInstanceUIDs.isEmpty && seriesInstanceUIDs.isEmpty && accessionNumbers.isEmpty && conditions.isEmpty
    }

    public func matches(_ dataSet: DataSet) -> Bool {
        func check(_ values: [String], _ tag: Tag) -> Bool {
            values.isEmpty || dataSet.string(tag).map(values.contains) ?? false
        }
        guard check(studyInstanceUIDs, .studyInstanceUID), check(seriesInstanceUIDs, .seriesInstanceUID),
            check(accessionNumbers, .accessionNumber)
        else { return false }
        for condition in conditions {
            let found = condition.selector.matches(in: dataSet).compactMap { $0.element.string(characterSet: $0.characterSet) }
            if condition.value.isEmpty {
                if !found.allSatisfy(\.isEmpty) { return false }
            } else if !found.contains(condition.value) {
                return false
            }
        }
        return true
    }
}
