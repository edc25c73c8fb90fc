/// An option of the Basic Application Level Confidentiality Profile: a column of PS3.15
/// Table E.1-1 (sections E.3.2 to E.3.11), selectable by name.
public enum ProfileOption: String, Sendable, CaseIterable, Hashable, Comparable {
    case retainSafePrivate = "retain-safe-private"
    case retainUIDs = "retain-uids"
    case retainDeviceIdentity = "retain-device-identity"
    case retainInstitutionIdentity = "retain-institution-identity"
    case retainPatientCharacteristics = "retain-patient-characteristics"
    case retainLongFullDates = "retain-long-full-dates"
    case retainLongModifiedDates = "retain-long-modified-dates"
    case cleanDescriptors = "clean-descriptors"
    case cleanStructuredContent = "clean-structured-content"
    case cleanGraphics = "clean-graphics"

    public static func < (lhs: ProfileOption, rhs: ProfileOption) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }

    /// The option's code in CID 7050 "De-identification Method" (PS3.16), scheme DCM, recorded
    /// in the De-identification Method Code Sequence (0012,0064).
    public var code: DeidentificationCode {
        switch self {
        case .retainSafePrivate: DeidentificationCode("113111", "Retain Safe Private Option")
        case .retainUIDs: DeidentificationCode("113110", "Retain UIDs Option")
        case .retainDeviceIdentity: DeidentificationCode("113109", "Retain Device Identity Option")
        case .retainInstitutionIdentity: DeidentificationCode("113112", "Retain Institution Identity Option")
        case .retainPatientCharacteristics: DeidentificationCode("113108", "Retain Patient Characteristics Option")
        case .retainLongFullDates:
            DeidentificationCode("113106", "Retain Longitudinal Temporal Information Full Dates Option")
        case .retainLongModifiedDates:
            DeidentificationCode("113107", "Retain Longitudinal Temporal Information Modified Dates Option")
        case .cleanDescriptors: DeidentificationCode("113105", "Clean Descriptors Option")
        case .cleanStructuredContent: DeidentificationCode("113104", "Clean Structured Content Option")
        case .cleanGraphics: DeidentificationCode("113103", "Clean Graphics Option")
        }
    }

    /// Options that cannot be selected together: dates are either kept or shifted.
    public static let exclusivePairs: [(ProfileOption, ProfileOption)] = [(.retainLongFullDates, .retainLongModifiedDates)]
}

/// A coded entry of CID 7050 (PS3.16), coding scheme designator DCM.
public struct DeidentificationCode: Sendable, Hashable {
    /// Code Value (0008,0100).
    public let value: String
    /// Code Meaning (0008,0104).
    public let meaning: String
    /// Coding Scheme Designator (0008,0102).
    public let scheme = "DCM"

    init(_ value: String, _ meaning: String) {
        self.value = value
        self.meaning = meaning
    }

    /// 113100, the Basic Application Confidentiality Profile itself.
    public static let basicProfile = DeidentificationCode("113100", "Basic Application Confidentiality Profile")
}
