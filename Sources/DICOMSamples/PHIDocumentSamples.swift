import DICOM

/// A structured report and a presentation state of the planted patient (`PHISamples`) whose free
/// text names her: the text Table E.1-1 does not list by itself, inside the sequences it gives D
/// (C with clean-structured-content and clean-graphics): Text Value (0040,A160) of SR content
/// items, nested too, and Unformatted Text Value (0070,0006) of a text annotation. The SR also
/// carries coded entries with the coding scheme UIDs of SNOMED CT, LOINC, UCUM and DCM, which a
/// de-identifier must keep.
enum PHIDocumentSamples {
    /// The free text planted in the documents, as written there.
    static let plantedText = [
        "Mrs Ødegård (PHI-4711-X) phoned from +47 5555 0199, referred by WHITLOCK",
        "Nested note: ÅSE ØDEGÅRD was anxious",
        "ØDEGÅRD ÅSE PHI-4711-X",
    ]

    /// Series numbers of the documents in the planted study.
    static let srSeries = 91
    static let presentationSeries = 92

    static func all() throws -> [SampleFile] {
        [
            SampleFile(
                relativePath: "phi/documents/planted-sr.dcm", bytes: try SampleEncoding.part10(try report()),
                summary: "Basic Text SR of the planted patient: her name, ID and telephone in Text Values (one nested), a person name, a date, coding scheme UIDs"),
            SampleFile(
                relativePath: "phi/documents/planted-gsps.dcm", bytes: try SampleEncoding.part10(try presentationState()),
                summary: "Grayscale Softcopy Presentation State of planted image 1 with a text annotation naming the patient"),
        ]
    }

    /// Patient, General Study, General Series and SOP Common attributes shared by both.
    private static func common(sopClass: String, modality: String, series: Int) throws -> DataSet {
        let patient = PHISamples.patient
        let study = PHISamples.study
        var dataSet = DataSet()
        try dataSet.put(.specificCharacterSet, .CS, "ISO_IR 192")
        try dataSet.put(.instanceCreationDate, .DA, study.date)
        try dataSet.put(.instanceCreationTime, .TM, "120000")
        try dataSet.put(.sopClassUID, .UI, sopClass)
        try dataSet.put(.sopInstanceUID, .UI, SampleUID.instance(study.number, series, 1))
        try dataSet.put(.studyDate, .DA, study.date)
        try dataSet.put(.contentDate, .DA, study.date)
        try dataSet.put(.studyTime, .TM, study.time)
        try dataSet.put(.contentTime, .TM, "120000")
        try dataSet.put(.accessionNumber, .SH, study.accessionNumber)
        try dataSet.put(.modality, .CS, modality)
        try dataSet.put(.manufacturer, .LO, "DICOMFIX")
        try dataSet.put(.referringPhysicianName, .PN, study.referringPhysician)
        try dataSet.put(.studyDescription, .LO, study.description)
        try dataSet.put(.patientName, .PN, patient.name)
        try dataSet.put(.patientID, .LO, patient.id)
        try dataSet.put(.patientBirthDate, .DA, patient.birthDate)
        try dataSet.put(.patientSex, .CS, patient.sex)
        try dataSet.put(.patientTelephoneNumbers, .SH, "+47 5555 0199")
        try dataSet.put(.studyInstanceUID, .UI, study.uid)
        try dataSet.put(.seriesInstanceUID, .UI, SampleUID.series(study.number, series))
        try dataSet.put(.studyID, .SH, study.studyID)
        try dataSet.put(.seriesNumber, .IS, String(series))
        try dataSet.put(.instanceNumber, .IS, "1")
        return dataSet
    }

