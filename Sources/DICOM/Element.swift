/// Where an element or item came from: the exact bytes it occupied in its source and the
/// encoding they are in. The writer copies these bytes verbatim while nothing has changed, which
/// is what makes read-then-write lossless.
public struct EncodedSpan: Sendable {
    public let source: any ByteSource
    public let offset: Int64
    public let length: Int64
    public let encoding: Encoding
}

/// A value that stays in its source until someone asks for it: pixel data, and any value larger
/// than the read threshold.
public struct BulkData: Sendable {
    public let source: any ByteSource
    /// Offset of the first value byte in the source.
    public let offset: Int64
    public let length: Int64
    /// The value is stored big-endian in the source and must be swapped in units of `swapUnit`
    /// bytes to get the in-memory (little-endian) form.
    public let isBigEndian: Bool
    public let swapUnit: Int

    public init(source: any ByteSource, offset: Int64, length: Int64, isBigEndian: Bool = false, swapUnit: Int = 1) {
        self.source = source
        self.offset = offset
        self.length = length
        self.isBigEndian = isBigEndian
        self.swapUnit = swapUnit
    }

    /// Loads the value, in little-endian byte order.
    public func load() throws -> [UInt8] {
        guard length <= Int64(Int.max) else {
            throw DICOMError(.tooLarge, "value of \(length) bytes is too large to load", file: source.name, offset: offset)
        }
        var bytes = try source.bytes(at: offset, count: Int(length))
        if isBigEndian { swapBytes(&bytes, unit: swapUnit) }
        return bytes
    }
}

/// Pixel data in an encapsulated transfer syntax (PS3.5 A.4): the Basic Offset Table item
/// followed by the fragment items, each kept in the file as an opaque range.
public struct EncapsulatedPixelData: Sendable {
    /// Every item in order; the first is the Basic Offset Table (often empty).
    public var items: [BulkData]

    public init(items: [BulkData]) { self.items = items }

    public var basicOffsetTable: BulkData? { items.first }
    public var fragments: ArraySlice<BulkData> { items.dropFirst() }
}

/// The value of a data element.
public enum Value: Sendable {
    /// A value held in memory. Numbers are little-endian whatever the source's byte order; text
    /// is in the bytes of the data set's character set, padding included.
    case bytes([UInt8])
    /// A value left in its source.
    case bulk(BulkData)
    /// The items of a sequence (VR SQ, or UN of undefined length read as a sequence).
    case sequence([Item])
    /// Encapsulated pixel data.
    case encapsulated(EncapsulatedPixelData)

    /// The value's length in bytes as stored (not meaningful for sequences: 0).
    public var byteCount: Int64 {
        switch self {
        case .bytes(let b): Int64(b.count)
        case .bulk(let b): b.length
        case .sequence, .encapsulated: 0
        }
    }
}

/// A data element: tag, VR and value, plus the bytes it was read from.
public struct Element: Sendable {
    public let tag: Tag
    /// The VR: as written in explicit encodings, from the dictionary in implicit ones (UN when
    /// unknown).
    public var vr: VR { didSet { encoded = nil } }
    public var value: Value { didSet { encoded = nil } }
    /// The element's original encoding; nil for a new or changed element.
    public internal(set) var encoded: EncodedSpan?
    /// Byte offset of the element's tag in the file (nil for new elements).
    public internal(set) var offset: Int64?
    /// Whether the element (a sequence or encapsulated pixel data) had undefined length; kept
    /// when the element is written again.
    public var hasUndefinedLength: Bool

    /// A new element with a value held in memory.
    public init(_ tag: Tag, _ vr: VR, bytes: [UInt8]) {
        self.init(tag, vr, value: .bytes(bytes))
    }

    /// A new element.
    public init(_ tag: Tag, _ vr: VR, value: Value, undefinedLength: Bool? = nil) {
        self.tag = tag
        self.vr = vr
        self.value = value
        self.encoded = nil
        self.offset = nil
        switch value {
        case .sequence, .encapsulated: self.hasUndefinedLength = undefinedLength ?? true
        default: self.hasUndefinedLength = undefinedLength ?? false
        }
    }

    init(tag: Tag, vr: VR, value: Value, encoded: EncodedSpan?, offset: Int64?, undefinedLength: Bool) {
        self.tag = tag
        self.vr = vr
        self.value = value
        self.encoded = encoded
        self.offset = offset
        self.hasUndefinedLength = undefinedLength
    }

    /// The items when the element is a sequence; empty otherwise.
    public var items: [Item] {
        get {
            if case .sequence(let items) = value { return items }
            return []
        }
        set { value = .sequence(newValue) }
    }

    /// Whether the value is a sequence of items.
    public var isSequence: Bool {
        if case .sequence = value { return true }
        return false
    }

    /// The value bytes (little-endian numbers), loading bulk data if needed; nil for sequences
    /// and encapsulated pixel data.
    public func loadBytes() throws -> [UInt8]? {
        switch value {
        case .bytes(let b): return b
        case .bulk(let bulk): return try bulk.load()
        case .sequence, .encapsulated: return nil
        }
    }

    /// The bytes when held in memory, without touching the source; nil otherwise.
    public var inlineBytes: [UInt8]? {
        if case .bytes(let b) = value { return b }
        return nil
    }
}

/// One item of a sequence: a nested data set.
public struct Item: Sendable {
    public var dataSet: DataSet { didSet { encoded = nil } }
    public internal(set) var encoded: EncodedSpan?
    public internal(set) var offset: Int64?
    public var hasUndefinedLength: Bool

    public init(_ dataSet: DataSet = DataSet(), undefinedLength: Bool = true) {
        self.dataSet = dataSet
        self.encoded = nil
        self.offset = nil
        self.hasUndefinedLength = undefinedLength
    }

    init(dataSet: DataSet, encoded: EncodedSpan?, offset: Int64?, undefinedLength: Bool) {
        self.dataSet = dataSet
        self.encoded = encoded
        self.offset = offset
        self.hasUndefinedLength = undefinedLength
    }
}

/// Reverses the byte order of every `unit`-byte number in `bytes` (a trailing partial unit is
/// left alone).
func swapBytes(_ bytes: inout [UInt8], unit: Int) {
    guard unit > 1 else { return }
    bytes.withUnsafeMutableBufferPointer { swapBytes(in: UnsafeMutableRawBufferPointer($0), unit: unit) }
}

func swapBytes(in buffer: UnsafeMutableRawBufferPointer, unit: Int) {
    guard unit > 1 else { return }
    var start = 0
    while start + unit <= buffer.count {
        var low = start
        var high = start + unit - 1
        while low < high {
            buffer.swapAt(low, high)
            low += 1
            high -= 1
        }
        start += unit
    }
}
