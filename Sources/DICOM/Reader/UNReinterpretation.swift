/// Values of standard attributes that an explicit VR file carries with VR UN (a system that
/// did not know the attribute when it wrote it), read by the VR the data dictionary gives
/// (PS3.5 6.2.2: a UN value is the value as implicit VR little endian would encode it).
///
/// Sequences are parsed into items and text VRs relabelled, inside items too, so that what
/// acts by VR (UID replacement, text cleaning) sees them. Binary VRs stay UN: their byte order
/// in a big endian file is not settled. Nothing changes for an element that is not UN, or whose
/// tag the dictionary does not know.
extension DataSet {
    /// This data set with every UN value of a known tag reinterpreted; `count` tells how many.
    public func reinterpretingKnownUN(maximumDepth: Int = ReadOptions.lenient.maximumDepth) -> (dataSet: DataSet, count: Int) {
        var result = self
        var count = 0
        result.reinterpretKnownUN(depth: 0, maximumDepth: maximumDepth, count: &count)
        return (result, count)
    }

    /// The dictionary VR an element read as UN should have, nil when it keeps UN.
    private static func knownVR(of element: Element) -> VR? {
        guard element.vr == .UN, !element.tag.isPrivate, let known = DataDictionary.entry(for: element.tag)?.vr,
            known == .SQ || known.isString
        else { return nil }
        return known
    }

    /// Whether this data set or one of its items holds an element to reinterpret (checked first,
    /// so that a data set without any is left untouched and stays byte for byte as read).
    private func containsKnownUN(depth: Int, maximumDepth: Int) -> Bool {
        guard depth <= maximumDepth else { return false }
        return elements.contains { element in
            Self.knownVR(of: element) != nil
                || element.items.contains { $0.dataSet.containsKnownUN(depth: depth + 1, maximumDepth: maximumDepth) }
        }
    }

    private mutating func reinterpretKnownUN(depth: Int, maximumDepth: Int, count: inout Int) {
        let tags = elements.filter { element in
            Self.knownVR(of: element) != nil
                || element.items.contains { $0.dataSet.containsKnownUN(depth: depth + 1, maximumDepth: maximumDepth) }
        }.map(\.tag)
        for tag in tags {
            modify(tag) { element in
                if element.isSequence {
                    guard depth < maximumDepth else { return }
                    for index in element.items.indices
                    where element.items[index].dataSet.containsKnownUN(depth: depth + 1, maximumDepth: maximumDepth) {
                        element.items[index].dataSet.reinterpretKnownUN(depth: depth + 1, maximumDepth: maximumDepth, count: &count)
                    }
                    return
                }
                guard let known = Self.knownVR(of: element) else { return }
                if known == .SQ {
                    guard depth < maximumDepth, let items = Self.items(of: element, depth: depth + 1, maximumDepth: maximumDepth)
                    else { return }
                    element.vr = .SQ
                    element.value = .sequence(items)
                    for index in element.items.indices
                    where element.items[index].dataSet.containsKnownUN(depth: depth + 1, maximumDepth: maximumDepth) {
                        element.items[index].dataSet.reinterpretKnownUN(depth: depth + 1, maximumDepth: maximumDepth, count: &count)
                    }
                    count += 1
                } else {
                    element.vr = known
                    count += 1
                }
            }
        }
    }

    /// The items of a UN value holding an implicit VR little endian sequence, parsed where the
    /// value lies in its file (so offsets inside are the file's), or from memory for a value made
    /// in memory; nil when the bytes are not a clean run of items (the value then stays UN).
    private static func items(of element: Element, depth: Int, maximumDepth: Int) -> [Item]? {
        let source: any ByteSource
        let start: Int64
        let length: Int64
        switch element.value {
        case .bulk(let bulk) where !bulk.isBigEndian:
            (source, start, length) = (bulk.source, bulk.offset, bulk.length)
        case .bytes(let bytes):
            // Explicit VR UN header: tag, VR, two reserved bytes, 32-bit length (PS3.5 7.1.2).
            if let span = element.encoded, span.encoding == .explicitLittle, span.length == Int64(bytes.count) + 12 {
                (source, start, length) = (span.source, span.offset + 12, Int64(bytes.count))
            } else {
                (source, start, length) = (MemoryByteSource(bytes, name: "UN value"), 0, Int64(bytes.count))
            }
        default:
            return nil
        }
        var options = ReadOptions(bulkThreshold: 64 * 1024)
        options.maximumDepth = maximumDepth
        var parser = DataSetParser(cursor: ByteCursor(source: source, position: start), options: options)
        let end = start + length
        let items = parser.parseItems(encoding: .implicitLittle, end: end, limit: end, path: .root, depth: depth)
        guard parser.diagnostics.allSatisfy({ $0.severity != .error }), parser.cursor.position == end else { return nil }
        return items
    }
}
