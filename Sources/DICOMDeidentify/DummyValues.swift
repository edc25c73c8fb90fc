import DICOM

/// Dummy values for action D (PS3.15 E.3.1): non-zero length, valid for the VR, and saying
/// nothing about anyone.
enum DummyValues {
    /// The text every dummy string carries.
    static let text = "ANONYMIZED"

    /// Every dummy text value, upper-cased: an input value equal to one of them (a patient
    /// already named ANONYMIZED, a time of 000000) is what dicomfix writes itself and so never
    /// a sign of an identifying value left behind.
    static let texts: Set<String> = [text, "19000101", "19000101000000", "000000", "000D", "0", "URN:ANONYMIZED"]

    /// The dummy value bytes for `vr` (padded to even length), or nil for VRs that have none
    /// here (sequences, handled by recursion; UI, handled by UID replacement).
    static func bytes(for vr: VR, replacing original: [UInt8]?) -> [UInt8]? {
        let value: String
        switch vr {
        case .SQ, .UI: return nil
        case .DA: value = "19000101"
        case .DT: value = "19000101000000"
        case .TM: value = "000000"
        case .AS: value = "000D"
        case .DS, .IS: value = "0"
        case .UR: value = "urn:anonymized"
        case .AE, .CS, .LO, .LT, .PN, .SH, .ST, .UC, .UT: value = text
        default:
            // Binary VRs: zeros of the original length, or one value of the VR's size.
            let count = original?.count ?? 0
            return [UInt8](repeating: 0, count: count > 0 ? count : (vr.fixedValueSize ?? 2))
        }
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        return bytes
    }
}
