import DICOM

/// Key Object Selection Documents (PS3.3 A.35.4) that flag images of the study samples: the
/// references split and merge must keep resolving (evidence by study, series and instance, and
/// IMAGE content items by instance).
enum KeyObjectSamples {
    /// One key-object note per study: for the wrong-patient study it flags an image of each
    /// series (so a split leaves it with evidence in two studies); for Jane Doe's CT it flags the
    /// first image of each series.
    static func all() throws -> [SampleFile] {
        let wrongPatient = SampleStudy(
            number: 2, date: "20240220", time: "141500", accessionNumber: "DCMFX00002", description: "CT CHEST WITH CONTRAST")
        let ctStudy = SampleStudy(
            number: 1, date: "20240115", time: "093000", accessionNumber: "DCMFX00001", description: "CT CHEST WITHOUT CONTRAST")
        return [
            SampleFile(
                relativePath: "key-objects/wrong-patient-key-images.dcm",
                bytes: try SampleEncoding.part10(try document(patient: .richardRoe, study: wrongPatient, flagged: [(1, 1), (2, 2)])),
                summary: "Key Object Selection of ROE^RICHARD's study (wrong-patient/) flagging series 1 image 1 and series 2 image 2"),
            SampleFile(
                relativePath: "key-objects/ct-study-key-images.dcm",
                bytes: try SampleEncoding.part10(try document(patient: .janeDoe, study: ctStudy, flagged: [(1, 1), (2, 1)])),
                summary: "Key Object Selection of DOE^JANE's CT (ct-study/) flagging image 1 of both series"),
        ]
    }

    /// The series number the key-object documents have in their study.
    static let seriesNumber = 90

    /// A Key Object Selection Document of `study` flagging the CT images `flagged` (series, image).
    private static func document(patient: SamplePatient, study: SampleStudy, flagged: [(series: Int, image: Int)]) throws -> DataSet {
        var dataSet = DataSet()
        try dataSet.put(.instanceCreationDate, .DA, study.date)
        try dataSet.put(.instanceCreationTime, .TM, "170000")
        try dataSet.put(.sopClassUID, .UI, UID.keyObjectSelectionDocumentStorage)
        try dataSet.put(.sopInstanceUID, .UI, SampleUID.instance(study.number, seriesNumber, 1))
        try dataSet.put(.studyDate, .DA, study.date)
        try dataSet.put(.contentDate, .DA, study.date)
        try dataSet.put(.studyTime, .TM, study.time)
        try dataSet.put(.contentTime, .TM, "170000")
        try dataSet.put(.accessionNumber, .SH, study.accessionNumber)
        try dataSet.put(.modality, .CS, "KO")
        try dataSet.put(.manufacturer, .LO, "DICOMFIX")
        try dataSet.put(.referringPhysicianName, .PN, study.referringPhysician)
        try dataSet.put(.studyDescription, .LO, study.description)
        try dataSet.put(.seriesDescription, .LO, "KEY IMAGES")
        dataSet.set(Element(.referencedPerformedProcedureStepSequence, .SQ, value: .sequence([])))
        try dataSet.put(.patientName, .PN, patient.name)
        try dataSet.put(.patientID, .LO, patient.id)
        try dataSet.put(.patientBirthDate, .DA, patient.birthDate)
        try dataSet.put(.patientSex, .CS, patient.sex)
        try dataSet.put(.studyInstanceUID, .UI, study.uid)
        try dataSet.put(.seriesInstanceUID, .UI, SampleUID.series(study.number, seriesNumber))
        try dataSet.put(.studyID, .SH, study.studyID)
        try dataSet.put(.seriesNumber, .IS, String(seriesNumber))
        try dataSet.put(.instanceNumber, .IS, "1")
        try dataSet.put(.valueType, .CS, "CONTAINER")
        dataSet.set(Element(.conceptNameCodeSequence, .SQ, value: .sequence([Item(try code("113000", "DCM", "Of Interest"))])))
        try dataSet.put(.continuityOfContent, .CS, "SEPARATE")
        var template = DataSet()
        try template.put(.mappingResource, .CS, "DCMR")
        try template.put(.templateIdentifier, .CS, "2010")
        dataSet.set(Element(.contentTemplateSequence, .SQ, value: .sequence([Item(template)])))
        dataSet.set(Element(.currentRequestedProcedureEvidenceSequence, .SQ, value: .sequence([Item(try evidence(study, flagged))])))
        dataSet.set(Element(.contentSequence, .SQ, value: .sequence(try flagged.map { Item(try imageItem(study, $0)) })))
        return dataSet
    }

    /// The evidence item of `study`: one Referenced Series Sequence item per series flagged.
    private static func evidence(_ study: SampleStudy, _ flagged: [(series: Int, image: Int)]) throws -> DataSet {
        var item = DataSet()
        var seriesItems: [Item] = []
        for series in Array(Set(flagged.map(\.series))).sorted() {
            var seriesItem = DataSet()
            try seriesItem.put(.seriesInstanceUID, .UI, SampleUID.series(study.number, series))
            let images = try flagged.filter { $0.series == series }.map { Item(try reference(study, $0)) }
            seriesItem.set(Element(.referencedSOPSequence, .SQ, value: .sequence(images)))
            seriesItems.append(Item(seriesItem))
        }
        item.set(Element(.referencedSeriesSequence, .SQ, value: .sequence(seriesItems)))
        try item.put(.studyInstanceUID, .UI, study.uid)
        return item
    }

    /// A CONTAINS IMAGE content item for the flagged image.
    private static func imageItem(_ study: SampleStudy, _ image: (series: Int, image: Int)) throws -> DataSet {
        var item = DataSet()
        try item.put(.relationshipType, .CS, "CONTAINS")
        try item.put(.valueType, .CS, "IMAGE")
        item.set(Element(.referencedSOPSequence, .SQ, value: .sequence([Item(try reference(study, image))])))
        return item
    }

    /// Referenced SOP Class and Instance UID of a CT image of `study`.
    private static func reference(_ study: SampleStudy, _ image: (series: Int, image: Int)) throws -> DataSet {
        var item = DataSet()
        try item.put(.referencedSOPClassUID, .UI, UID.ctImageStorage)
        try item.put(.referencedSOPInstanceUID, .UI, SampleUID.instance(study.number, image.series, image.image))
        return item
    }

    /// A code sequence item (PS3.3 8.8).
    private static func code(_ value: String, _ scheme: String, _ meaning: String) throws -> DataSet {
        var item = DataSet()
        try item.put(.codeValue, .SH, value)
        try item.put(.codingSchemeDesignator, .SH, scheme)
        try item.put(.codeMeaning, .LO, meaning)
        return item
    }
}
