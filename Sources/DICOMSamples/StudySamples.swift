import DICOM

/// The multi-image samples: the two-series CT study, the study with a wrong-patient series, and
/// the CD-like folder.
enum StudySamples {
    /// Jane Doe's chest CT: a soft-tissue series of three slices and a lung series of two
    /// (PS3.3 A.3), Explicit VR Little Endian.
    static func ctStudy() throws -> [SampleFile] {
        let study = SampleStudy(
            number: 1, date: "20240115", time: "093000", accessionNumber: "DCMFX00001",
            description: "CT CHEST WITHOUT CONTRAST")
        let soft = SampleSeries(number: 1, description: "AXIAL 5MM SOFT TISSUE", bodyPart: "CHEST")
        let lung = SampleSeries(
            number: 2, description: "AXIAL 2MM LUNG", bodyPart: "CHEST", kernel: "LUNG", window: (-600, 1500),
            sliceThickness: 2, firstSliceZ: -4)
        var files: [SampleFile] = []
        for (series, count) in [(soft, 3), (lung, 2)] {
            for number in 1...count {
                let image = SampleImage(patient: .janeDoe, study: study, series: series, number: number)
                files.append(
                    SampleFile(
                        relativePath: "ct-study/series-\(series.number)/image-\(number).dcm",
                        bytes: try SampleEncoding.part10(CTImage.dataSet(image)),
                        summary: "CT Image Storage, DOE^JANE, series \(series.number) (\(series.description)), "
                            + "image \(number) of \(count)"))
            }
        }
        return files
    }

    /// Richard Roe's study, in which series 2 carries Edgar Poe's name, ID, birth date and age
    /// under the same Study Instance UID: the mismatch an analyst must find and fix.
    static func wrongPatientStudy() throws -> [SampleFile] {
        let study = SampleStudy(
            number: 2, date: "20240220", time: "141500", accessionNumber: "DCMFX00002",
            description: "CT CHEST WITH CONTRAST")
        let series = [
            (SampleSeries(number: 1, description: "AXIAL 5MM", bodyPart: "CHEST"), SamplePatient.richardRoe),
            (SampleSeries(number: 2, description: "AXIAL 5MM DELAYED", bodyPart: "CHEST", firstSliceZ: -20), .edgarPoe),
        ]
        var files: [SampleFile] = []
        for (seriesInfo, patient) in series {
            for number in 1...2 {
                let image = SampleImage(patient: patient, study: study, series: seriesInfo, number: number)
                let note = patient.id == SamplePatient.richardRoe.id ? "" : " (wrong patient: same study UID)"
                files.append(
                    SampleFile(
                        relativePath: "wrong-patient/series-\(seriesInfo.number)/image-\(number).dcm",
                        bytes: try SampleEncoding.part10(CTImage.dataSet(image)),
                        summary: "\(patient.name), \(patient.id), series \(seriesInfo.number), image \(number)\(note)"))
            }
        }
        return files
    }

    /// An earlier study of Jane Doe laid out as on a CD (PS3.11, PS3.12): upper-case names of at
    /// most eight characters, no extensions, Explicit VR Little Endian. No DICOMDIR yet.
    static func cdFolder() throws -> [SampleFile] {
        let study = SampleStudy(
            number: 6, date: "20230620", time: "110500", accessionNumber: "DCMFX00006",
            description: "CT CHEST LOW DOSE")
        let series = [
            (SampleSeries(number: 1, description: "AXIAL 5MM LOW DOSE", bodyPart: "CHEST"), 2),
            (SampleSeries(number: 2, description: "AXIAL 5MM LUNG", bodyPart: "CHEST", kernel: "LUNG", window: (-600, 1500)), 1),
        ]
        var files: [SampleFile] = []
        for (seriesInfo, count) in series {
            for number in 1...count {
                let image = SampleImage(patient: .janeDoe, study: study, series: seriesInfo, number: number)
                files.append(
                    SampleFile(
                        relativePath: "cd/DICOM/PAT00001/STU00001/\(cdName("SER", seriesInfo.number))/\(cdName("IMG", number))",
                        bytes: try SampleEncoding.part10(CTImage.dataSet(image)),
                        summary: "DOE^JANE prior study, series \(seriesInfo.number), image \(number)"))
            }
        }
        return files
    }

    /// A file ID component: `prefix` and a number, eight characters (`SER00001`).
    static func cdName(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 8 - prefix.count - digits.count)) + digits
    }
}

/// Encodes sample data sets with the project's writer.
enum SampleEncoding {
    /// A Part-10 file: preamble, `DICM`, File Meta Information naming dicomfix, then `dataSet`
    /// in `syntax` (PS3.10 7.1).
    static func part10(_ dataSet: DataSet, _ syntax: TransferSyntax = .explicitVRLittleEndian) throws -> [UInt8] {
        try DicomWriter.encode(DicomFile(dataSet: dataSet, transferSyntax: syntax))
    }

    /// The data set alone, with no preamble and no File Meta Information.
    static func bare(_ dataSet: DataSet, _ syntax: TransferSyntax) throws -> [UInt8] {
        var file = DicomFile(dataSet: dataSet, transferSyntax: syntax)
        file.container = .rawDataSet
        return try DicomWriter.encode(file, options: WriteOptions(container: .asRead))
    }
}
