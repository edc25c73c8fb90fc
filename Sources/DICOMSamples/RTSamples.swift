import DICOM

/// An RT Structure Set (PS3.3 A.19) contouring the soft-tissue series of Jane Doe's CT: the RT
/// references split and merge must keep resolving (Referenced Frame of Reference Sequence >
/// RT Referenced Study Sequence > RT Referenced Series Sequence > Contour Image Sequence, and the
/// Contour Image Sequence of each contour), and a Referenced Study Sequence naming its study.
enum RTSamples {
    static func all() throws -> [SampleFile] {
        [
            SampleFile(
                relativePath: "rt/ct-study-structure-set.dcm",
                bytes: try SampleEncoding.part10(try structureSet()),
                summary: "RT Structure Set of DOE^JANE's CT (ct-study/): one ROI contoured on the 3 images of series 1, "
                    + "referenced by study, series and image; Referenced Study Sequence names the study"),
        ]
    }

    /// The series number the structure set has in its study.
    static let seriesNumber = 80

    /// The study the structure set belongs to: Jane Doe's CT.
    static let study = SampleStudy(
        number: 1, date: "20240115", time: "093000", accessionNumber: "DCMFX00001", description: "CT CHEST WITHOUT CONTRAST")

    /// The contoured CT images: series 1 of the CT study, table positions 0, -5 and -10 mm.
    static let contoured: [(image: Int, z: Int)] = [(1, 0), (2, -5), (3, -10)]

    /// Patient, General Study, RT Series, Frame of Reference, General Equipment, Structure Set,
    /// ROI Contour, RT ROI Observations and SOP Common modules.
    private static func structureSet() throws -> DataSet {
        let patient = SamplePatient.janeDoe
        var dataSet = DataSet()
        try dataSet.put(.instanceCreationDate, .DA, study.date)
        try dataSet.put(.instanceCreationTime, .TM, "160000")
        try dataSet.put(.sopClassUID, .UI, UID.rtStructureSetStorage)
        try dataSet.put(.sopInstanceUID, .UI, SampleUID.instance(study.number, seriesNumber, 1))
        try dataSet.put(.studyDate, .DA, study.date)
        try dataSet.put(.studyTime, .TM, study.time)
        try dataSet.put(.accessionNumber, .SH, study.accessionNumber)
        try dataSet.put(.modality, .CS, "RTSTRUCT")
        try dataSet.put(.manufacturer, .LO, "DICOMFIX")
        try dataSet.put(.referringPhysicianName, .PN, study.referringPhysician)
        try dataSet.put(.studyDescription, .LO, study.description)
        try dataSet.put(.seriesDescription, .LO, "STRUCTURES")
        try dataSet.put(.operatorsName, .PN, "")
        dataSet.set(Element(.referencedStudySequence, .SQ, value: .sequence([Item(try studyReference())])))
        try dataSet.put(.patientName, .PN, patient.name)
        try dataSet.put(.patientID, .LO, patient.id)
        try dataSet.put(.patientBirthDate, .DA, patient.birthDate)
        try dataSet.put(.patientSex, .CS, patient.sex)
        try dataSet.put(.studyInstanceUID, .UI, study.uid)
        try dataSet.put(.seriesInstanceUID, .UI, SampleUID.series(study.number, seriesNumber))
        try dataSet.put(.studyID, .SH, study.studyID)
        try dataSet.put(.seriesNumber, .IS, String(seriesNumber))
        try dataSet.put(.instanceNumber, .IS, "1")
        try dataSet.put(.frameOfReferenceUID, .UI, SampleUID.frameOfReference(study.number))
        try dataSet.put(.positionReferenceIndicator, .LO, "")
        try dataSet.put(.structureSetLabel, .SH, "CHEST")
        try dataSet.put(.structureSetDate, .DA, study.date)
        try dataSet.put(.structureSetTime, .TM, "160000")
        dataSet.set(Element(.referencedFrameOfReferenceSequence, .SQ, value: .sequence([Item(try frameOfReference())])))
        dataSet.set(Element(.structureSetROISequence, .SQ, value: .sequence([Item(try roi())])))
        dataSet.set(Element(.roiContourSequence, .SQ, value: .sequence([Item(try roiContour())])))
        dataSet.set(Element(.rtroiObservationsSequence, .SQ, value: .sequence([Item(try observation())])))
        return dataSet
    }

    /// A Referenced Study Sequence item (General Study module) naming the structure set's study.
    private static func studyReference() throws -> DataSet {
        var item = DataSet()
        try item.put(.referencedSOPClassUID, .UI, UID.detachedStudyManagement)
        try item.put(.referencedSOPInstanceUID, .UI, study.uid)
        return item
    }

    /// The frame of reference of the CT study, and the contoured images by study and series.
    private static func frameOfReference() throws -> DataSet {
        var series = DataSet()
        try series.put(.seriesInstanceUID, .UI, SampleUID.series(study.number, 1))
        series.set(Element(.contourImageSequence, .SQ, value: .sequence(try contoured.map { Item(try image($0.image)) })))
        var studyItem = try studyReference()
        studyItem.set(Element(.rtReferencedSeriesSequence, .SQ, value: .sequence([Item(series)])))
        var item = DataSet()
        try item.put(.frameOfReferenceUID, .UI, SampleUID.frameOfReference(study.number))
        item.set(Element(.rtReferencedStudySequence, .SQ, value: .sequence([Item(studyItem)])))
        return item
    }

    /// The one ROI of the structure set.
    private static func roi() throws -> DataSet {
        var item = DataSet()
        try item.put(.roiNumber, .IS, "1")
        try item.put(.referencedFrameOfReferenceUID, .UI, SampleUID.frameOfReference(study.number))
        try item.put(.roiName, .LO, "PHANTOM")
        try item.put(.roiGenerationAlgorithm, .CS, "MANUAL")
        return item
    }

    /// One closed square contour, 40 mm wide, on each contoured image.
    private static func roiContour() throws -> DataSet {
        var contours: [Item] = []
        for (number, slice) in contoured.enumerated() {
            var contour = DataSet()
            try contour.put(.contourNumber, .IS, String(number + 1))
            contour.set(Element(.contourImageSequence, .SQ, value: .sequence([Item(try image(slice.image))])))
            try contour.put(.contourGeometricType, .CS, "CLOSED_PLANAR")
            try contour.put(.numberOfContourPoints, .IS, "4")
            let corners = [(-20, -20), (20, -20), (20, 20), (-20, 20)]
            try contour.put(.contourData, .DS, corners.map { "\($0.0)\\\($0.1)\\\(slice.z)" }.joined(separator: "\\"))
            contours.append(Item(contour))
        }
        var item = DataSet()
        try item.put(.roiDisplayColor, .IS, "255\\0\\0")
        item.set(Element(.contourSequence, .SQ, value: .sequence(contours)))
        try item.put(.referencedROINumber, .IS, "1")
        return item
    }

    private static func observation() throws -> DataSet {
        var item = DataSet()
        try item.put(.observationNumber, .IS, "1")
        try item.put(.referencedROINumber, .IS, "1")
        try item.put(.rtroiInterpretedType, .CS, "ORGAN")
        try item.put(.roiInterpreter, .PN, "")
        return item
    }

    /// Referenced SOP Class and Instance UID of image `number` of the CT study's series 1.
    private static func image(_ number: Int) throws -> DataSet {
        var item = DataSet()
        try item.put(.referencedSOPClassUID, .UI, UID.ctImageStorage)
        try item.put(.referencedSOPInstanceUID, .UI, SampleUID.instance(study.number, 1, number))
        return item
    }
}
