/// Finds folded identifying values in folded text, all of them in one pass: terms are indexed
/// by their first two bytes (UTF-8), so each position of the text is compared only with the
/// terms that can start there. Short terms (`tokens`, and terms of fewer than
/// `IdentifyingValues.minimumLength` characters such as a family name LEE) count only as whole
/// tokens: inside words they match by chance.
struct TermMatcher: Sendable {
    private struct Term: Sendable {
        let text: String
        let bytes: [UInt8]
        let wholeToken: Bool
    }

    private var byPrefix: [UInt16: [Term]] = [:]
    /// The UTF-8 length of the longest term.
    private(set) var longest = 0
    var isEmpty: Bool { byPrefix.isEmpty }

    /// - Parameters:
    ///   - terms: folded values found anywhere in text.
    ///   - tokens: folded values found only between non-alphanumeric characters.
    init(terms: Set<String>, tokens: Set<String>) {
        let listed = terms.map { ($0, $0.count < IdentifyingValues.minimumLength) } + tokens.subtracting(terms).map { ($0, true) }
        for (text, wholeToken) in listed {
            let bytes = Array(text.utf8)
            guard bytes.count >= 2 else { continue }
            byPrefix[Self.prefix(bytes, 0), default: []].append(Term(text: text, bytes: bytes, wholeToken: wholeToken))
            longest = max(longest, bytes.count)
        }
    }

    /// Every term occurring in `text` (folded UTF-8), each once.
    func matches(in text: [UInt8]) -> Set<String> {
        var found: Set<String> = []
        guard text.count >= 2 else { return found }
        for start in 0..<(text.count - 1) {
            guard let candidates = byPrefix[Self.prefix(text, start)] else { continue }
            for term in candidates where !found.contains(term.text) && Self.occurs(term, in: text, at: start) {
                found.insert(term.text)
            }
        }
        return found
    }

    private static func occurs(_ term: Term, in text: [UInt8], at start: Int) -> Bool {
        let end = start + term.bytes.count
        guard end <= text.count else { return false }
        var index = 2
        while index < term.bytes.count {
            if text[start + index] != term.bytes[index] { return false }
            index += 1
        }
        guard term.wholeToken else { return true }
        let before = start == 0 || !isWordByte(text[start - 1])
        let after = end == text.count || !isWordByte(text[end])
        return before && after
    }

    /// ASCII letters and digits, and every byte of a non-ASCII character (folded text keeps
    /// only letters outside ASCII in practice).
    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"): true
        default: byte >= 0x80
        }
    }

    private static func prefix(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }
}
