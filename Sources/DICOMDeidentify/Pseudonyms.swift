import DICOM

/// The keyed replacements: UIDs, patient names and IDs, and per-patient date offsets. Pure
/// functions of the key and the original value, so every file, run and machine agrees.
public struct Pseudonyms: Sendable {
    public let key: DeidentificationKey

    public init(key: DeidentificationKey) { self.key = key }

    /// The replacement of a UID: `2.25.` and the decimal value of a 128-bit UUID (version 8,
    /// RFC 9562) made of the first bytes of HMAC-SHA-256 of the UID (PS3.5 B.2). At most 44
    /// characters. UIDs of the standard (SOP classes, transfer syntaxes, coding schemes,
    /// well-known instances) and of terminologies (SNOMED CT, LOINC, UCUM: `WellKnownUIDs`) are
    /// returned unchanged.
    public func uid(_ original: String) -> String {
        let trimmed = trimUIDPadding(original)
        if trimmed.isEmpty || WellKnownUIDs.isKept(trimmed) { return trimmed }
        var bytes = Array(key.mac("uid", trimmed).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // variant 10
        return "2.25." + decimal(bytes)
    }

    /// The pseudonym of a patient name: `ANON^` and ten keyed characters. Names that differ only
    /// in case, spaces, or trailing `^` and `=` separators get the same pseudonym.
    public func patientName(_ original: String) -> String {
        "ANON^" + code(key.mac("patient-name", Self.normalizedName(original)), length: 10)
    }

    /// The pseudonym of a patient ID: `ANON` and twelve keyed characters (leading and trailing
    /// spaces do not count).
    public func patientID(_ original: String) -> String {
        "ANON" + code(key.mac("patient-id", original.trimming(" \0")), length: 12)
    }

    /// The number of days dates of a patient move by with retain-long-modified-dates: between
    /// 1 and 3,652 days (about ten years) back, keyed by the patient ID (or, with none, the
    /// normalised name), so one patient's dates keep their intervals in every file.
    public func dateOffset(patientID: String, patientName: String) -> Int {
        let id = patientID.trimming(" \0")
        let subject = id.isEmpty ? "name:" + Self.normalizedName(patientName) : "id:" + id
        let mac = key.mac("date-offset", subject)
        let value = Int(mac[0]) << 8 | Int(mac[1])
        return -(value % 3652 + 1)
    }

    /// A person name in one canonical form: upper case, spaces around components removed,
    /// trailing empty components and groups dropped (PS3.5 6.2.1).
    public static func normalizedName(_ name: String) -> String {
        var groups = name.uppercased().split(separator: "=", omittingEmptySubsequences: false).map { group in
            var components = group.split(separator: "^", omittingEmptySubsequences: false).map {
                $0.trimming(" \0")
            }
            while components.last?.isEmpty == true { components.removeLast() }
            return components.joined(separator: "^")
        }
        while groups.last?.isEmpty == true { groups.removeLast() }
        return groups.joined(separator: "=")
    }

    /// `length` characters of an alphabet without look-alikes, from the MAC's bytes.
    private func code(_ mac: [UInt8], length: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")  // Crockford base 32
        return String(mac.prefix(length).map { alphabet[Int($0 & 31)] })
    }
}

/// The decimal digits of a big-endian unsigned integer, without leading zeros.
func decimal(_ bigEndian: [UInt8]) -> String {
    var number = bigEndian
    var digits: [UInt8] = []
    while number.contains(where: { $0 != 0 }) {
        var remainder = 0
        for index in number.indices {
            let value = remainder << 8 | Int(number[index])
            number[index] = UInt8(value / 10)
            remainder = value % 10
        }
        digits.append(UInt8(ascii: "0") + UInt8(remainder))
    }
    return digits.isEmpty ? "0" : String(decoding: digits.reversed(), as: UTF8.self)
}

/// A UID without its NUL or space padding.
func trimUIDPadding(_ uid: String) -> String {
    uid.trimming(" \0")
}

extension StringProtocol {
    /// The text without leading and trailing characters of `set`.
    func trimming(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
