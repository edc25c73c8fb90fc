/// Decodes a stream of data elements into a `DataSet` (PS3.5 sections 7.1 to 7.5), recording
/// where every element and item came from and every problem met on the way.
///
/// The parser never trusts a length: a value or item that claims more bytes than its container
/// holds is cut at the container's end and reported; nesting deeper than the limit is reported
/// and skipped. The counts of elements, items and diagnostics are bounded too (`ReadOptions`),
/// so that a small file (or a small deflated stream) cannot make the reader hold unbounded memory.
struct DataSetParser {
    var cursor: ByteCursor
    let options: ReadOptions
    /// The diagnostics kept, at most `options.maximumDiagnostics`; see `finalDiagnostics`.
    var diagnostics: [Diagnostic] = []
    /// Offset where a stop condition ended the read, if one did.
    var stoppedAt: Int64?
    /// Elements and items (fragments included) read so far, against the options' limits.
    private(set) var elementCount = 0
    private(set) var itemCount = 0
    /// Set when a count limit stopped the read: every level then returns at once.
    private(set) var limitExceeded = false
    /// Diagnostics past the limit: how many, and the worst severity among them.
    private var suppressedDiagnostics = 0
    private var suppressedSeverity = Severity.info

    init(cursor: ByteCursor, options: ReadOptions) {
        self.cursor = cursor
        self.options = options
    }

    /// Why `parseDataSet` returned.
    enum Termination {
        case reachedEnd, itemDelimiter, sequenceDelimiter, truncated, stopped
    }

    mutating func report(_ severity: Severity, _ code: String, _ message: String, at offset: Int64, _ path: TagPath) {
        guard diagnostics.count < options.maximumDiagnostics else {
            suppressedDiagnostics += 1
            suppressedSeverity = max(suppressedSeverity, severity)
            return
        }
        diagnostics.append(Diagnostic(severity, code, message, offset: offset, path: path))
    }

    /// The diagnostics kept, followed (when some were dropped past the limit) by one
    /// `read.diagnostics.limit` diagnostic that counts them, with the worst severity among them.
    var finalDiagnostics: [Diagnostic] {
        guard suppressedDiagnostics > 0 else { return diagnostics }
        return diagnostics + [Diagnostic(
            suppressedSeverity, "read.diagnostics.limit",
            "\(suppressedDiagnostics) more problem(s) not listed: more than \(options.maximumDiagnostics) in one file")]
    }

    /// Counts one more element (or item, when `item`), and stops the whole read with an error
    /// diagnostic when that passes the options' limit. Returns false when the read must stop.
    private mutating func count(item: Bool, at offset: Int64, _ path: TagPath) -> Bool {
        if item { itemCount += 1 } else { elementCount += 1 }
        let (counted, limit, code, what) =
            item
            ? (itemCount, options.maximumItems, "read.items.limit", "items")
            : (elementCount, options.maximumElements, "read.elements.limit", "data elements")
        guard counted > limit else { return true }
        report(.error, code, "more than \(limit) \(what) in one file: stopped reading (the rest of the file is left unread)", at: offset, path)
        limitExceeded = true
        cursor.seek(to: cursor.end)
        return false
    }

