// Placeholder while Scripts/generate-dictionary is reworked (the literal-array form used too
// much compiler memory). Do not commit.
extension DataDictionary {
    static let exactEntries: [DictionaryEntry] = []
    static let maskedEntries: [DictionaryEntry] = []
    static let keywordOrder: [UInt16] = []
}
