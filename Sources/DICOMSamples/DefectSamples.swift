import DICOM

/// Deliberately damaged samples: files cut short, and a data set without File Meta Information.
enum DefectSamples {
    /// Diagnostic codes the reader gives for the defects (see `DataSetParser`, `DicomReader`).
    enum Code {
        static let valueTruncated = "read.value.truncated"
        static let itemUnterminated = "read.item.unterminated"
        static let metaMissing = "read.meta.missing"
    }

    /// Every defect sample.
    static func all() throws -> [SampleFile] {
        [try truncatedPixelData(), try truncatedSequence(), try withoutMeta()]
    }

    /// A CT image cut halfway through its pixel data, as a failed transfer leaves it.
    static func truncatedPixelData() throws -> SampleFile {
        let dataSet = try CTImage.dataSet(EncodingSamples.image(series: 3, description: "DEFECTS", number: 1))
        let whole = try SampleEncoding.part10(dataSet)
        guard let pixels = dataSet[.pixelData]?.inlineBytes, pixels.count < whole.count else {
            throw SampleError("truncated-pixel-data: the image has no pixel data")
        }
        let kept = whole.count - pixels.count / 2
        return SampleFile(
            relativePath: "defects/truncated-pixel-data.dcm", bytes: Array(whole[..<kept]),
            summary: "Part-10 CT image cut after \(kept) of \(whole.count) bytes, halfway through Pixel Data (7FE0,0010)",
            expectedDiagnostics: [Code.valueTruncated])
    }

    /// A CT image with a Referenced Image Sequence (0008,1140) of two items, cut inside the
    /// sequence: the file ends in the middle of the second item's Referenced SOP Instance UID,
    /// so neither the item nor the sequence is closed, and every later element is lost.
    static func truncatedSequence() throws -> SampleFile {
        var dataSet = try CTImage.dataSet(EncodingSamples.image(series: 3, description: "DEFECTS", number: 2))
        var items: [Item] = []
        for number in 1...2 {
            var item = DataSet()
            try item.put(.referencedSOPClassUID, .UI, UID.ctImageStorage)
            try item.put(.referencedSOPInstanceUID, .UI, SampleUID.instance(EncodingSamples.study.number, 1, number))
            items.append(Item(item))
        }
        let sequence = Tag.referencedImageSequence
        dataSet.set(Element(sequence, .SQ, value: .sequence(items)))
        let whole = try SampleEncoding.part10(dataSet)
        let start = try SampleEncoding.part10(keeping(dataSet) { $0 < sequence }).count
        let end = try SampleEncoding.part10(keeping(dataSet) { $0 <= sequence }).count
        let kept = start + (end - start) * 3 / 4  // inside the second item's values
        guard start < kept, kept < end, end < whole.count else {
            throw SampleError("truncated-sequence: cannot locate \(sequence) in the encoded file")
        }
        return SampleFile(
            relativePath: "defects/truncated-sequence.dcm", bytes: Array(whole[..<kept]),
            summary: "Part-10 CT image cut after \(kept) bytes, inside the second item of Referenced Image Sequence (0008,1140)",
            expectedDiagnostics: [Code.valueTruncated, Code.itemUnterminated])
    }

    /// A CT image written as a bare Implicit VR Little Endian data set: no preamble, no `DICM`,
    /// no File Meta Information (as some old systems store them; PS3.10 7.1 requires the meta).
    static func withoutMeta() throws -> SampleFile {
        let dataSet = try CTImage.dataSet(EncodingSamples.image(series: 3, description: "DEFECTS", number: 3))
        return SampleFile(
            relativePath: "defects/no-meta-implicit-vr.dcm", bytes: try SampleEncoding.bare(dataSet, .implicitVRLittleEndian),
            summary: "bare Implicit VR Little Endian data set: no preamble, no DICM, no File Meta Information",
            expectedDiagnostics: [Code.metaMissing])
    }

    /// `dataSet` with only the top-level elements whose tag satisfies `keep`.
    private static func keeping(_ dataSet: DataSet, _ keep: (Tag) -> Bool) -> DataSet {
        var copy = dataSet
        copy.removeAll { !keep($0.tag) }
        return copy
    }
}
