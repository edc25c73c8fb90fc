import DICOM

/// A stack of 16-bit little-endian frames whose bytes are computed on request: a disc of soft
/// tissue with a ramp texture on an air background, shifting a little from frame to frame. It
/// lets the writer stream any amount of pixel data without holding it, and a file's pixel data
/// is simply the range of its frame(s) in this source.
final class SyntheticPixelSource: ByteSource {
    let name: String
    let count: Int64
    let rows: Int
    let columns: Int
    let frames: Int

    init(rows: Int, columns: Int, frames: Int) {
        self.rows = rows
        self.columns = columns
        self.frames = frames
        self.count = Int64(rows) * Int64(columns) * Int64(frames) * 2
        self.name = "<synthetic \(frames)x\(rows)x\(columns) 16-bit>"
    }

    /// Bytes in one frame.
    var frameLength: Int64 { Int64(rows) * Int64(columns) * 2 }

    /// The stored value of one pixel.
    @inline(__always)
    private func pixel(frame: Int, row: Int, column: Int) -> UInt16 {
        let dy = row - rows / 2 + (frame & 15) - 8
        let dx = column - columns / 2
        let radius = min(rows, columns) * 2 / 5
        guard dx * dx + dy * dy < radius * radius else { return 24 }  // air, about -1000 HU
        return UInt16(truncatingIfNeeded: 1040 + ((row &* 7 &+ column &* 3 &+ frame) & 0xFF))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        guard offset >= 0, offset < count, buffer.count > 0 else { return 0 }
        let n = Int(min(Int64(buffer.count), count - offset))
        // Walk pixel coordinates incrementally from the pixel holding the first byte.
        let first = offset / 2
        let perFrame = Int64(rows) * Int64(columns)
        var frame = Int(first / perFrame)
        var row = Int(first % perFrame) / columns
        var column = Int(first % perFrame) % columns
        var written = 0
        var highByte = offset % 2 == 1
        while written < n {
            let value = pixel(frame: frame, row: row, column: column)
            if !highByte {
                buffer[written] = UInt8(truncatingIfNeeded: value)
                written += 1
                if written == n { break }
            }
            buffer[written] = UInt8(truncatingIfNeeded: value >> 8)
            written += 1
            highByte = false
            column += 1
            if column == columns {
                column = 0
                row += 1
                if row == rows {
                    row = 0
                    frame += 1
                }
            }
        }
        return n
    }
}