    /// A Basic Text SR (PS3.3 A.35.1) whose content tree holds the planted text.
    private static func report() throws -> DataSet {
        var dataSet = try common(sopClass: "1.2.840.10008.5.1.4.1.1.88.11", modality: "SR", series: srSeries)
        dataSet.set(Element(.referencedPerformedProcedureStepSequence, .SQ, value: .sequence([])))
        try dataSet.put(.completionFlag, .CS, "COMPLETE")
        try dataSet.put(.verificationFlag, .CS, "UNVERIFIED")
        dataSet.set(Element(.performedProcedureCodeSequence, .SQ, value: .sequence([])))
        dataSet.set(Element(.codingSchemeIdentificationSequence, .SQ, value: .sequence(try codingSchemes())))
        try dataSet.put(.valueType, .CS, "CONTAINER")
        dataSet.set(codes(.conceptNameCodeSequence, try code("121070", "DCM", "Findings")))
        try dataSet.put(.continuityOfContent, .CS, "SEPARATE")

        var nested = try contentItem("TEXT", concept: code("121071", "DCM", "Finding"))
        nested.set(utf8(.textValue, .UT, plantedText[1]))
        var container = try contentItem("CONTAINER", concept: code("121070", "DCM", "Findings"))
        try container.put(.continuityOfContent, .CS, "SEPARATE")
        container.set(Element(.contentSequence, .SQ, value: .sequence([Item(nested)])))

        var text = try contentItem("TEXT", concept: code("121071", "DCM", "Finding"))
        text.set(utf8(.textValue, .UT, plantedText[0]))
        var person = try contentItem("PNAME", concept: code("121008", "DCM", "Person Observer Name"))
        try person.put(Tag(0x0040, 0xA123), .PN, "NESTED^NELLY")
        var date = try contentItem("DATE", concept: code("111060", "DCM", "Study Date"))
        try date.put(Tag(0x0040, 0xA121), .DA, PHISamples.patient.birthDate)
        var finding = try contentItem("CODE", concept: code("121071", "DCM", "Finding"))
        finding.set(codes(.conceptCodeSequence, try code("39607008", "SCT", "Lung")))
        var measurement = try contentItem("NUM", concept: code("8302-2", "LN", "Body height"))
        var measured = DataSet()
        measured.set(codes(.measurementUnitsCodeSequence, try code("cm", "UCUM", "centimeter")))
        try measured.put(.numericValue, .DS, "168")
        measurement.set(Element(.measuredValueSequence, .SQ, value: .sequence([Item(measured)])))
        dataSet.set(Element(.contentSequence, .SQ, value: .sequence([text, container, person, date, finding, measurement].map { Item($0) })))
        return dataSet
    }

    /// Coding Scheme Identification Sequence items for the schemes the report uses.
    private static func codingSchemes() throws -> [Item] {
        let schemes = [
            ("DCM", "1.2.840.10008.2.16.4"), ("SCT", "2.16.840.1.113883.6.96"), ("LN", "2.16.840.1.113883.6.1"),
            ("UCUM", "2.16.840.1.113883.6.8"),
        ]
        return try schemes.map { designator, uid in
            var item = DataSet()
            try item.put(.codingSchemeDesignator, .SH, designator)
            try item.put(.codingSchemeUID, .UI, uid)
            return Item(item)
        }
    }

