import DICOM

/// Images with identifying values planted everywhere a de-identifier must look, for the tests
/// of `dicomfix anonymize` (PS3.15 Annex E): the patient (a non-ASCII name in ISO_IR 192, ID,
/// birth date, address, telephone, other IDs and names, comments), physicians and operators,
/// institution and its address, station and device serial number, accession number, free-text
/// descriptions, a Request Attributes Sequence with a nested requesting physician, a kept Anatomic
/// Region Sequence whose item holds an operator's name and the patient ID, an Original
/// Attributes Sequence, an overlay with comments, and private groups holding the name and ID
/// (one inside a private sequence). Every planted value is listed in `plantedValues`.
public enum PHISamples {
    /// The planted patient, whose name needs UTF-8.
    static let patient = SamplePatient(
        name: "Ødegård^Åse^Marie^^", id: "PHI-4711-X", birthDate: "19581224", sex: "F", age: "065Y")

    /// Values that must not survive de-identification by the Basic Profile, as they are written.
    public static let plantedValues: [String] = [
        "Ødegård", "Åse", "PHI-4711-X", "19581224", "12 Fjordveien, 5003 Bergen", "+47 5555 0199",
        "PHI-OTHER-0042", "Ødegård-Hansen^Åse", "Patient remembers the 2nd floor clinic", "WHITLOCK^GREGORY^^DR",
        "PERFORMER^PAULA", "OPERATOR^OLIVER", "BERGEN FJORD HOSPITAL", "Haukelandsveien 22, Bergen",
        "SCANNER-ROOM-7", "SN-CT-998877", "ACC-PHI-5150", "CT THORAX FOR MRS ODEGARD", "THORAX AXIAL FOR OLIVER",
        "REQUESTER^RITA", "OLDNAME^BEFORE", "overlay notes by OPERATOR", "PRIVATE-NAME-ODEGARD",
        "PRIVATE-ID-4711", "Acquisition notes: patient nervous", "PROTOCOL ODEGARD SPECIAL", "NESTED^NELLY",
    ]

    /// The study the planted images belong to.
    static let study: SampleStudy = {
        var study = SampleStudy(
            number: 7, date: "20240412", time: "101500", accessionNumber: "ACC-PHI-5150",
            description: "CT THORAX FOR MRS ODEGARD")
        study.referringPhysician = "WHITLOCK^GREGORY^^DR"
        study.institution = "BERGEN FJORD HOSPITAL"
        return study
    }()

