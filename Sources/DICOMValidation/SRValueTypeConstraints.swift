import DICOM

// Hand-entered from DICOM PS3.3 2024b, A.35.1.3.1.1 (Basic Text SR IOD content constraints) and
// A.35.2.3.1.1 (Enhanced SR IOD): the Value Types (0040,A040) those IODs allow in their content
// items. ../shared/standard carries no IOD content constraints.

/// The Value Types an SR IOD allows in every content item of its tree (PS3.3 A.35): a Value Type
/// outside them is an error, like a value outside Enumerated Values.
enum SRValueTypeConstraints {
    static let basicTextSR = "1.2.840.10008.5.1.4.1.1.88.11"
    static let enhancedSR = "1.2.840.10008.5.1.4.1.1.88.22"

    /// The Value Types of Basic Text SR (PS3.3 A.35.1.3.1.1).
    static let basicText: Set<String> = [
        "TEXT", "CODE", "DATETIME", "DATE", "TIME", "UIDREF", "PNAME", "COMPOSITE", "IMAGE", "WAVEFORM", "CONTAINER",
    ]
    /// The Value Types of Enhanced SR (PS3.3 A.35.2.3.1.1): Basic Text's and NUM, SCOORD, TCOORD.
    static let enhanced: Set<String> = basicText.union(["NUM", "SCOORD", "TCOORD"])

    /// SOP Class UID -> (allowed Value Types, the IOD's name, the section).
    static let constraints: [String: (allowed: Set<String>, iod: String, reference: String)] = [
        basicTextSR: (basicText, "Basic Text SR", "PS3.3 A.35.1.3.1.1"),
        enhancedSR: (enhanced, "Enhanced SR", "PS3.3 A.35.2.3.1.1"),
    ]

    /// Adds an `iod.enumerated-value.invalid` finding for each content item (the root included)
    /// whose Value Type the document's IOD does not allow.
    static func check(_ dataSet: DataSet, into sink: inout FindingSink) {
        guard let sopClass = dataSet.string(.sopClassUID, characterSet: .defaultRepertoire),
            let constraint = constraints[sopClass]
        else { return }
        var pending: [(item: DataSet, path: TagPath)] = [(dataSet, .root)]
        while let (item, path) = pending.popLast() {
            if let element = item[.valueType], let valueType = item.string(.valueType, characterSet: .defaultRepertoire),
                !valueType.isEmpty, !constraint.allowed.contains(valueType)
            {
                sink.add(Finding(
                    .error, "iod.enumerated-value.invalid",
                    "ValueType (0040,A040) is \"\(valueType)\", which the \(constraint.iod) IOD does not allow in a content item (\(constraint.reference))",
                    path: path.appending(.valueType), offset: element.offset, found: valueType,
                    expected: constraint.allowed.sorted().joined(separator: ", "), reference: constraint.reference))
            }
            guard let content = item[.contentSequence], content.isSequence else { continue }
            let contentPath = path.appending(.contentSequence)
            for (index, child) in content.items.enumerated().reversed() {
                pending.append((child.dataSet, contentPath.item(index)))
            }
        }
    }
}