    /// Parses elements until `end` (an absolute offset), an item delimiter (when `inUndefinedItem`),
    /// or the end of the data.
    mutating func parseDataSet(
        encoding: Encoding, end: Int64?, inUndefinedItem: Bool, path: TagPath, depth: Int
    ) -> (DataSet, Termination) {
        var dataSet = DataSet()
        let limit = end ?? cursor.end
        var signedPixels = false
        while true {
            let start = cursor.position
            if limitExceeded { return (dataSet, .truncated) }
            if start >= limit {
                if inUndefinedItem, end == nil {
                    report(.error, "read.item.unterminated", "data ends inside an item of undefined length (no item delimiter)", at: start, path)
                    return (dataSet, .truncated)
                }
                return (dataSet, .reachedEnd)
            }
            guard let group = cursor.readUInt16(bigEndian: encoding.isBigEndian),
                let number = cursor.readUInt16(bigEndian: encoding.isBigEndian)
            else {
                report(.error, "read.header.truncated", "data ends inside an element header (\(limit - start) bytes left)", at: start, path)
                cursor.seek(to: limit)
                return (dataSet, .truncated)
            }
            let tag = Tag(group, number)
            if tag.group == 0xFFFE {
                switch tag {
                case .itemDelimitationItem:
                    _ = cursor.readUInt32(bigEndian: encoding.isBigEndian)
                    if inUndefinedItem { return (dataSet, .itemDelimiter) }
                    report(.warning, "read.delimiter.stray", "item delimiter outside an item of undefined length: ignored", at: start, path)
                    continue
                case .sequenceDelimitationItem:
                    _ = cursor.readUInt32(bigEndian: encoding.isBigEndian)
                    if depth > 0 {
                        report(.error, "read.item.unterminated", "sequence delimiter before the item's delimiter", at: start, path)
                        return (dataSet, .sequenceDelimiter)
                    }
                    report(.warning, "read.delimiter.stray", "sequence delimiter outside a sequence: ignored", at: start, path)
                    continue
                default:
                    break
                }
            }
            if depth == 0, let stop = options.stopBefore, tag >= stop {
                cursor.seek(to: start)
                stoppedAt = start
                return (dataSet, .stopped)
            }
            guard count(item: false, at: start, path) else { return (dataSet, .truncated) }
            guard let element = parseElement(tag: tag, start: start, encoding: encoding, limit: limit, path: path, depth: depth, signedPixels: signedPixels) else {
                return (dataSet, .truncated)
            }
            if let lastTag = dataSet.elements.last?.tag {
                if lastTag == tag {
                    report(.error, "read.element.duplicate", "\(tag) appears twice in the same data set", at: start, path.appending(tag))
                } else if tag < lastTag {
                    report(.warning, "read.element.out-of-order", "\(tag) comes after \(lastTag): elements are not in ascending order", at: start, path.appending(tag))
                }
            }
            if tag.rawValue == 0x0028_0103, let value = element.inlineBytes, value.count >= 2 {
                signedPixels = value[0] == 1 && value[1] == 0  // Pixel Representation 1: signed
            }
            dataSet.appendRead(element)
            if cursor.position >= cursor.end, cursor.ioError != nil { return (dataSet, .truncated) }
        }
    }

