/// A forward reader over a `ByteSource` with a window buffer: small reads (element headers,
/// short values) come from the window, large values are skipped without being read.
/// Every read is bounds-checked and returns nil at the end of the data instead of trapping.
struct ByteCursor {
    let source: any ByteSource
    /// Absolute offset of the next byte to read.
    private(set) var position: Int64
    private var window: [UInt8] = []
    private var windowStart: Int64 = 0
    /// The next window's size: small at first (most headers are a few KB), doubling with
    /// every refill up to `maximumWindow`.
    private var windowSize: Int
    private let maximumWindow: Int
    /// The first read error from the source, if any (reads then report end of data).
    private(set) var ioError: DICOMError?

    init(source: any ByteSource, position: Int64 = 0, windowSize: Int = 8 * 1024, maximumWindow: Int = 256 * 1024) {
        self.source = source
        self.position = position
        self.windowSize = windowSize
        self.maximumWindow = maximumWindow
    }

    var end: Int64 { source.count }
    var remaining: Int64 { max(0, end - position) }
    var isAtEnd: Bool { position >= end }

    /// Makes at least `count` bytes from `position` available in the window if the source has
    /// them; returns whether it could.
    private mutating func fill(_ count: Int) -> Bool {
        let offsetInWindow = position - windowStart
        if offsetInWindow >= 0, offsetInWindow + Int64(count) <= Int64(window.count) { return true }
        guard Int64(count) <= remaining else { return false }
        let size = Int(min(Int64(max(windowSize, count)), remaining))
        do {
            window = try source.bytes(at: position, count: size)
            windowStart = position
            windowSize = min(windowSize * 2, maximumWindow)
            return true
        } catch let error as DICOMError {
            ioError = error
            return false
        } catch {
            ioError = DICOMError(.ioError, "\(error)", file: source.name, offset: position)
            return false
        }
    }

    /// The byte at `position + ahead` without moving, or nil past the end.
    mutating func peek(_ ahead: Int = 0) -> UInt8? {
        guard fill(ahead + 1) else { return nil }
        return window[Int(position - windowStart) + ahead]
    }

    /// `count` bytes from `position + ahead` without moving, or nil if there are fewer.
    mutating func peekBytes(_ count: Int, ahead: Int = 0) -> ArraySlice<UInt8>? {
        guard fill(ahead + count) else { return nil }
        let start = Int(position - windowStart) + ahead
        return window[start..<start + count]
    }

    mutating func readUInt16(bigEndian: Bool) -> UInt16? {
        guard let b = peekBytes(2) else { return nil }
        position += 2
        let b0 = UInt16(b[b.startIndex]), b1 = UInt16(b[b.startIndex + 1])
        return bigEndian ? (b0 << 8 | b1) : (b1 << 8 | b0)
    }

    mutating func readUInt32(bigEndian: Bool) -> UInt32? {
        guard let b = peekBytes(4) else { return nil }
        position += 4
        let s = b.startIndex
        let v0 = UInt32(b[s]), v1 = UInt32(b[s + 1]), v2 = UInt32(b[s + 2]), v3 = UInt32(b[s + 3])
        return bigEndian ? (v0 << 24 | v1 << 16 | v2 << 8 | v3) : (v3 << 24 | v2 << 16 | v1 << 8 | v0)
    }

    /// Reads `count` bytes, or returns nil (without moving) if fewer remain.
    mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, Int64(count) <= remaining else { return nil }
        if count <= maximumWindow {
            guard let slice = peekBytes(count) else { return nil }
            position += Int64(count)
            return Array(slice)
        }
        do {
            let bytes = try source.bytes(at: position, count: count)
            position += Int64(count)
            return bytes
        } catch {
            ioError = error as? DICOMError ?? DICOMError(.ioError, "\(error)", file: source.name, offset: position)
            return nil
        }
    }

    /// Moves to an absolute offset (clamped to the end of the data).
    mutating func seek(to offset: Int64) {
        position = min(max(0, offset), end)
    }

    mutating func skip(_ count: Int64) { seek(to: position + count) }
}
