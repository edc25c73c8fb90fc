import DICOM

/// Checks one value before it is written (PS3.5 6.2): the same rules validate applies to what
/// it reads, for commands that set values from the command line.
public enum ValueCheck {
    /// Why `value` (one value, not split at `\`) is not a valid `vr` value, or nil.
    public static func problem(_ value: String, vr: VR) -> String? {
        if let maximum = vr.maximumLength, ![.DA, .TM, .DT, .AS].contains(vr) {
            let groups = vr == .PN ? value.split(separator: "=", omittingEmptySubsequences: false).map(String.init) : [value]
            for group in groups {
                let length = vr.usesSpecificCharacterSet ? group.unicodeScalars.count : group.utf8.count
                if length > maximum {
                    return "\(length) \(vr.usesSpecificCharacterSet ? "characters" : "bytes") long; \(vr) allows \(maximum)"
                }
            }
        }
        if let problem = ValueSyntax.repertoireProblem(value, vr: vr) { return problem }
        guard !value.isEmpty else { return nil }
        switch vr {
        case .DA: return ValueSyntax.dateProblem(value)
        case .TM: return ValueSyntax.timeProblem(value)
        case .DT: return ValueSyntax.dateTimeProblem(value)
        case .AS: return ValueSyntax.ageProblem(value)
        case .IS: return ValueSyntax.integerProblem(value)
        case .DS: return ValueSyntax.decimalProblem(value)
        case .UI: return ValueSyntax.uidProblem(value)
        default: return nil
        }
    }
}
