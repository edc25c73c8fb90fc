/// Moving DA and DT values by a whole number of days (retain-long-modified-dates, PS3.15
/// E.3.6): intervals between one patient's dates are kept, the dates themselves are not.
enum DateShift {
    /// A DA value (`YYYYMMDD`, also ranges `A-B` and multiple values) moved by `days`; parts that
    /// are not a full valid date are replaced by nothing (an empty part), never kept.
    static func shiftDA(_ value: String, by days: Int) -> String {
        value.split(separator: "\\", omittingEmptySubsequences: false).map { single in
            single.split(separator: "-", omittingEmptySubsequences: false).map { part in
                let text = part.trimming(" ")
                if text.isEmpty { return "" }
                return shiftDate(text, by: days) ?? ""
            }.joined(separator: "-")
        }.joined(separator: "\\")
    }

    /// A DT value moved by `days`: the date part is moved, time and offset are kept. A DT of
    /// only a year or a year and month moves by whole years or months rounded from `days`.
    static func shiftDT(_ value: String, by days: Int) -> String {
        value.split(separator: "\\", omittingEmptySubsequences: false).map { single in
            single.split(separator: "-", omittingEmptySubsequences: false).map { part -> String in
                let text = part.trimming(" ")
                if text.isEmpty { return "" }
                let digits = text.prefix { $0.isASCII && $0.isNumber }
                let rest = text.dropFirst(digits.count)
                switch digits.count {
                case 4:
                    guard let year = Int(digits) else { return "" }
                    return pad(year + (days - 182) / 365, 4) + rest
                case 6:
                    guard let year = Int(digits.prefix(4)), let month = Int(digits.suffix(2)) else { return "" }
                    let months = year * 12 + month - 1 + (days - 15) / 30
                    return pad(months / 12, 4) + pad(months % 12 + 1, 2) + rest
                case 8...:
                    guard let date = shiftDate(String(digits.prefix(8)), by: days) else { return "" }
                    return date + digits.dropFirst(8) + rest
                default:
                    return ""
                }
            }.joined(separator: "-")
        }.joined(separator: "\\")
    }

    /// `YYYYMMDD` moved by `days`, or nil if it is not a valid date.
    static func shiftDate(_ text: String, by days: Int) -> String? {
        guard text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }),
            let year = Int(text.prefix(4)), let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2)),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let (y, m, d) = civil(fromDays: daysFromCivil(year, month, day) + days)
        guard (0...9999).contains(y) else { return nil }
        return pad(y, 4) + pad(m, 2) + pad(d, 2)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01.
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(max(value, 0))
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
