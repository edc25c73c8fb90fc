/// What a read tolerates and how much it loads. Leniency is a value passed to each read, never
/// global state: every tolerated problem is reported as a diagnostic.
public struct ReadOptions: Sendable {
    /// Values longer than this many bytes stay in the file as `BulkData` (pixel data always does).
    public var bulkThreshold: Int = 64 * 1024
    /// Stop reading at the first top-level element whose tag is at or after this one (e.g. pixel
    /// data, for header-only reads). The stopped file can still be written: the rest is copied.
    public var stopBefore: Tag?
    /// Turn every diagnostic of warning severity or worse into a thrown error.
    public var strict: Bool = false
    /// Deepest sequence nesting accepted.
    public var maximumDepth: Int = 64
    /// Largest inflated size of a deflated data set.
    public var maximumInflatedSize: Int64 = 1 << 32
    /// A deflated data set whose compressed size is above this is inflated into an anonymous
    /// temporary file rather than memory, so large deflated files cost little memory.
    public var inflateInMemoryLimit: Int64 = 16 << 20

    public init(bulkThreshold: Int = 64 * 1024, stopBefore: Tag? = nil, strict: Bool = false) {
        self.bulkThreshold = bulkThreshold
        self.stopBefore = stopBefore
        self.strict = strict
    }

    /// Everything but the pixel data.
    public static let headerOnly = ReadOptions(stopBefore: Tag(0x7FE0, 0x0010))
    public static let lenient = ReadOptions()
    public static let strictPolicy = ReadOptions(strict: true)
}

/// Tags whose values always stay in the file, whatever their size.
func isAlwaysBulk(_ tag: Tag) -> Bool {
    switch tag.rawValue {
    case 0x7FE0_0010, 0x7FE0_0008, 0x7FE0_0009:  // Pixel Data, Float / Double Float Pixel Data
        return true
    case 0x5400_1010, 0x5600_0020:  // Waveform Data, Spectroscopy Data
        return true
    default:
        // Overlay Data (60xx,3000)
        return tag.group & 0xFF01 == 0x6000 && tag.element == 0x3000
    }
}
