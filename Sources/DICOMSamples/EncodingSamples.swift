import DICOM

/// Single-image samples showing encodings: character sets, transfer syntaxes and private
/// elements.
enum EncodingSamples {
    /// John Doe's study that holds the encoding and defect samples, one series per topic.
    static let study = SampleStudy(
        number: 5, date: "20240301", time: "080000", accessionNumber: "DCMFX00005", description: "DICOMFIX ENCODING SAMPLES")

    /// One image of `study`'s series `series`.
    static func image(series: Int, description: String, number: Int) -> SampleImage {
        SampleImage(
            patient: .johnDoe, study: study,
            series: SampleSeries(number: series, description: description, bodyPart: "CHEST", firstSliceZ: -10 * series),
            number: number)
    }

    /// Non-ASCII patient names: UTF-8 (ISO_IR 192) and Latin-1 (ISO_IR 100) (PS3.5 6.1,
    /// PS3.3 C.12.1.1.2).
    static func characterSets() throws -> [SampleFile] {
        var utf8Study = SampleStudy(
            number: 3, date: "20240105", time: "101000", accessionNumber: "DCMFX00003", description: "胸部 CT")
        utf8Study.institution = "山田病院"
        var utf8 = SampleImage(
            patient: .tarouYamada, study: utf8Study, series: SampleSeries(number: 1, description: "AXIAL 5MM", bodyPart: "CHEST"),
            number: 1)
        utf8.characterSet = ["ISO_IR 192"]

        var latin1Study = SampleStudy(
            number: 4, date: "20240108", time: "153000", accessionNumber: "DCMFX00004", description: "Thorax nativ")
        latin1Study.institution = "Klinikum Süd"
        var latin1 = SampleImage(
            patient: .juergenMueller, study: latin1Study,
            series: SampleSeries(number: 1, description: "Thorax axial 5 mm", bodyPart: "CHEST"), number: 1)
        latin1.characterSet = ["ISO_IR 100"]

        return [
            SampleFile(
                relativePath: "character-set/iso-ir-192-utf8.dcm", bytes: try SampleEncoding.part10(CTImage.dataSet(utf8)),
                summary: "ISO_IR 192 (UTF-8): patient \(SamplePatient.tarouYamada.name), study description and institution in Japanese"),
            SampleFile(
                relativePath: "character-set/iso-ir-100-latin1.dcm", bytes: try SampleEncoding.part10(CTImage.dataSet(latin1)),
                summary: "ISO_IR 100 (Latin-1): patient \(SamplePatient.juergenMueller.name), institution Klinikum Süd"),
        ]
    }

    /// The same kind of image in Implicit VR Little Endian, Explicit VR Big Endian (retired) and
    /// Deflated Explicit VR Little Endian (PS3.5 A.1, A.3, A.5).
    static func transferSyntaxes() throws -> [SampleFile] {
        let syntaxes: [(TransferSyntax, String)] = [
            (.implicitVRLittleEndian, "implicit-vr-little-endian"),
            (.explicitVRBigEndian, "explicit-vr-big-endian"),
            (.deflatedExplicitVRLittleEndian, "deflated-explicit-vr-little-endian"),
        ]
        var files: [SampleFile] = []
        for (index, (syntax, name)) in syntaxes.enumerated() {
            let dataSet = try CTImage.dataSet(image(series: 1, description: "TRANSFER SYNTAXES", number: index + 1))
            files.append(
                SampleFile(
                    relativePath: "transfer-syntax/\(name).dcm", bytes: try SampleEncoding.part10(dataSet, syntax),
                    summary: "\(syntax.name) (\(syntax.uid))"))
        }
        return files
    }

    /// The private creator that reserves the sample's private block (PS3.5 7.8.1).
    static let privateCreator = "DICOMFIX SAMPLE"

    /// A CT image with private elements: two private creators in group 0009, text and binary
    /// private values, and a private sequence whose items carry their own private creator.
    static func privateTags() throws -> [SampleFile] {
        var dataSet = try CTImage.dataSet(image(series: 2, description: "PRIVATE TAGS", number: 1))
        try dataSet.put(Tag(0x0009, 0x0010), .LO, privateCreator)
        try dataSet.put(Tag(0x0009, 0x0011), .LO, "DICOMFIX SAMPLE 2")
        try dataSet.put(Tag(0x0009, 0x1001), .LO, "private text")
        dataSet.setUInt16(Tag(0x0009, 0x1002), [42])
        try dataSet.put(Tag(0x0009, 0x1003), .DS, "2.5")
        var items: [Item] = []
        for number in 1...2 {
            var item = DataSet()
            try item.put(Tag(0x0009, 0x0010), .LO, privateCreator)
            try item.put(Tag(0x0009, 0x1011), .LO, "nested item \(number)")
            item.setUInt16(Tag(0x0009, 0x1012), [UInt16(number)])
            items.append(Item(item))
        }
        dataSet.set(Element(Tag(0x0009, 0x1010), .SQ, value: .sequence(items)))
        try dataSet.put(Tag(0x0009, 0x1101), .LO, "second block")
        return [
            SampleFile(
                relativePath: "private/private-tags.dcm", bytes: try SampleEncoding.part10(dataSet),
                summary: "private creators (0009,0010) \"\(privateCreator)\" and (0009,0011); private LO, US, DS "
                    + "and a private sequence (0009,1010) of two items with their own creator")
        ]
    }
}
