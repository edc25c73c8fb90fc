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
                    guard depth < maximumDepth, let bytes = (try? element.loadBytes()) ?? nil,
                        let items = Self.items(implicitLittleEndian: bytes, depth: depth + 1, maximumDepth: maximumDepth)
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

    /// The items of a sequence value encoded as implicit VR little endian; nil when the bytes
    /// are not a clean run of items (the value then stays UN, as read).
    private static func items(implicitLittleEndian bytes: [UInt8], depth: Int, maximumDepth: Int) -> [Item]? {
        var options = ReadOptions(bulkThreshold: Int.max)
        options.maximumDepth = maximumDepth
        var parser = DataSetParser(cursor: ByteCursor(source: MemoryByteSource(bytes, name: "UN value")), options: options)
        let items = parser.parseItems(encoding: .implicitLittle, end: Int64(bytes.count), limit: Int64(bytes.count), path: .root, depth: depth)
        guard parser.diagnostics.allSatisfy({ $0.severity != .error }), parser.cursor.position == Int64(bytes.count) else { return nil }
        return items
    }
}
