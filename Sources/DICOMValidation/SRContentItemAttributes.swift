import DICOM

// Hand-entered from DICOM PS3.3 2024b, Table C.17-5 (Content Item and Content Item Macros) and
// Section 10.2 (Content Item Macro) with Tables C.18.1-1 to C.18.9-1 (the value type macros):
// which attributes of a content item belong to the macro of which Value Type. The 2020 attribute
// tables of ../shared/standard flatten every value type's macro into the SR Document Content
// module as if all applied to each content item; the condition ("Value Type is TEXT", ...) is
// lost there and entered here.

/// The attributes of an SR content item (a Content Sequence item, or the document root) that are
/// required only for some Value Types (0040,A040) (PS3.3 C.17.3, C.18).
enum SRContentItemAttributes {
    /// The modules whose items are content items: SR documents (PS3.3 C.17.3) and the
    /// Acquisition Context module (PS3.3 C.7.6.14), whose items use the same content item macro.
    static let moduleIDs: Set<String> = ["sr-document-content", "acquisition-context"]

    /// Attribute -> the Value Types whose macro includes it.
    static let valueTypes: [Tag: Set<String>] = [
        .textValue: ["TEXT"],
        .dateTime: ["DATETIME"],
        .date: ["DATE"],
        .time: ["TIME"],
        .personName: ["PNAME"],
        .uid: ["UIDREF"],
        .measuredValueSequence: ["NUM"],
        .numericValueQualifierCodeSequence: ["NUM"],
        .conceptCodeSequence: ["CODE"],
        .referencedSOPSequence: ["COMPOSITE", "IMAGE", "WAVEFORM"],
        .graphicData: ["SCOORD", "SCOORD3D"],
        .graphicType: ["SCOORD", "SCOORD3D"],
        .pixelOriginInterpretation: ["SCOORD"],
        .fiducialUID: ["SCOORD", "SCOORD3D"],
        .referencedFrameOfReferenceUID: ["SCOORD3D"],
        .temporalRangeType: ["TCOORD"],
        .referencedSamplePositions: ["TCOORD"],
        .referencedTimeOffsets: ["TCOORD"],
        .referencedDateTime: ["TCOORD"],
        .continuityOfContent: ["CONTAINER"],
        .contentTemplateSequence: ["CONTAINER"],
    ]

    /// Whether `tag` applies to the content item `item`: always for an attribute of every content
    /// item; for a value type's attribute, only when the item's Value Type is that type (an item
    /// without Value Type has its missing Value Type reported instead).
    static func applies(_ tag: Tag, to item: DataSet) -> Bool {
        guard let types = valueTypes[tag] else { return true }
        guard let valueType = item.string(.valueType, characterSet: .defaultRepertoire) else { return false }
        return types.contains(valueType)
    }
}
