import DICOM

/// Numbers in the DICOM JSON and Native DICOM models: binary numeric values read from the
/// in-memory little-endian bytes, and the text of IS and DS checked against JSON's number
/// grammar (PS3.18 F.2.3, RFC 8259 section 6).
enum ModelNumbers {
    /// The largest integer a JSON reader holding numbers as doubles keeps exactly (2^53 - 1);
    /// integers beyond it are written as JSON strings (PS3.18 Table F.2.3-1, note on SV, UV).
    static let largestSafeInteger: UInt64 = (1 << 53) - 1

    /// The values of a binary numeric element (US, SS, UL, SL, UV, SV, FL, FD) or of an AT
    /// element (as `GGGGEEEE`). A trailing partial number is ignored.
    static func binary(_ bytes: [UInt8], vr: VR) -> [ModelValue] {
        guard let size = vr.fixedValueSize, size > 0 else { return [] }
        var values: [ModelValue] = []
        var start = 0
        while start + size <= bytes.count {
            var raw: UInt64 = 0
            for index in stride(from: start + size - 1, through: start, by: -1) { raw = raw << 8 | UInt64(bytes[index]) }
            values.append(value(raw, vr: vr))
            start += size
        }
        return values
    }

    private static func value(_ raw: UInt64, vr: VR) -> ModelValue {
        switch vr {
        case .US, .UL: return integer(String(raw))
        case .SS: return integer(String(Int16(truncatingIfNeeded: raw)))
        case .SL: return integer(String(Int32(truncatingIfNeeded: raw)))
        case .UV: return raw <= largestSafeInteger ? integer(String(raw)) : ModelValue(text: String(raw), jsonNumber: nil)
        case .SV:
            let signed = Int64(bitPattern: raw)
            return signed.magnitude <= largestSafeInteger ? integer(String(signed)) : ModelValue(text: String(signed), jsonNumber: nil)
        case .FL:
            let number = Float(bitPattern: UInt32(truncatingIfNeeded: raw))
            return number.isFinite ? integer(number.description) : nonFinite(Double(number))
        case .FD:
            let number = Double(bitPattern: raw)
            return number.isFinite ? integer(number.description) : nonFinite(number)
        case .AT:
            let tag = Tag(UInt16(truncatingIfNeeded: raw), UInt16(truncatingIfNeeded: raw >> 16))
            return ModelValue(text: hex8(tag), jsonNumber: nil)
        default:
            return ModelValue(text: String(raw), jsonNumber: nil)
        }
    }

    private static func integer(_ text: String) -> ModelValue { ModelValue(text: text, jsonNumber: text) }

    /// NaN and infinities have no JSON number; they are written as the strings `NaN`,
    /// `Infinity` and `-Infinity`, which JavaScript and Python read back as numbers.
    private static func nonFinite(_ number: Double) -> ModelValue {
        if number.isNaN { return ModelValue(text: "NaN", jsonNumber: nil) }
        return ModelValue(text: number < 0 ? "-Infinity" : "Infinity", jsonNumber: nil)
    }

    /// The JSON number for an IS value (PS3.5 Table 6.2-1: an optional sign and digits), or nil
    /// when it is not an integer that a JSON reader keeps exactly. A decimal that is a whole
    /// number (`1.0`, `1e2`, which pydicom also reads as IS) becomes that integer.
    static func integerString(_ text: String) -> String? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            let trimmed = digits.drop { $0 == "0" }
            guard let magnitude = UInt64(trimmed.isEmpty ? "0" : trimmed), magnitude <= largestSafeInteger else { return nil }
            return (negative && magnitude != 0 ? "-" : "") + String(magnitude)
        }
        guard let decimal = decimalString(text), let number = Double(decimal), number == number.rounded(),
            number.magnitude <= Double(largestSafeInteger)
        else { return nil }
        return String(Int64(number))
    }

    /// The JSON number for a DS value, or nil when the text is not a decimal string (PS3.5
    /// Table 6.2-1: fixed or floating point, ANSI X3.9) or its value is not finite. The digits are
    /// kept; only what JSON spells differently changes: no `+`, no leading zeros, a `0` before
    /// a bare `.` and no bare trailing `.` (`+.5` -> `0.5`, `1.` -> `1`, `007E+2` -> `7e+2`).
    static func decimalString(_ text: String) -> String? {
        let characters = Array(text.utf8)
        var index = 0
        func digitRun() -> String {
            let start = index
            while index < characters.count, (0x30...0x39).contains(characters[index]) { index += 1 }
            return String(decoding: characters[start..<index], as: UTF8.self)
        }
        var negative = false
        if index < characters.count, characters[index] == 0x2B || characters[index] == 0x2D {
            negative = characters[index] == 0x2D
            index += 1
        }
        let whole = digitRun()
        var fraction = ""
        if index < characters.count, characters[index] == 0x2E {
            index += 1
            fraction = digitRun()
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return nil }
        var exponent = ""
        if index < characters.count, characters[index] == 0x45 || characters[index] == 0x65 {
            index += 1
            var sign = ""
            if index < characters.count, characters[index] == 0x2B || characters[index] == 0x2D {
                sign = characters[index] == 0x2D ? "-" : "+"
                index += 1
            }
            let digits = digitRun()
            guard !digits.isEmpty else { return nil }
            exponent = "e" + sign + digits
        }
        guard index == characters.count else { return nil }
        let integerPart = whole.drop { $0 == "0" }
        var number = (negative ? "-" : "") + (integerPart.isEmpty ? "0" : String(integerPart))
        if !fraction.isEmpty { number += "." + fraction }
        number += exponent
        guard let value = Double(number), value.isFinite else { return nil }
        return number
    }

    /// A tag as eight upper-case hexadecimal digits, `GGGGEEEE` (PS3.18 F.2.3, PS3.19 A.1.5).
    static func hex8(_ tag: Tag) -> String {
        let digits = String(tag.rawValue, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
