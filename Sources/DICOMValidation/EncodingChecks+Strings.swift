import DICOM

/// The checks of a string value (PS3.5 6.1, 6.2, 6.4): padding, decoding in the Specific
/// Character Set, then for each value its length, its characters and its syntax, and the number
/// of values against the dictionary's VM.
///
/// Characters outside a VR's repertoire give `vr.invalid-character`; the right characters in the
/// wrong form give the VR's own code (`vr.invalid-uid`, `vr.invalid-number`, ...). Dates, times
/// and date-times are checked for their form only: `2024-03-12` or `14:30` is a
/// `vr.invalid-date` or `vr.invalid-time`, whatever character is wrong. A problem found
/// in several values of one element is one finding that says how many values have it.
enum StringValueChecks {
    static func check(_ context: ElementContext, characterSet: SpecificCharacterSet, into sink: inout FindingSink) {
        let element = context.element
        let vr = element.vr
        guard vr.isString else { return }
        switch element.value {
        case .bytes(let bytes):
            guard !bytes.isEmpty else { return }
            checkText(bytes, context, characterSet: characterSet, into: &sink)
        case .bulk(let bulk):
            // Not loaded. A single value this long is over its maximum in any character set
            // (at most 4 bytes a character).
            if !vr.allowsMultipleStringValues, let maximum = vr.maximumLength, bulk.length > Int64(maximum) * 4 {
                sink.add(context.finding(
                    .error, "vr.value-too-long", "\(context.label) is \(bulk.length) bytes long; \(vr) allows \(maximum) characters",
                    found: "\(bulk.length) bytes", expected: "at most \(maximum) characters"))
            }
        case .sequence, .encapsulated:
            return
        }
    }