    /// The planted CT images (a series of two, the second referencing the first) and an
    /// ultrasound image without Burned In Annotation.
    public static func all() throws -> [SampleFile] {
        let series = SampleSeries(number: 1, description: "THORAX AXIAL FOR OLIVER", bodyPart: "CHEST")
        var files: [SampleFile] = []
        for number in 1...2 {
            var image = SampleImage(patient: patient, study: study, series: series, number: number)
            image.characterSet = ["ISO_IR 192"]
            var dataSet = try CTImage.dataSet(image)
            try plant(in: &dataSet, image: image)
            if number == 2 {
                let first = SampleImage(patient: patient, study: study, series: series, number: 1)
                dataSet.set(reference(to: first.sopInstanceUID, tag: .referencedImageSequence))
                dataSet.set(reference(to: first.sopInstanceUID, tag: .sourceImageSequence))
                dataSet.set(reference(to: first.sopInstanceUID, tag: .referencedInstanceSequence))
            }
            files.append(
                SampleFile(
                    relativePath: "phi/planted-ct-\(number).dcm", bytes: try SampleEncoding.part10(dataSet),
                    summary: "CT with identifying values planted in \(plantedValues.count) places"
                        + (number == 2 ? "; references image 1 (Referenced Image, Source Image and Referenced Instance Sequences)" : "")))
        }
        var ultrasound = SampleImage(
            patient: patient, study: study, series: SampleSeries(number: 2, description: "US NECK", bodyPart: "NECK"), number: 1)
        ultrasound.characterSet = ["ISO_IR 192"]
        var dataSet = try CTImage.dataSet(ultrasound)
        try dataSet.put(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.6.1")
        try dataSet.put(.modality, .CS, "US")
        files.append(
            SampleFile(
                relativePath: "phi/burned-in-us.dcm", bytes: try SampleEncoding.part10(dataSet),
                summary: "Ultrasound image without Burned In Annotation (0028,0301): a de-identifier must report it"))
        return files
    }

    /// Adds the planted attributes, public and private, top level and nested.
    private static func plant(in dataSet: inout DataSet, image: SampleImage) throws {
        try dataSet.put(.patientAddress, .LO, "12 Fjordveien, 5003 Bergen")
        try dataSet.put(.patientTelephoneNumbers, .SH, "+47 5555 0199")
        try dataSet.put(.otherPatientIDs, .LO, "PHI-OTHER-0042")
        try dataSet.put(.otherPatientNames, .PN, "Ødegård-Hansen^Åse")
        try dataSet.put(.patientComments, .LT, "Patient remembers the 2nd floor clinic")
        try dataSet.put(.performingPhysicianName, .PN, "PERFORMER^PAULA")
        try dataSet.put(.operatorsName, .PN, "OPERATOR^OLIVER")
        try dataSet.put(.institutionAddress, .ST, "Haukelandsveien 22, Bergen")
        try dataSet.put(.stationName, .SH, "SCANNER-ROOM-7")
        try dataSet.put(.deviceSerialNumber, .LO, "SN-CT-998877")
        try dataSet.put(.acquisitionComments, .LT, "Acquisition notes: patient nervous")
        try dataSet.put(.protocolName, .LO, "PROTOCOL ODEGARD SPECIAL")
        try dataSet.put(.patientWeight, .DS, "61.5")
        try dataSet.put(.patientSize, .DS, "1.68")

        var request = DataSet()
        try request.put(.requestingPhysician, .PN, "REQUESTER^RITA")
        try request.put(.accessionNumber, .SH, "ACC-PHI-5150")
        try request.put(.requestedProcedureID, .SH, "RP-PHI-77")
        dataSet.set(Element(.requestAttributesSequence, .SQ, value: .sequence([Item(request)])))

        // A sequence the profile keeps (Anatomic Region Sequence is not in Table E.1-1), whose
        // item carries an operator's name and the patient ID: cleaned inside.
        var region = DataSet()
        try region.put(.codeValue, .SH, "T-D3000")
        try region.put(.codingSchemeDesignator, .SH, "SRT")
        try region.put(.codeMeaning, .LO, "Chest")
        try region.put(.operatorsName, .PN, "NESTED^NELLY")
        try region.put(.patientID, .LO, image.patient.id)
        dataSet.set(Element(.anatomicRegionSequence, .SQ, value: .sequence([Item(region)])))

        var original = DataSet()
        try original.put(.patientName, .PN, "OLDNAME^BEFORE")
        var modified = DataSet()
        modified.set(Element(.modifiedAttributesSequence, .SQ, value: .sequence([Item(original)])))
        try modified.put(.modifyingSystem, .LO, "DICOMFIX SAMPLES")
        try modified.put(.sourceOfPreviousValues, .LO, "")
        try modified.put(.reasonForTheAttributeModification, .CS, "CORRECT")
        try modified.put(.attributeModificationDateTime, .DT, "20240413120000")
        dataSet.set(Element(.originalAttributesSequence, .SQ, value: .sequence([Item(modified)])))

        // Overlay 6000: an 8x8 box in the top left corner, with a comment.
        let rows = UInt16(Phantom.size)
        dataSet.setUInt16(Tag(0x6000, 0x0010), [rows])
        dataSet.setUInt16(Tag(0x6000, 0x0011), [rows])
        try dataSet.put(Tag(0x6000, 0x0040), .CS, "G")
        dataSet.set(Element(Tag(0x6000, 0x0050), .SS, bytes: [1, 0, 1, 0]))
        dataSet.setUInt16(Tag(0x6000, 0x0100), [1])
        dataSet.setUInt16(Tag(0x6000, 0x0102), [0])
        try dataSet.put(Tag(0x6000, 0x4000), .LT, "overlay notes by OPERATOR")
        var bits = [UInt8](repeating: 0, count: Phantom.size * Phantom.size / 8)
        for row in 0..<8 { bits[row * Phantom.size / 8] = 0xFF }
        dataSet.set(Element(Tag(0x6000, 0x3000), .OW, bytes: bits))

        // Private group 0011: the name and ID as a vendor would keep them, one inside a sequence.
        try dataSet.put(Tag(0x0011, 0x0010), .LO, "DICOMFIX PHI")
        try dataSet.put(Tag(0x0011, 0x1001), .LO, "PRIVATE-NAME-ODEGARD")
        var privateItem = DataSet()
        try privateItem.put(Tag(0x0011, 0x0010), .LO, "DICOMFIX PHI")
        try privateItem.put(Tag(0x0011, 0x1003), .LO, "PRIVATE-ID-4711")
        dataSet.set(Element(Tag(0x0011, 0x1002), .SQ, value: .sequence([Item(privateItem)])))
    }

    /// A sequence of one item referencing a CT image of the planted series.
    private static func reference(to sopInstanceUID: String, tag: Tag) -> Element {
        var item = DataSet()
        item.setString(.referencedSOPClassUID, .UI, UID.ctImageStorage)
        item.setString(.referencedSOPInstanceUID, .UI, sopInstanceUID)
        return Element(tag, .SQ, value: .sequence([Item(item)]))
    }
}
