import DICOM

/// Builds the data set of one CT Image Storage instance (PS3.3 A.3) for a sample image: Patient,
/// General Study, Patient Study, General Series, Frame of Reference, General Equipment, General
/// Image, Image Plane, Image Pixel, CT Image, VOI LUT and SOP Common modules.
enum CTImage {
    /// The complete data set of `image`, pixel data included.
    /// - Throws: `SampleError` if a text value cannot be encoded in the image's character set.
    static func dataSet(_ image: SampleImage) throws -> DataSet {
        var dataSet = DataSet()
        if !image.characterSet.isEmpty {
            try dataSet.put(.specificCharacterSet, .CS, image.characterSet.joined(separator: "\\"))
        }
        try addPatientAndStudy(image, to: &dataSet)
        try addSeriesAndEquipment(image, to: &dataSet)
        try addImage(image, to: &dataSet)
        return dataSet
    }

    /// SOP Common, Patient, General Study and Patient Study attributes.
    private static func addPatientAndStudy(_ image: SampleImage, to dataSet: inout DataSet) throws {
        let study = image.study
        try dataSet.put(.instanceCreationDate, .DA, study.date)
        try dataSet.put(.instanceCreationTime, .TM, study.time)
        try dataSet.put(.sopClassUID, .UI, UID.ctImageStorage)
        try dataSet.put(.sopInstanceUID, .UI, image.sopInstanceUID)
        try dataSet.put(.studyDate, .DA, study.date)
        try dataSet.put(.studyTime, .TM, study.time)
        try dataSet.put(.accessionNumber, .SH, study.accessionNumber)
        try dataSet.put(.referringPhysicianName, .PN, study.referringPhysician)
        try dataSet.put(.studyDescription, .LO, study.description)
        try dataSet.put(.patientName, .PN, image.patient.name)
        try dataSet.put(.patientID, .LO, image.patient.id)
        try dataSet.put(.patientBirthDate, .DA, image.patient.birthDate)
        try dataSet.put(.patientSex, .CS, image.patient.sex)
        try dataSet.put(.patientAge, .AS, image.patient.age)
        try dataSet.put(.studyInstanceUID, .UI, study.uid)
        try dataSet.put(.studyID, .SH, study.studyID)
    }

    /// General Series, Frame of Reference and General Equipment attributes.
    private static func addSeriesAndEquipment(_ image: SampleImage, to dataSet: inout DataSet) throws {
        let series = image.series
        try dataSet.put(.seriesDate, .DA, image.study.date)
        try dataSet.put(.seriesTime, .TM, seriesTime(image))
        try dataSet.put(.modality, .CS, "CT")
        try dataSet.put(.manufacturer, .LO, "DICOMFIX")
        try dataSet.put(.institutionName, .LO, image.study.institution)
        try dataSet.put(.stationName, .SH, "SAMPLES")
        try dataSet.put(.seriesDescription, .LO, series.description)
        try dataSet.put(.manufacturerModelName, .LO, "MAKE-SAMPLES")
        try dataSet.put(.bodyPartExamined, .CS, series.bodyPart)
        try dataSet.put(.softwareVersions, .LO, "1")
        try dataSet.put(.patientPosition, .CS, "HFS")
        try dataSet.put(.seriesInstanceUID, .UI, image.seriesInstanceUID)
        try dataSet.put(.seriesNumber, .IS, String(series.number))
        try dataSet.put(.frameOfReferenceUID, .UI, SampleUID.frameOfReference(image.study.number))
        try dataSet.put(.positionReferenceIndicator, .LO, "")
    }

    /// General Image, Image Plane, Image Pixel, CT Image and VOI LUT attributes, and the pixels.
    private static func addImage(_ image: SampleImage, to dataSet: inout DataSet) throws {
        let series = image.series
        let z = String(image.sliceZ)
        try dataSet.put(.imageType, .CS, "ORIGINAL\\PRIMARY\\AXIAL")
        try dataSet.put(.acquisitionDate, .DA, image.study.date)
        try dataSet.put(.contentDate, .DA, image.study.date)
        try dataSet.put(.acquisitionTime, .TM, seriesTime(image))
        try dataSet.put(.contentTime, .TM, seriesTime(image))
        try dataSet.put(.sliceThickness, .DS, String(series.sliceThickness))
        try dataSet.put(.kvp, .DS, "120")
        try dataSet.put(.convolutionKernel, .SH, series.kernel)
        try dataSet.put(.acquisitionNumber, .IS, "1")
        try dataSet.put(.instanceNumber, .IS, String(image.number))
        let origin = "-98.4375"
        try dataSet.put(.imagePositionPatient, .DS, "\(origin)\\\(origin)\\\(z)")
        try dataSet.put(.imageOrientationPatient, .DS, "1\\0\\0\\0\\1\\0")
        try dataSet.put(.sliceLocation, .DS, z)
        dataSet.setUInt16(.samplesPerPixel, [1])
        try dataSet.put(.photometricInterpretation, .CS, "MONOCHROME2")
        dataSet.setUInt16(.rows, [UInt16(Phantom.size)])
        dataSet.setUInt16(.columns, [UInt16(Phantom.size)])
        try dataSet.put(.pixelSpacing, .DS, "\(Phantom.pixelSpacing)\\\(Phantom.pixelSpacing)")
        dataSet.setUInt16(.bitsAllocated, [16])
        dataSet.setUInt16(.bitsStored, [12])
        dataSet.setUInt16(.highBit, [11])
        dataSet.setUInt16(.pixelRepresentation, [0])
        try dataSet.put(.windowCenter, .DS, String(series.window.center))
        try dataSet.put(.windowWidth, .DS, String(series.window.width))
        try dataSet.put(.rescaleIntercept, .DS, String(Phantom.rescaleIntercept))
        try dataSet.put(.rescaleSlope, .DS, "1")
        try dataSet.put(.rescaleType, .LO, "HU")
        dataSet.set(Element(.pixelData, .OW, bytes: Phantom.pixelBytes(sliceZ: image.sliceZ)))
    }

    /// The series' time: the study time plus one minute per series number.
    private static func seriesTime(_ image: SampleImage) -> String {
        let hours = Int(image.study.time.prefix(2)) ?? 0
        let minutes = (Int(image.study.time.dropFirst(2).prefix(2)) ?? 0) + image.series.number
        return twoDigits(hours + minutes / 60) + twoDigits(minutes % 60) + "00"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}

extension DataSet {
    /// Sets a text element, or throws if the text cannot be encoded in this data set's
    /// Specific Character Set.
    mutating func put(_ tag: Tag, _ vr: VR, _ text: String) throws {
        guard setString(tag, vr, text) else {
            throw SampleError("cannot encode \(tag) '\(text)' as \(vr) in \(specificCharacterSet().terms)")
        }
    }
}
