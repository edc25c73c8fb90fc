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
    /// Deepest sequence nesting accepted; deeper sequences are skipped with `read.depth.exceeded`.
    public var maximumDepth: Int = 64
    /// Most data elements read from one file, at every level; past it the read stops with
    /// `read.elements.limit` (an error). Real headers have thousands; the largest enhanced
    /// multi-frame and RT files, a few hundred thousand.
    public var maximumElements: Int = 2_000_000
    /// Most sequence items (and encapsulated pixel data fragments) read from one file; past it
    /// the read stops with `read.items.limit` (an error).
    public var maximumItems: Int = 1_000_000
    /// Most diagnostics kept for one file; the others are counted in one last
    /// `read.diagnostics.limit` diagnostic with the worst severity among them.
    public var maximumDiagnostics: Int = 1_000
    /// Largest inflated size of a deflated data set.
    public var maximumInflatedSize: Int64 = 1 << 32
    /// A deflated data set is inflated into memory up to this many inflated bytes, and into an
    /// anonymous temporary file beyond, so large deflated files (and deflate bombs) cost little
    /// memory.
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
