import DICOM
import DICOMValidation

/// Meaning-preserving corrections of single string values (PS3.5 6.2): each takes one value
/// (split at `\`) and returns the corrected value, or nil when the value is already right or no
/// correction is unambiguous. A correction is returned only when the result passes the same
/// syntax check `dicomfix validate` applies, so a repaired value is never reported again.
public enum ValueRepairs {
    /// A UID with spaces around it or leading zeros in its components: `" 1.2.040.5 "` becomes
    /// `1.2.40.5` (PS3.5 9.1). Every file gets the same correction for the same UID, so
    /// references between files stay consistent.
    public static func uid(_ value: String) -> String? {
        let trimmed = value.trimmingSpaces
        guard ValueSyntax.uidProblem(trimmed) != nil else { return trimmed == value ? nil : trimmed }
        let components = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard components.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }) else { return nil }
        let fixed = components.map { component -> Substring in
            let stripped = component.drop { $0 == "0" }
            return stripped.isEmpty ? "0" : stripped
        }.joined(separator: ".")
        guard fixed.utf8.count <= 64, ValueSyntax.uidProblem(fixed) == nil else { return nil }
        return fixed
    }

    /// A date written with separators, `2024-03-12`, `2024/03/12` or the ACR-NEMA `2024.03.12`,
    /// becomes `20240312` (PS3.5 Table 6.2-1 DA). Day-month orders are ambiguous and left alone.
    public static func date(_ value: String) -> String? {
        guard ValueSyntax.dateProblem(value) != nil else { return nil }
        guard let fixed = compactDate(value), ValueSyntax.dateProblem(fixed) == nil else { return nil }
        return fixed
    }

    /// A time written with colons, `14:30:05.25` or `14:30`, becomes `143005.25` (`1430`)
    /// (PS3.5 Table 6.2-1 TM).
    public static func time(_ value: String) -> String? {
        guard ValueSyntax.timeProblem(value) != nil else { return nil }
        guard let fixed = compactTime(value), ValueSyntax.timeProblem(fixed) == nil else { return nil }
        return fixed
    }

    /// An ISO 8601 date-time, `2024-03-12T14:30:05+01:00` (or with a space for `T`), becomes
    /// `20240312143005+0100` (PS3.5 Table 6.2-1 DT).
    public static func dateTime(_ value: String) -> String? {
        guard ValueSyntax.dateTimeProblem(value) != nil else { return nil }
        var rest = Substring(value)
        var offset = ""
        if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }), rest.distance(from: rest.startIndex, to: sign) >= 10 {
            let zone = rest[rest.index(after: sign)...].filter { $0 != ":" }
            guard zone.count == 4 else { return nil }
            offset = String(rest[sign]) + zone
            rest = rest[..<sign]
        } else if rest.hasSuffix("Z") {
            return nil  // UTC marker: DT has no form for it without knowing the offset is meant
        }
        let parts = rest.split(maxSplits: 1, whereSeparator: { $0 == "T" || $0 == " " })
        guard let datePart = parts.first, let date = compactDate(String(datePart)) else { return nil }
        var fixed = date
        if parts.count == 2 {
            guard let time = compactTime(String(parts[1])) else { return nil }
            fixed += time
        }
        fixed += offset
        guard ValueSyntax.dateTimeProblem(fixed) == nil else { return nil }
        return fixed
    }

    /// A code string with lower-case letters becomes upper case (PS3.5 Table 6.2-1 CS), when
    /// that is the only thing wrong with it.
    public static func codeString(_ value: String) -> String? {
        guard ValueSyntax.repertoireProblem(value, vr: .CS) != nil else { return nil }
        let fixed = String(value.unicodeScalars.map { scalar in
            ("a"..."z").contains(scalar) ? Character(String(scalar).uppercased()) : Character(scalar)
        })
        guard fixed != value, ValueSyntax.repertoireProblem(fixed, vr: .CS) == nil else { return nil }
        return fixed
    }

    // MARK: Helpers

    /// `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD` as `YYYYMMDD`; nil for any other form.
    private static func compactDate(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard bytes.count == 10, let separator = bytes.dropFirst(4).first, "-/.".utf8.contains(separator),
            bytes[7] == separator
        else { return nil }
        let digits = bytes[0..<4] + bytes[5..<7] + bytes[8..<10]
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return String(decoding: digits, as: UTF8.self)
    }

    /// `HH:MM[:SS[.F]]` as `HHMM[SS[.F]]`; nil when the colons are not where a time has them.
    private static func compactTime(_ value: String) -> String? {
        let (clock, fraction) = splitFraction(value)
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 2, fields.count <= 3, fields.allSatisfy({ $0.count == 2 }) else { return nil }
        guard fraction.isEmpty || fields.count == 3 else { return nil }
        return fields.joined() + fraction
    }

    private static func splitFraction(_ value: String) -> (Substring, Substring) {
        guard let dot = value.firstIndex(of: ".") else { return (Substring(value), "") }
        return (value[..<dot], value[dot...])
    }
}

extension String {
    /// The string without leading and trailing spaces (only U+0020: DICOM's padding).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }), let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first...last])
    }
}
