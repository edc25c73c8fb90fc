import DICOM

/// The form of one string value of a VR (PS3.5 6.2, Table 6.2-1): which characters it may hold and,
/// for dates, times, numbers, ages and UIDs, its syntax. Every function takes one value (already
/// split at `\` and with its insignificant spaces removed) and returns why it is wrong, or nil.
/// Nothing here traps on any input.
public enum ValueSyntax {
    // MARK: Character repertoire

    /// Why `value` has a character outside the repertoire of `vr`, or nil.
    ///
    /// `value` is the decoded text; for VRs that use the Specific Character Set any printable
    /// character of that set is allowed, and only control characters are checked.
    public static func repertoireProblem(_ value: String, vr: VR) -> String? {
        for scalar in value.unicodeScalars where !isAllowed(scalar, vr: vr) {
            return "\(describe(scalar)) is not allowed in \(vr)"
        }
        return nil
    }

    private static func isAllowed(_ scalar: Unicode.Scalar, vr: VR) -> Bool {
        let v = scalar.value
        let isDigit = (0x30...0x39).contains(v)
        switch vr {
        case .CS: return isDigit || (0x41...0x5A).contains(v) || v == 0x20 || v == 0x5F
        case .DA: return isDigit
        case .TM: return isDigit || v == 0x2E
        case .DT: return isDigit || v == 0x2E || v == 0x2B || v == 0x2D
        case .AS: return isDigit || "DWMY".unicodeScalars.contains(scalar)
        case .IS: return isDigit || v == 0x2B || v == 0x2D || v == 0x20
        case .DS: return isDigit || v == 0x2B || v == 0x2D || v == 0x2E || v == 0x45 || v == 0x65 || v == 0x20
        case .UI: return isDigit || v == 0x2E
        case .AE, .UR: return (0x20...0x7E).contains(v) && v != 0x5C
        case .LT, .ST, .UT: return !isControl(v) || v == 0x1B || v == 0x0D || v == 0x0A || v == 0x0C || v == 0x09
        case .LO, .SH, .PN, .UC: return !isControl(v) || v == 0x1B
        default: return true
        }
    }

    private static func isControl(_ v: UInt32) -> Bool { v < 0x20 || v == 0x7F }

    /// `'A'`, or `U+001B` for characters that do not print.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        if (0x21...0x7E).contains(v) || v >= 0xA0 { return "'\(Character(scalar))'" }
        let hex = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    // MARK: Dates and times

    /// DA: `YYYYMMDD`, a date that exists in the Gregorian calendar.
    public static func dateProblem(_ value: String) -> String? {
        let digits = Array(value.utf8)
        guard digits.count == 8, let date = number(digits[...]) else { return "a date is YYYYMMDD" }
        return calendarProblem(year: date / 10000, month: date / 100 % 100, day: date % 100)
    }

    /// TM: `HH[MM[SS[.F{1-6}]]]` with HH 00-23, MM 00-59, SS 00-60.
    public static func timeProblem(_ value: String) -> String? {
        timeOfDayProblem(Array(value.utf8)[...], allowsFraction: true)
            .map { $0 + " (a time is HH[MM[SS[.FFFFFF]]])" }
    }

    /// DT: `YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&ZZXX]`, each part in range, the offset from
    /// -1200 to +1400.
    public static func dateTimeProblem(_ value: String) -> String? {
        let form = " (a date-time is YYYY[MM[DD[HH[MM[SS[.FFFFFF]]]]]][&ZZXX])"
        var bytes = Array(value.utf8)[...]
        if let sign = bytes.firstIndex(where: { $0 == 0x2B || $0 == 0x2D }) {
            let offset = bytes[(sign + 1)...]
            guard offset.count == 4, let zone = number(offset) else { return "the UTC offset is not &ZZXX" + form }
            let minutes = (zone / 100) * 60 + zone % 100
            let signed = bytes[sign] == 0x2D ? -minutes : minutes
            guard zone % 100 < 60, (-720...840).contains(signed) else { return "the UTC offset is out of range" + form }
            bytes = bytes[..<sign]
        }
        let datePart = bytes.prefix(8)
        guard [4, 6, 8].contains(datePart.count), let date = number(datePart) else { return "the date part is not YYYY[MM[DD]]" + form }
        let year: Int, month: Int?, day: Int?
        switch datePart.count {
        case 4: (year, month, day) = (date, nil, nil)
        case 6: (year, month, day) = (date / 100, date % 100, nil)
        default: (year, month, day) = (date / 10000, date / 100 % 100, date % 100)
        }
        if let problem = calendarProblem(year: year, month: month ?? 1, day: day ?? 1) { return problem + form }
        let rest = bytes.dropFirst(8)
        guard !rest.isEmpty else { return nil }
        guard datePart.count == 8 else { return "a time needs the full date before it" + form }
        return timeOfDayProblem(rest, allowsFraction: true).map { $0 + form }
    }

