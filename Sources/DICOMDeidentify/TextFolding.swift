import Foundation

/// Text compared the way a reader would: upper case, without diacritics, and with the letters
/// that have no decomposition spelled in ASCII (Ø as O, Æ as AE, ß as SS), so that "MRS ODEGARD"
/// in a description matches the patient's name Ødegård. Used by the clean action (C) and by
/// `--verify`.
enum TextFolding {
    /// `text` folded: upper case, diacritics removed, ligatures and stroked letters spelled out.
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.uppercased() }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text { result += fold(character) }
        return result
    }

    /// One character folded; may give more than one character (Æ gives AE) or none (a lone
    /// combining mark).
    static func fold(_ character: Character) -> String {
        if character.isASCII { return character.uppercased() }
        let upper = character.uppercased()
        if let spelled = spelledOut[upper] { return spelled }
        // Canonical decomposition, then drop the combining marks (U+0300 to U+036F).
        let base = upper.decomposedStringWithCanonicalMapping.unicodeScalars.filter { !(0x0300...0x036F).contains($0.value) }
        var folded = ""
        folded.unicodeScalars.append(contentsOf: base)
        return spelledOut[folded] ?? folded
    }

    /// Letters NFD leaves alone, in their upper-case form.
    private static let spelledOut: [String: String] = [
        "Ø": "O", "Æ": "AE", "Œ": "OE", "ẞ": "SS", "Ł": "L", "Đ": "D", "Ð": "D", "Þ": "TH",
        "Ħ": "H", "Ŧ": "T",
    ]

    /// `text` with every occurrence of each term (folded, compared with the folded text)
    /// replaced by asterisks, one per original character; terms shorter than
    /// `IdentifyingValues.minimumLength` only where they are whole tokens. Terms must be folded
    /// already.
    static func blankOut(_ text: String, terms: [String]) -> String {
        let originals = Array(text)
        var folded: [Character] = []
        var origin: [Int] = []  // index in `originals` of each folded character
        for (index, character) in originals.enumerated() {
            for piece in fold(character) {
                folded.append(piece)
                origin.append(index)
            }
        }
        var blank = [Bool](repeating: false, count: originals.count)
        for term in terms {
            let needle = Array(term)
            let wholeToken = needle.count < IdentifyingValues.minimumLength
            for start in occurrences(of: needle, in: folded) where !wholeToken || isToken(folded, start, needle.count) {
                for position in start..<(start + needle.count) { blank[origin[position]] = true }
            }
        }
        guard blank.contains(true) else { return text }
        return String(originals.indices.map { blank[$0] ? "*" : originals[$0] })
    }

    /// Start offsets of every occurrence of `needle` in `haystack` (overlapping ones included).
    static func occurrences(of needle: [Character], in haystack: [Character]) -> [Int] {
        guard let first = needle.first, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            var matches = true
            for offset in 1..<needle.count where haystack[start + offset] != needle[offset] {
                matches = false
                break
            }
            if matches { found.append(start) }
        }
        return found
    }

    /// Whether the `count` characters at `start` are a whole token: not preceded or followed by
    /// a letter or digit.
    static func isToken(_ text: [Character], _ start: Int, _ count: Int) -> Bool {
        let end = start + count
        let before = start == 0 || !isWordCharacter(text[start - 1])
        let after = end >= text.count || !isWordCharacter(text[end])
        return before && after
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}
