import DICOM

/// What happens to the text inside the items of a sequence whose action is D or C. PS3.15 E.1.1:
/// "in the case of Sequences, the action is applicable to the Sequence and all of its contents",
/// so the free text that Table E.1-1 does not list by itself (Text Value (0040,A160) of an SR
/// content item, Unformatted Text Value (0070,0006) of a presentation state's text object) cannot
/// be kept the way it would be in a kept sequence.
enum ContentMode: Equatable, Sendable {
    /// D (Content Sequence, Graphic Annotation Sequence under the Basic Profile): every free-text
    /// value inside is replaced by a dummy value; coded entries keep their codes (their meanings
    /// are cleaned).
    case dummy
    /// C (clean-structured-content, clean-graphics): every text value inside is cleaned of the
    /// identifying values of the file, as descriptors are; person names get a dummy value.
    case clean

    /// The mode inside a nested sequence whose own action gives `inner`: dummy wins.
    static func nested(_ outer: ContentMode?, _ inner: ContentMode?) -> ContentMode? {
        if outer == .dummy || inner == .dummy { return .dummy }
        return outer ?? inner
    }

    /// Text VRs whose values may say anything (numbers, codes, dates and UIDs are handled by
    /// their own rows or are not free text).
    static func isFreeText(_ vr: VR) -> Bool {
        switch vr {
        case .LO, .LT, .SH, .ST, .UT, .UC, .PN, .UR: true
        default: false
        }
    }

    /// The attributes of a coded entry (PS3.3 Table 8.8-1, Code Sequence Macro): terminology,
    /// not free text, so cleaned rather than replaced even under D (a dummy code would break the
    /// content tree).
    static let codedEntryTags: Set<Tag> = [
        .codeValue, .codingSchemeDesignator, .codingSchemeVersion, .codeMeaning, .mappingResource,
        .longCodeValue, .urnCodeValue, .contextIdentifier, .mappingResourceName,
    ]

    /// Whether the element keeps its codes (cleaned) rather than getting a dummy value.
    static func isCoded(_ tag: Tag) -> Bool { codedEntryTags.contains(tag) }
}