    /// A Grayscale Softcopy Presentation State (PS3.3 A.33.1) of planted image 1 with a text
    /// annotation.
    private static func presentationState() throws -> DataSet {
        var dataSet = try common(sopClass: "1.2.840.10008.5.1.4.1.1.11.1", modality: "PR", series: presentationSeries)
        try dataSet.put(.contentLabel, .CS, "ANNOTATED")
        try dataSet.put(.contentDescription, .LO, "")
        try dataSet.put(Tag(0x0070, 0x0082), .DA, PHISamples.study.date)
        try dataSet.put(Tag(0x0070, 0x0083), .TM, "120000")
        try dataSet.put(Tag(0x0070, 0x0084), .PN, "")
        let image = SampleImage(
            patient: PHISamples.patient, study: PHISamples.study,
            series: SampleSeries(number: 1, description: "THORAX AXIAL FOR OLIVER", bodyPart: "CHEST"), number: 1)
        var series = DataSet()
        try series.put(.seriesInstanceUID, .UI, image.seriesInstanceUID)
        var reference = DataSet()
        try reference.put(.referencedSOPClassUID, .UI, UID.ctImageStorage)
        try reference.put(.referencedSOPInstanceUID, .UI, image.sopInstanceUID)
        series.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(reference)])))
        dataSet.set(Element(.referencedSeriesSequence, .SQ, value: .sequence([Item(series)])))

        var layer = DataSet()
        try layer.put(.graphicLayer, .CS, "TEXT")
        try layer.put(.graphicLayerOrder, .IS, "1")
        dataSet.set(Element(.graphicLayerSequence, .SQ, value: .sequence([Item(layer)])))

        var textObject = DataSet()
        try textObject.put(.boundingBoxAnnotationUnits, .CS, "PIXEL")
        textObject.set(utf8(.unformattedTextValue, .ST, plantedText[2]))
        textObject.set(Element(.boundingBoxTopLeftHandCorner, .FL, bytes: floats([2, 2])))
        textObject.set(Element(.boundingBoxBottomRightHandCorner, .FL, bytes: floats([60, 12])))
        try textObject.put(.boundingBoxTextHorizontalJustification, .CS, "LEFT")
        var annotation = DataSet()
        annotation.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(reference)])))
        try annotation.put(.graphicLayer, .CS, "TEXT")
        annotation.set(Element(.textObjectSequence, .SQ, value: .sequence([Item(textObject)])))
        dataSet.set(Element(.graphicAnnotationSequence, .SQ, value: .sequence([Item(annotation)])))

        try dataSet.put(.presentationLUTShape, .CS, "IDENTITY")
        try dataSet.put(.imageHorizontalFlip, .CS, "N")
        dataSet.setUInt16(.imageRotation, [0])
        var area = DataSet()
        area.set(Element(.referencedImageSequence, .SQ, value: .sequence([Item(reference)])))
        try area.put(.presentationSizeMode, .CS, "SCALE TO FIT")
        area.set(Element(.displayedAreaTopLeftHandCorner, .SL, bytes: int32s([1, 1])))
        let size = Int32(Phantom.size)
        area.set(Element(.displayedAreaBottomRightHandCorner, .SL, bytes: int32s([size, size])))
        try area.put(.presentationPixelSpacing, .DS, "0.5\\0.5")
        dataSet.set(Element(.displayedAreaSelectionSequence, .SQ, value: .sequence([Item(area)])))
        return dataSet
    }

    /// An SR content item of `valueType` under CONTAINS.
    private static func contentItem(_ valueType: String, concept: DataSet) throws -> DataSet {
        var item = DataSet()
        try item.put(.relationshipType, .CS, "CONTAINS")
        try item.put(.valueType, .CS, valueType)
        item.set(codes(.conceptNameCodeSequence, concept))
        return item
    }

    /// A text element in UTF-8, the ISO_IR 192 the document declares (items inherit it).
    private static func utf8(_ tag: Tag, _ vr: VR, _ text: String) -> Element {
        var bytes = Array(text.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        return Element(tag, vr, bytes: bytes)
    }

    private static func codes(_ tag: Tag, _ item: DataSet) -> Element {
        Element(tag, .SQ, value: .sequence([Item(item)]))
    }

    /// A code sequence item (PS3.3 8.8).
    private static func code(_ value: String, _ scheme: String, _ meaning: String) throws -> DataSet {
        var item = DataSet()
        try item.put(.codeValue, .SH, value)
        try item.put(.codingSchemeDesignator, .SH, scheme)
        try item.put(.codeMeaning, .LO, meaning)
        return item
    }

    private static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
    }

    private static func int32s(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }
}