    /// Reads one element whose tag has been read at `start`. Nil when the data ends inside the
    /// header.
    private mutating func parseElement(
        tag: Tag, start: Int64, encoding: Encoding, limit: Int64, path: TagPath, depth: Int, signedPixels: Bool
    ) -> Element? {
        var elementPath: TagPath { path.appending(tag) }
        let bigEndian = encoding.isBigEndian
        var vr: VR
        var length: UInt32
        if encoding.isExplicitVR && tag.group != 0xFFFE {
            guard let code = cursor.peekBytes(2) else {
                report(.error, "read.header.truncated", "data ends inside the header of \(tag)", at: start, elementPath)
                cursor.seek(to: limit)
                return nil
            }
            if let known = VR(code0: code[code.startIndex], code1: code[code.startIndex + 1]) {
                cursor.skip(2)
                vr = known
                if known.hasLongExplicitLength {
                    cursor.skip(2)
                    guard let l = cursor.readUInt32(bigEndian: bigEndian) else { return truncatedHeader(tag, start, limit, elementPath) }
                    length = l
                } else {
                    guard let l = cursor.readUInt16(bigEndian: bigEndian) else { return truncatedHeader(tag, start, limit, elementPath) }
                    length = UInt32(l)
                }
            } else {
                // Not a VR: most often an implicit-VR element inside an explicit data set.
                let shown = code.map { (0x20...0x7E).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
                guard let implicitLength = cursor.readUInt32(bigEndian: bigEndian) else { return truncatedHeader(tag, start, limit, elementPath) }
                vr = DataDictionary.defaultVR(for: tag)
                if implicitLength == 0xFFFF_FFFF || Int64(implicitLength) <= limit - cursor.position {
                    report(.error, "read.vr.invalid", "VR bytes '\(shown)' are not a VR: read \(tag) as implicit VR (\(vr))", at: start, elementPath)
                    length = implicitLength
                } else {
                    // Read as an unknown VR with a 16-bit length.
                    cursor.seek(to: start + 6)
                    length = UInt32(cursor.readUInt16(bigEndian: bigEndian) ?? 0)
                    vr = .UN
                    report(.error, "read.vr.invalid", "VR bytes '\(shown)' are not a VR: read \(tag) as UN with a 16-bit length", at: start, elementPath)
                }
            }
        } else {
            guard let l = cursor.readUInt32(bigEndian: bigEndian) else { return truncatedHeader(tag, start, limit, elementPath) }
            length = l
            vr = implicitVR(for: tag, signedPixels: signedPixels)
        }

        let valueStart = cursor.position
        var undefinedLength = false
        let value: Value
        if length == 0xFFFF_FFFF {
            undefinedLength = true
            if isPixelDataTag(tag) && vr != .SQ {
                value = .encapsulated(parseFragments(encoding: encoding, limit: limit, path: elementPath))
            } else {
                if vr != .SQ && vr != .UN && encoding.isExplicitVR {
                    report(.warning, "read.length.undefined-non-sequence", "\(tag) has VR \(vr) with undefined length: read as a sequence", at: start, elementPath)
                }
                // UN of undefined length holds an implicit VR little endian sequence (PS3.5 6.2.2).
                let itemEncoding = (vr == .UN && encoding.isExplicitVR) ? Encoding.implicitLittle : encoding
                if vr != .UN || !encoding.isExplicitVR { vr = .SQ }
                guard depth < options.maximumDepth else {
                    report(.error, "read.depth.exceeded", "sequences nested deeper than \(options.maximumDepth): stopped reading", at: start, elementPath)
                    cursor.seek(to: limit)
                    return nil
                }
                value = .sequence(parseItems(encoding: itemEncoding, end: nil, limit: limit, path: elementPath, depth: depth + 1))
            }
        } else {
            var byteCount = Int64(length)
            if length % 2 == 1 {
                report(.warning, "read.value.odd-length", "\(tag) has odd length \(length)", at: start, elementPath)
            }
            let available = limit - valueStart
            if byteCount > available {
                let container = limit == cursor.end ? "the data" : "its container"
                report(.error, "read.value.truncated", "\(tag) declares \(byteCount) bytes but \(container) has only \(available) left", at: start, elementPath)
                byteCount = max(0, available)
            }
            let valueEnd = valueStart + byteCount

            if vr == .SQ || (vr == .UN && !encoding.isExplicitVR && startsWithItemTag(bigEndian: bigEndian, count: byteCount)) {
                guard depth < options.maximumDepth else {
                    report(.error, "read.depth.exceeded", "sequences nested deeper than \(options.maximumDepth): skipped", at: start, elementPath)
                    cursor.seek(to: valueEnd)
                    return Element(tag: tag, vr: vr, value: .bytes([]), encoded: span(start, encoding), offset: start, undefinedLength: false)
                }
                vr = .SQ
                value = .sequence(parseItems(encoding: encoding, end: valueEnd, limit: valueEnd, path: elementPath, depth: depth + 1))
                if cursor.position != valueEnd { cursor.seek(to: valueEnd) }
            } else if isAlwaysBulk(tag) || byteCount > Int64(options.bulkThreshold) {
                let unit = bigEndian ? swapUnit(for: vr, tag: tag) : 1
                value = .bulk(BulkData(source: cursor.source, offset: valueStart, length: byteCount, isBigEndian: bigEndian, swapUnit: unit))
                cursor.seek(to: valueEnd)
            } else {
                guard var bytes = cursor.readBytes(Int(byteCount)) else {
                    report(.error, "read.value.truncated", "cannot read the value of \(tag)", at: start, elementPath)
                    cursor.seek(to: limit)
                    return nil
                }
                if bigEndian { swapBytes(&bytes, unit: swapUnit(for: vr, tag: tag)) }
                value = .bytes(bytes)
            }
        }
        return Element(tag: tag, vr: vr, value: value, encoded: span(start, encoding), offset: start, undefinedLength: undefinedLength)
    }

    private mutating func truncatedHeader(_ tag: Tag, _ start: Int64, _ limit: Int64, _ path: TagPath) -> Element? {
        report(.error, "read.header.truncated", "data ends inside the header of \(tag)", at: start, path)
        cursor.seek(to: limit)
        return nil
    }

    /// The span from `start` to the cursor.
    private func span(_ start: Int64, _ encoding: Encoding) -> EncodedSpan {
        EncodedSpan(source: cursor.source, offset: start, length: cursor.position - start, encoding: encoding)
    }

    /// Whether the next bytes are an item tag (FFFE,E000): how an implicit-VR private sequence
    /// shows itself.
    private mutating func startsWithItemTag(bigEndian: Bool, count: Int64) -> Bool {
        guard count >= 8, let b = cursor.peekBytes(4) else { return false }
        let s = b.startIndex
        return bigEndian
            ? (b[s] == 0xFF && b[s + 1] == 0xFE && b[s + 2] == 0xE0 && b[s + 3] == 0x00)
            : (b[s] == 0xFE && b[s + 1] == 0xFF && b[s + 2] == 0x00 && b[s + 3] == 0xE0)
    }

    /// Parses the items of a sequence: until `end` for a defined length, or until the sequence
    /// delimiter (undefined length, `end` nil). `limit` bounds everything.
    mutating func parseItems(encoding: Encoding, end: Int64?, limit: Int64, path: TagPath, depth: Int) -> [Item] {
        var items: [Item] = []
        let bigEndian = encoding.isBigEndian
        while !limitExceeded {
            let itemStart = cursor.position
            if let end, itemStart >= end { break }
            guard let group = cursor.readUInt16(bigEndian: bigEndian), let number = cursor.readUInt16(bigEndian: bigEndian),
                let length = cursor.readUInt32(bigEndian: bigEndian)
            else {
                report(.error, "read.sequence.truncated", "data ends inside a sequence (no sequence delimiter)", at: itemStart, path)
                cursor.seek(to: limit)
                break
            }
            let tag = Tag(group, number)
            if tag == .sequenceDelimitationItem {
                if end != nil {
                    report(.warning, "read.delimiter.stray", "sequence delimiter inside a sequence of defined length", at: itemStart, path)
                }
                break
            }
            guard tag == .item else {
                report(.error, "read.item.expected", "expected an item (FFFE,E000) in the sequence, found \(tag)", at: itemStart, path)
                if end == nil {
                    // Most likely a missing sequence delimiter: let the enclosing data set go on.
                    cursor.seek(to: itemStart)
                } else {
                    cursor.seek(to: end ?? limit)
                }
                break
            }
            guard count(item: true, at: itemStart, path) else { break }
            let itemPath = path.item(items.count)
            let dataSet: DataSet
            var termination: Termination
            if length == 0xFFFF_FFFF {
                (dataSet, termination) = parseDataSet(encoding: encoding, end: end, inUndefinedItem: true, path: itemPath, depth: depth)
                if termination == .reachedEnd, end != nil {
                    report(.error, "read.item.unterminated", "item of undefined length ends with its sequence, without an item delimiter", at: itemStart, itemPath)
                }
            } else {
                var itemEnd = cursor.position + Int64(length)
                if itemEnd > limit {
                    report(.error, "read.item.truncated", "item declares \(length) bytes but only \(limit - cursor.position) are left", at: itemStart, itemPath)
                    itemEnd = limit
                }
                (dataSet, termination) = parseDataSet(encoding: encoding, end: itemEnd, inUndefinedItem: false, path: itemPath, depth: depth)
                if cursor.position != itemEnd { cursor.seek(to: itemEnd) }
            }
            let span = EncodedSpan(source: cursor.source, offset: itemStart, length: cursor.position - itemStart, encoding: encoding)
            items.append(Item(dataSet: dataSet, encoded: span, offset: itemStart, undefinedLength: length == 0xFFFF_FFFF))
            if termination == .sequenceDelimiter || termination == .truncated { break }
        }
        return items
    }

    /// Parses the items of encapsulated pixel data up to the sequence delimiter, leaving each
    /// fragment in the file.
    private mutating func parseFragments(encoding: Encoding, limit: Int64, path: TagPath) -> EncapsulatedPixelData {
        var items: [BulkData] = []
        while !limitExceeded {
            let itemStart = cursor.position
            guard let group = cursor.readUInt16(bigEndian: encoding.isBigEndian), let number = cursor.readUInt16(bigEndian: encoding.isBigEndian),
                let length = cursor.readUInt32(bigEndian: encoding.isBigEndian)
            else {
                report(.error, "read.fragments.truncated", "data ends inside encapsulated pixel data (no sequence delimiter)", at: itemStart, path)
                cursor.seek(to: limit)
                break
            }
            let tag = Tag(group, number)
            if tag == .sequenceDelimitationItem { break }
            guard tag == .item, length != 0xFFFF_FFFF else {
                report(.error, "read.fragments.unexpected", "expected a fragment item in encapsulated pixel data, found \(tag) with length \(length)", at: itemStart, path)
                cursor.seek(to: itemStart)
                break
            }
            guard count(item: true, at: itemStart, path) else { break }
            var byteCount = Int64(length)
            if byteCount > limit - cursor.position {
                report(.error, "read.fragments.truncated", "fragment declares \(byteCount) bytes but only \(limit - cursor.position) are left", at: itemStart, path.item(items.count))
                byteCount = limit - cursor.position
            }
            items.append(BulkData(source: cursor.source, offset: cursor.position, length: byteCount))
            cursor.skip(byteCount)
        }
        return EncapsulatedPixelData(items: items)
    }
}

func isPixelDataTag(_ tag: Tag) -> Bool { tag.rawValue == 0x7FE0_0010 }

/// The VR of an element in an implicit VR encoding (PS3.5 A.1): the dictionary's, with its
/// ambiguities resolved as the standard says: OB or OW is OW (pixel data, overlay data), US or
/// SS is SS when the data set's Pixel Representation says signed.
func implicitVR(for tag: Tag, signedPixels: Bool) -> VR {
    guard let entry = DataDictionary.entry(for: tag) else { return .UN }
    if entry.vr == .OB, entry.alternativeVRs.contains(.OW) { return .OW }
    if entry.vr == .US, signedPixels, entry.alternativeVRs.contains(.SS) { return .SS }
    return entry.vr
}

/// The swap unit of a value for its VR; for UN the dictionary's VR decides.
func swapUnit(for vr: VR, tag: Tag) -> Int {
    if vr == .UN { return 1 }
    return vr.swapUnit
}
