import DICOM

/// Small conveniences for building the synthetic headers. Every value here is ASCII, so the
/// library's `setString` cannot fail; a failure would be a bug in this file.
extension DataSet {
    /// Sets a text element (any string VR).
    mutating func text(_ tag: Tag, _ vr: VR, _ value: String) {
        let encoded = setString(tag, vr, value)
        precondition(encoded, "benchmark header text must be ASCII: \(value)")
    }

    /// Sets a Decimal String element from numbers, written with at most three decimals.
    mutating func decimals(_ tag: Tag, _ values: [Double]) {
        text(tag, .DS, values.map(decimalString).joined(separator: "\\"))
    }

    /// Sets an Integer String element.
    mutating func integer(_ tag: Tag, _ value: Int) {
        text(tag, .IS, String(value))
    }

    /// Sets a 64-bit float element (FD).
    mutating func doubles(_ tag: Tag, _ values: [Double]) {
        var bytes: [UInt8] = []
        for value in values {
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        }
        set(Element(tag, .FD, bytes: bytes))
    }

    /// Sets an Attribute Tag element (AT): each tag as group then element, little endian.
    mutating func attributeTags(_ tag: Tag, _ tags: [Tag]) {
        var bytes: [UInt8] = []
        for t in tags {
            for half in [t.group, t.element] { bytes += [UInt8(truncatingIfNeeded: half), UInt8(truncatingIfNeeded: half >> 8)] }
        }
        set(Element(tag, .AT, bytes: bytes))
    }

    /// Sets a sequence of undefined length with one item per data set.
    mutating func sequence(_ tag: Tag, _ items: [DataSet]) {
        set(Element(tag, .SQ, value: .sequence(items.map { Item($0) })))
    }

    /// Image Pixel module for unsigned 16-bit monochrome pixels (12 bits stored), with the
    /// General Image flags every benchmark image shares (PS3.3 C.7.6.3, C.7.6.1).
    mutating func monochromePixelDescription(rows: Int, columns: Int) {
        setUInt16(.samplesPerPixel, [1])
        text(.photometricInterpretation, .CS, "MONOCHROME2")
        setUInt16(.rows, [UInt16(rows)])
        setUInt16(.columns, [UInt16(columns)])
        setUInt16(.bitsAllocated, [16])
        setUInt16(.bitsStored, [12])
        setUInt16(.highBit, [11])
        setUInt16(.pixelRepresentation, [0])
        text(.burnedInAnnotation, .CS, "NO")
        text(.lossyImageCompression, .CS, "00")
    }

    /// A one-item code sequence entry (PS3.3 8.8).
    static func code(_ value: String, _ scheme: String, _ meaning: String) -> DataSet {
        var item = DataSet()
        item.text(.codeValue, .SH, value)
        item.text(.codingSchemeDesignator, .SH, scheme)
        item.text(.codeMeaning, .LO, meaning)
        return item
    }
}

/// `value` with at most three decimals and no trailing zeros: short enough for DS (16 bytes).
func decimalString(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let sign = thousandths < 0 ? "-" : ""
    let magnitude = thousandths.magnitude
    var text = sign + String(magnitude / 1000)
    let fraction = magnitude % 1000
    if fraction != 0 {
        var digits = String(fraction + 1000).dropFirst()  // three digits, leading zeros kept
        while digits.last == "0" { digits = digits.dropLast() }
        text += "." + digits
    }
    return text
}

/// Deterministic UIDs under a fixed UUID-derived root (PS3.5 B.2), so that every run makes
/// byte-identical files.
enum BenchUID {
    static let root = "2.25.90714387926307429185531436101846"

    /// `root.kind.parts...`: kind 1 studies, 2 series, 3 instances, 4 frames of reference,
    /// 5 dimension organisations, 6 performed procedure steps.
    static func make(_ kind: Int, _ parts: Int...) -> String {
        ([root, String(kind)] + parts.map(String.init)).joined(separator: ".")
    }
}
