/// A synthetic CT slice computed from integer formulas (no floating point, so every platform
/// computes the same pixels): air around an elliptical body of soft tissue with a smooth
/// gradient, two lungs and a bone disc whose sizes depend on the table position.
enum Phantom {
    /// Rows and columns of every sample image.
    static let size = 64
    /// Pixel spacing in mm: a 200 mm field of view.
    static let pixelSpacing = "3.125"
    /// Added to a stored value to get Hounsfield units (Rescale Intercept, slope 1).
    static let rescaleIntercept = -1024

    /// The stored values (12 bits, unsigned) of the slice at table position `sliceZ` mm, row by
    /// row, as little-endian 16-bit words.
    static func pixelBytes(sliceZ: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size * size * 2)
        for row in 0..<size {
            for column in 0..<size {
                let stored = storedValue(row: row, column: column, sliceZ: sliceZ)
                bytes.append(UInt8(truncatingIfNeeded: stored))
                bytes.append(UInt8(truncatingIfNeeded: stored >> 8))
            }
        }
        return bytes
    }

    /// The stored value of one pixel: Hounsfield units minus the rescale intercept, clamped to
    /// 12 bits.
    static func storedValue(row: Int, column: Int, sliceZ: Int) -> UInt16 {
        let hounsfield = attenuation(x: column - size / 2, y: row - size / 2, sliceZ: sliceZ)
        return UInt16(clamping: min(max(hounsfield - rescaleIntercept, 0), 4095))
    }

    /// Hounsfield units at pixel offset (x, y) from the centre.
    static func attenuation(x: Int, y: Int, sliceZ: Int) -> Int {
        guard inEllipse(x: x, y: y, centreX: 0, centreY: 2, radiusX: 28, radiusY: 22) else { return -1000 }
        let level = abs(sliceZ % 40)
        let boneRadius = 3 + level / 8
        let lungRadius = 13 - level / 10
        if inEllipse(x: x, y: y, centreX: 0, centreY: 14, radiusX: boneRadius, radiusY: boneRadius) {
            return 700 + ripple(x: x, y: y, sliceZ: sliceZ)
        }
        if inEllipse(x: x, y: y, centreX: -12, centreY: -2, radiusX: 8, radiusY: lungRadius)
            || inEllipse(x: x, y: y, centreX: 12, centreY: -2, radiusX: 8, radiusY: lungRadius)
        {
            return -800 + ripple(x: x, y: y, sliceZ: sliceZ)
        }
        return 20 + (x + y + 60) / 4 + ripple(x: x, y: y, sliceZ: sliceZ)
    }

    /// A small deterministic texture in -8...8, so the images are not flat.
    static func ripple(x: Int, y: Int, sliceZ: Int) -> Int {
        let hash = UInt32(truncatingIfNeeded: x &* 73_856_093 ^ y &* 19_349_663 ^ sliceZ &* 83_492_791)
        return Int(hash % 17) - 8
    }

    /// Whether (x, y) lies inside the ellipse, in integer arithmetic.
    static func inEllipse(x: Int, y: Int, centreX: Int, centreY: Int, radiusX: Int, radiusY: Int) -> Bool {
        let dx = x - centreX
        let dy = y - centreY
        return dx * dx * radiusY * radiusY + dy * dy * radiusX * radiusX <= radiusX * radiusX * radiusY * radiusY
    }
}
