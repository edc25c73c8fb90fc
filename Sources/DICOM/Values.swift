/// Reading and writing values by type (PS3.5 6.2). Text is decoded with the data set's Specific
/// Character Set; numbers are read from the in-memory little-endian bytes. Nothing here traps on
/// malformed values: a value that does not decode gives nil.
extension DataSet {
    /// The Specific Character Set (0008,0005) of this data set, or `inherited` when it has none
    /// (sequence items inherit their parent's, PS3.5 7.5.3).
    public func specificCharacterSet(inherited: SpecificCharacterSet = .defaultRepertoire) -> SpecificCharacterSet {
        guard let element = self[Tag(0x0008, 0x0005)], let bytes = element.inlineBytes else { return inherited }
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[end - 1] == 0x20 { end -= 1 }
        if bytes[bytes.startIndex..<end].elementsEqual("ISO_IR 100".utf8) { return .latin1 }
        if bytes[bytes.startIndex..<end].elementsEqual("ISO_IR 192".utf8) { return .utf8 }
        let terms = String(decoding: bytes, as: UTF8.self).split(separator: "\\", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces() }
        return SpecificCharacterSet(terms: terms)
    }

    /// The value of a string element as text, padding removed; multiple values keep their `\`.
    public func string(_ tag: Tag, characterSet: SpecificCharacterSet? = nil) -> String? {
        guard let element = self[tag] else { return nil }
        return element.string(characterSet: characterSet ?? specificCharacterSet())
    }

    /// The values of a string element split at `\`, each with padding removed.
    public func strings(_ tag: Tag, characterSet: SpecificCharacterSet? = nil) -> [String]? {
        guard let element = self[tag] else { return nil }
        return element.strings(characterSet: characterSet ?? specificCharacterSet())
    }

    /// The private creator (PS3.5 7.8.1) that reserved the block of a private data element,
    /// e.g. "SIEMENS CSA HEADER" for (0029,1010); nil when the tag is not private data or its
    /// creator element is missing.
    public func privateCreator(of tag: Tag) -> String? {
        guard let creatorTag = tag.privateCreatorTag else { return nil }
        return string(creatorTag, characterSet: .defaultRepertoire)
    }

    /// The first value of a numeric element (US, SS, UL, SL, IS, DS and friends), as an integer.
    public func int(_ tag: Tag) -> Int? { self[tag]?.ints?.first }

    /// Sets a string element, encoding with this data set's character set (or ISO_IR 192 text
    /// if `text` cannot be represented, which the caller then declares). Pads to even length.
    /// - Returns: false if the text cannot be encoded in the data set's character set.
    @discardableResult
    public mutating func setString(_ tag: Tag, _ vr: VR, _ text: String) -> Bool {
        let characterSet = specificCharacterSet()
        guard var bytes = vr.usesSpecificCharacterSet ? characterSet.encode(text, vr: vr) : (text.utf8.allSatisfy { $0 < 0x80 } ? Array(text.utf8) : nil)
        else { return false }
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        set(Element(tag, vr, bytes: bytes))
        return true
    }

    /// Sets a 16-bit unsigned element.
    public mutating func setUInt16(_ tag: Tag, _ values: [UInt16]) {
        set(Element(tag, .US, bytes: values.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }))
    }

    /// Sets a 32-bit unsigned element.
    public mutating func setUInt32(_ tag: Tag, _ values: [UInt32]) {
        set(Element(tag, .UL, bytes: values.flatMap { uint32LE($0) }))
    }
}

extension Element {
    /// The value as text with trailing padding (and leading spaces for most VRs) removed.
    public func string(characterSet: SpecificCharacterSet = .defaultRepertoire) -> String? {
        guard vr.isString || vr == .UN, let bytes = inlineBytes ?? (try? loadBytes()) ?? nil else { return nil }
        var text = characterSet.decode(bytes, vr: vr)
        while let last = text.last, last == " " || last == "\0" { text.removeLast() }
        if vr != .LT && vr != .ST && vr != .UT {
            while let first = text.first, first == " " { text.removeFirst() }
        }
        return text
    }

    /// The values of a string element, split at `\`, each trimmed.
    public func strings(characterSet: SpecificCharacterSet = .defaultRepertoire) -> [String]? {
        guard let text = string(characterSet: characterSet) else { return nil }
        guard vr.allowsMultipleStringValues else { return [text] }
        return text.split(separator: "\\", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
    }

    /// The values of a numeric element as integers: binary US, SS, UL, SL, SV, UV, or text IS, DS.
    public var ints: [Int]? {
        guard let bytes = inlineBytes else { return nil }
        switch vr {
        case .US: return stride(from: 0, to: bytes.count - 1, by: 2).map { Int(readUInt16(bytes, $0, bigEndian: false)) }
        case .SS: return stride(from: 0, to: bytes.count - 1, by: 2).map { Int(Int16(bitPattern: readUInt16(bytes, $0, bigEndian: false))) }
        case .UL: return stride(from: 0, to: bytes.count - 3, by: 4).map { Int(readUInt32LE(bytes, $0)) }
        case .SL: return stride(from: 0, to: bytes.count - 3, by: 4).map { Int(Int32(bitPattern: readUInt32LE(bytes, $0))) }
        case .IS, .DS:
            let values = String(decoding: bytes, as: UTF8.self).split(separator: "\\").map { $0.trimmingSpaces() }
            let parsed = values.compactMap { Int($0) ?? Double($0).flatMap { $0.isFinite && abs($0) < 9e18 ? Int($0) : nil } }
            return parsed.count == values.count ? parsed : nil
        default: return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and NULs.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\0" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\0" { slice = slice.dropLast() }
        return String(slice)
    }
}
