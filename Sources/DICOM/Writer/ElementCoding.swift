/// One element on its own as bytes and back, for records that must restore an element exactly
/// (the audit log's previous values). The bytes are the element in Explicit VR Little Endian,
/// sequences included with their items' length forms (PS3.5 7.1.2, 7.5).
public enum ElementCoding {
    /// `element` encoded alone in Explicit VR Little Endian (bulk values are loaded).
    /// - Throws: `DICOMError` when a bulk value cannot be read or a length does not fit.
    public static func encode(_ element: Element) throws -> [UInt8] {
        let sink = MemorySink()
        try DataSetEncoder(encoding: .explicitLittle, sink: sink).writeElement(element)
        return sink.bytes
    }

    /// The element that `bytes` (from `encode`) hold, held in memory; nil when they are not
    /// exactly one well-formed element.
    public static func decode(_ bytes: [UInt8]) -> Element? {
        let source = MemoryByteSource(bytes, name: "<element>")
        var parser = DataSetParser(cursor: ByteCursor(source: source, position: 0), options: ReadOptions(bulkThreshold: Int.max))
        let (dataSet, _) = parser.parseDataSet(encoding: .explicitLittle, end: nil, inUndefinedItem: false, path: .root, depth: 0)
        guard parser.diagnostics.allSatisfy({ $0.severity != .error }), dataSet.count == 1, var element = dataSet.elements.first
        else { return nil }
        element.forgetEncoding()
        return element
    }
}

extension Element {
    /// Drops the record of the bytes the element was read from (its value is kept), so that it
    /// is encoded anew wherever it is written.
    mutating func forgetEncoding() {
        encoded = nil
        offset = nil
        if case .sequence(var items) = value {
            for index in items.indices { items[index].forgetEncoding() }
            value = .sequence(items)
        }
    }
}

extension Item {
    mutating func forgetEncoding() {
        var elements = dataSet.elements
        for index in elements.indices { elements[index].forgetEncoding() }
        dataSet = DataSet(elements: elements)
        encoded = nil
        offset = nil
    }
}