    private static func checkText(_ bytes: [UInt8], _ context: ElementContext, characterSet: SpecificCharacterSet, into sink: inout FindingSink) {
        let vr = context.element.vr
        var problems = ValueProblems(context: context)
        var content = bytes[...]
        checkPadding(&content, context, into: &sink)
        if vr.usesSpecificCharacterSet {
            checkCharacterSet(content, context, characterSet: characterSet, into: &sink)
        }
        let text = characterSet.decode(content, vr: vr)
        let values = vr.allowsMultipleStringValues
            ? text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init) : [text]
        var leadingOrTrailingSpaceInUID = false
        for (index, raw) in values.enumerated() {
            let value: String
            switch vr {
            case .LT, .ST, .UT, .UR:
                value = dropTrailingSpaces(raw)
            case .UI:
                value = trimSpaces(raw)
                if value != raw { leadingOrTrailingSpaceInUID = true }
            default:
                value = trimSpaces(raw)
            }
            checkValue(value, index: index, of: values.count, vr: vr, into: &problems)
        }
        if leadingOrTrailingSpaceInUID {
            sink.add(context.finding(
                .warning, "value.padding.invalid", "\(context.label) has spaces around a UID; UIDs are padded with NUL only",
                found: shown(text), expected: "no spaces", reference: "PS3.5 6.2, 9.1"))
        }
        problems.flush(into: &sink)
        checkMultiplicity(values, context, into: &sink)
    }

    /// The trailing padding byte: NUL for UI, space for the other string VRs (PS3.5 6.2). Removes
    /// the padding from `content`.
    private static func checkPadding(_ content: inout ArraySlice<UInt8>, _ context: ElementContext, into sink: inout FindingSink) {
        let vr = context.element.vr
        guard let last = content.last else { return }
        if vr == .UI {
            if last == 0x20 {
                sink.add(context.finding(
                    .warning, "value.padding.invalid", "\(context.label) is padded with a space; UI values are padded with NUL",
                    found: "20H", expected: "00H", reference: "PS3.5 6.2, 9.1"))
            }
            while let byte = content.last, byte == 0x00 || byte == 0x20 { content = content.dropLast() }
        } else if last == 0x00 {
            sink.add(context.finding(
                .warning, "value.padding.invalid", "\(context.label) is padded with NUL; \(vr) values are padded with a space",
                found: "00H", expected: "20H", reference: "PS3.5 6.2"))
            while let byte = content.last, byte == 0x00 { content = content.dropLast() }
        }
    }

    /// Bytes that are not characters of the character set in force: any byte above 7FH without
    /// (0008,0005), or bytes the declared set cannot decode (PS3.5 6.1.2).
    private static func checkCharacterSet(
        _ content: ArraySlice<UInt8>, _ context: ElementContext, characterSet: SpecificCharacterSet, into sink: inout FindingSink
    ) {
        guard let high = content.first(where: { $0 >= 0x80 || $0 == 0x1B }) else { return }
        let declared = characterSet.terms.filter { $0.contains { $0 != " " && $0 != "\0" } }
        if declared.isEmpty {
            sink.add(context.finding(
                .error, "vr.invalid-character",
                "\(context.label) has byte \(hexByte(high))H outside the default repertoire, and no Specific Character Set (0008,0005) declares another",
                found: shown(characterSet.decode(content, vr: context.element.vr)), expected: "ISO-IR 6 (ASCII) characters",
                reference: "PS3.5 6.1.2"))
            return
        }
        let decoded = characterSet.decode(content, vr: context.element.vr)
        let hasReplacement = decoded.unicodeScalars.contains("\u{FFFD}")
        let literalReplacement = content.count >= 3 && zip(zip(content, content.dropFirst()), content.dropFirst(2))
            .contains { $0.0 == 0xEF && $0.1 == 0xBF && $1 == 0xBD }
        if hasReplacement && !literalReplacement {
            sink.add(context.finding(
                .error, "vr.invalid-character",
                "\(context.label) has bytes that are not characters of \(declared.joined(separator: "\\"))",
                found: shown(decoded), expected: "text in \(declared.joined(separator: "\\"))", reference: "PS3.5 6.1.2"))
        }
    }

    /// Length, repertoire and syntax of one value.
    private static func checkValue(_ value: String, index: Int, of count: Int, vr: VR, into problems: inout ValueProblems) {
        // DA, TM, DT and AS values too long are also malformed: their syntax check says so.
        if let maximum = vr.maximumLength, ![.DA, .TM, .DT, .AS].contains(vr) {
            let groups = vr == .PN ? value.split(separator: "=", omittingEmptySubsequences: false).map(String.init) : [value]
            for (groupIndex, group) in groups.enumerated() {
                let length = vr.usesSpecificCharacterSet ? group.unicodeScalars.count : group.utf8.count
                guard length > maximum else { continue }
                let unit = vr.usesSpecificCharacterSet ? "characters" : "bytes"
                let part = vr == .PN ? "component group \(groupIndex + 1) of " : ""
                problems.add(
                    "vr.value-too-long", "\(part)value \(index + 1) is \(length) \(unit) long; \(vr) allows \(maximum)\(vr == .PN ? " per component group" : "")",
                    found: value, expected: "at most \(maximum) \(unit)")
            }
        }
        let characterProblem = ValueSyntax.repertoireProblem(value, vr: vr)
        if let dateCode = dateOrTimeCode(vr) {
            // A date or time in another form (2024-03-12, 14:30, 2024-03-12T14:30) is the wrong
            // form of the VR, not a stray character: one finding under the VR's own code, which
            // is the code repair answers.
            let reasons = [characterProblem, value.isEmpty ? nil : dateOrTimeProblem(value, vr: vr)].compactMap { $0 }
            if !reasons.isEmpty {
                problems.add(dateCode, "value \(index + 1) \(shown(value)): \(reasons.joined(separator: "; "))", found: value, expected: nil)
            }
            return
        }
        if let problem = characterProblem {
            problems.add("vr.invalid-character", "value \(index + 1): \(problem)", found: value, expected: repertoire(of: vr))
            return
        }
        guard !value.isEmpty else { return }
        let syntax: (code: String, problem: String?)
        switch vr {
        case .AS: syntax = ("vr.invalid-age", ValueSyntax.ageProblem(value))
        case .IS: syntax = ("vr.invalid-number", ValueSyntax.integerProblem(value))
        case .DS: syntax = ("vr.invalid-number", ValueSyntax.decimalProblem(value))
        case .UI: syntax = ("vr.invalid-uid", ValueSyntax.uidProblem(value))
        default: return
        }
        if let problem = syntax.problem {
            problems.add(syntax.code, "value \(index + 1) \(shown(value)): \(problem)", found: value, expected: nil)
        }
    }

    /// The code of a DA, TM or DT value in the wrong form; nil for other VRs.
    private static func dateOrTimeCode(_ vr: VR) -> String? {
        switch vr {
        case .DA: "vr.invalid-date"
        case .TM: "vr.invalid-time"
        case .DT: "vr.invalid-datetime"
        default: nil
        }
    }

    /// Why a DA, TM or DT value is not in its form (PS3.5 Table 6.2-1); the syntax checks
    /// reject any character outside the VR's repertoire too.
    private static func dateOrTimeProblem(_ value: String, vr: VR) -> String? {
        switch vr {
        case .DA: ValueSyntax.dateProblem(value)
        case .TM: ValueSyntax.timeProblem(value)
        case .DT: ValueSyntax.dateTimeProblem(value)
        default: nil
        }
    }

    /// The number of values against the dictionary's VM (PS3.5 6.4). Empty values, private and
    /// unknown attributes and VRs the dictionary does not give are skipped.
    private static func checkMultiplicity(_ values: [String], _ context: ElementContext, into sink: inout FindingSink) {
        guard let entry = context.entry, context.allowedVRs.contains(context.element.vr),
            !values.allSatisfy({ trimSpaces($0).isEmpty })
        else { return }
        if !entry.multiplicity.allows(values.count) {
            sink.add(context.vmFinding(count: values.count, multiplicity: entry.multiplicity))
        }
    }

    private static func repertoire(of vr: VR) -> String {
        switch vr {
        case .CS: "A-Z, 0-9, space and _"
        case .DA: "digits"
        case .TM: "digits and ."
        case .DT: "digits, ., + and -"
        case .AS: "digits and D, W, M or Y"
        case .IS: "digits, + and -"
        case .DS: "digits, +, -, ., E and e"
        case .UI: "digits and ."
        case .AE, .UR: "printable ASCII without \\"
        case .LT, .ST, .UT: "no control characters but ESC, CR, LF, FF and TAB"
        default: "no control characters but ESC"
        }
    }
}

