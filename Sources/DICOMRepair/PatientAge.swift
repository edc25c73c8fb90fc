import Foundation

/// Patient's Age (AS, PS3.5 6.2) computed from two DA values.
enum PatientAge {
    /// The age on `date` of someone born on `birth` (both `YYYYMMDD`): `nnnY` from one year,
    /// else `nnnM` from one month, `nnnW` from one week, else `nnnD`; nil for a date that is not
    /// valid or a birth after `date`.
    static func between(birth: String, and date: String) -> String? {
        guard let born = parse(birth), let on = parse(date), on >= born else { return nil }
        var years = on.year - born.year
        if (on.month, on.day) < (born.month, born.day) { years -= 1 }
        if years >= 1 { return format(years, "Y") }
        var months = (on.year - born.year) * 12 + on.month - born.month
        if on.day < born.day { months -= 1 }
        if months >= 1 { return format(months, "M") }
        let days = on.dayNumber - born.dayNumber
        return days >= 7 ? format(days / 7, "W") : format(days, "D")
    }

    private static func format(_ value: Int, _ unit: String) -> String? {
        guard value >= 0, value <= 999 else { return nil }
        let digits = String(value)
        return String(repeating: "0", count: 3 - digits.count) + digits + unit
    }

    private struct Day: Comparable {
        var year: Int, month: Int, day: Int
        static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
        /// Days since 0000-03-01 in the proleptic Gregorian calendar.
        var dayNumber: Int {
            let y = month <= 2 ? year - 1 : year
            let m = month <= 2 ? month + 9 : month - 3
            return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1
        }
    }

    private static func parse(_ text: String) -> Day? {
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let year = Int(text.prefix(4)), let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2)),
            (1...12).contains(month), day >= 1, day <= 31
        else { return nil }
        return Day(year: year, month: month, day: day)
    }
}