    /// `HH[MM[SS[.F{1-6}]]]`.
    private static func timeOfDayProblem(_ bytes: ArraySlice<UInt8>, allowsFraction: Bool) -> String? {
        let dot = bytes.firstIndex(of: 0x2E)
        let whole = dot.map { bytes[..<$0] } ?? bytes
        guard [2, 4, 6].contains(whole.count), number(whole) != nil else { return "hours, minutes and seconds take 2 digits each" }
        var parts: [Int] = []
        var index = whole.startIndex
        while index < whole.endIndex {
            parts.append(number(whole[index..<(index + 2)]) ?? 0)
            index += 2
        }
        if parts[0] > 23 { return "hour \(parts[0]) is not 00-23" }
        if parts.count > 1, parts[1] > 59 { return "minute \(parts[1]) is not 00-59" }
        if parts.count > 2, parts[2] > 60 { return "second \(parts[2]) is not 00-60" }
        if let dot {
            let fraction = bytes[(dot + 1)...]
            guard allowsFraction, whole.count == 6 else { return "a fraction of a second needs HHMMSS before it" }
            guard (1...6).contains(fraction.count), number(fraction) != nil else { return "the fraction of a second is not 1 to 6 digits" }
        }
        return nil
    }

    private static func calendarProblem(year: Int, month: Int, day: Int) -> String? {
        guard (1...12).contains(month) else { return "month \(month) does not exist" }
        let days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return "day \(day) does not exist in month \(month) of \(year)" }
        return nil
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    // MARK: Numbers, ages, UIDs

    /// IS: an optionally signed integer from -2^31 to 2^31-1.
    public static func integerProblem(_ value: String) -> String? {
        var bytes = Array(value.utf8)[...]
        if let first = bytes.first, first == 0x2B || first == 0x2D { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return "an integer string is [+|-]digits" }
        guard let parsed = Int64(value),
            (-2_147_483_648...2_147_483_647).contains(parsed)
        else { return "\(value) is outside -2^31 to 2^31-1" }
        return nil
    }

    /// DS: a fixed or floating point decimal, `[+|-]digits[.digits][(e|E)[+|-]digits]`.
    public static func decimalProblem(_ value: String) -> String? {
        var bytes = Array(value.utf8)[...]
        let problem = "a decimal string is [+|-]digits[.digits][E[+|-]digits]"
        if let first = bytes.first, first == 0x2B || first == 0x2D { bytes = bytes.dropFirst() }
        let mantissaEnd = bytes.firstIndex { $0 == 0x45 || $0 == 0x65 } ?? bytes.endIndex
        let mantissa = bytes[..<mantissaEnd]
        let parts = mantissa.split(separator: 0x2E, maxSplits: 1, omittingEmptySubsequences: false)
        let digitCount = mantissa.filter(isDigit).count
        guard digitCount > 0, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(isDigit) }) else { return problem }
        if mantissaEnd < bytes.endIndex {
            var exponent = bytes[(mantissaEnd + 1)...]
            if let first = exponent.first, first == 0x2B || first == 0x2D { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy(isDigit) else { return problem }
        }
        return nil
    }

    /// AS: `nnnD`, `nnnW`, `nnnM` or `nnnY`.
    public static func ageProblem(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        guard bytes.count == 4, bytes.prefix(3).allSatisfy(isDigit), let unit = bytes.last, "DWMY".utf8.contains(unit)
        else { return "an age is three digits and D, W, M or Y (e.g. 045Y)" }
        return nil
    }

    /// UI: components of digits separated by dots, none empty, none with a leading zero; an
    /// object identifier, so the first arc is 0, 1 or 2 and not every arc is zero (PS3.5 9.1,
    /// ISO/IEC 8824). The 64-byte limit is the VR's maximum length, checked with the other VRs'.
    public static func uidProblem(_ value: String) -> String? {
        guard !value.isEmpty else { return nil }
        let components = value.utf8.split(separator: 0x2E, omittingEmptySubsequences: false)
        for (index, component) in components.enumerated() {
            if component.isEmpty { return "component \(index + 1) is empty" }
            if !component.allSatisfy(isDigit) { return "component \(index + 1) is not all digits" }
            if component.count > 1, component.first == 0x30 { return "component \(index + 1) has a leading zero" }
        }
        if let first = components.first, first.count != 1 || first[first.startIndex] > 0x32 {
            return "the first component of an object identifier is 0, 1 or 2"
        }
        if components.allSatisfy({ $0.allSatisfy { $0 == 0x30 } }) { return "every component is zero" }
        return nil
    }

    // MARK: Helpers

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// The decimal value of a short run of ASCII digits; nil if any is not a digit or the run
    /// is empty or longer than 9.
    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