/// Problems found in the values of one element, one finding per code: the first value with the
/// problem and how many others share it.
private struct ValueProblems {
    let context: ElementContext
    private var entries: [(code: String, message: String, found: String, expected: String?, count: Int)] = []

    init(context: ElementContext) { self.context = context }

    mutating func add(_ code: String, _ message: String, found: String, expected: String?) {
        if let index = entries.firstIndex(where: { $0.code == code }) {
            entries[index].count += 1
        } else {
            entries.append((code, message, found, expected, 1))
        }
    }

    func flush(into sink: inout FindingSink) {
        for entry in entries {
            let more = entry.count > 1 ? " (and \(entry.count - 1) more value\(entry.count == 2 ? "" : "s"))" : ""
            sink.add(context.finding(
                .error, entry.code, "\(context.label) \(context.element.vr) \(entry.message)\(more)",
                found: shown(entry.found), expected: entry.expected))
        }
    }
}

/// The text with control characters written `\x1B` and cut to 80 characters, for messages.
private func shown(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars.prefix(80) {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            out += "\\x" + hexByte(UInt8(truncatingIfNeeded: scalar.value))
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return text.unicodeScalars.count > 80 ? out + "…" : out
}

private func hexByte(_ byte: UInt8) -> String {
    let hex = String(byte, radix: 16, uppercase: true)
    return hex.count == 1 ? "0" + hex : hex
}

/// The text without leading and trailing spaces.
private func trimSpaces(_ text: some StringProtocol) -> String {
    var slice = Substring(text)
    while let first = slice.first, first == " " { slice = slice.dropFirst() }
    while let last = slice.last, last == " " { slice = slice.dropLast() }
    return String(slice)
}

/// The text without trailing spaces.
private func dropTrailingSpaces(_ text: String) -> String {
    var slice = Substring(text)
    while let last = slice.last, last == " " { slice = slice.dropLast() }
    return String(slice)
}
