import DICOM

/// The header of an MR Image Storage slice (PS3.3 A.4) as a 3 T scanner writes it for an axial
/// T2 turbo spin echo of the head: patient and study, series and equipment, the MR Image
/// module's acquisition parameters (C.8.3.1), a reference to the localizer and a private block.
/// The slices form a dynamic series: stacks of `slicesPerStack` positions repeated in time.
/// Everything is fixed, so that generated files are identical from run to run.
enum MRHeaders {
    static let matrix = 256
    static let slicesPerStack = 24
    static let pixelSpacing = 0.898
    static let sliceThickness = 5.0
    static let sliceSpacing = 6.0

    /// The header of slice `index` (zero-based), `matrix` x `matrix` pixels: about 100 top-level
    /// elements and three sequences. The pixel data is left to the caller.
    static func slice(_ index: Int, matrix: Int, studyNumber: Int, seriesNumber: Int) -> DataSet {
        let position = index % slicesPerStack
        let timePoint = index / slicesPerStack
        var d = DataSet()
        d.text(.imageType, .CS, "ORIGINAL\\PRIMARY\\M\\ND\\NORM")
        d.text(.instanceCreationDate, .DA, "20240612")
        d.text(.instanceCreationTime, .TM, "141207.532000")
        d.text(.sopClassUID, .UI, StudyGenerator.Modality.mr.sopClassUID)
        d.text(.sopInstanceUID, .UI, BenchUID.make(3, studyNumber, seriesNumber, index + 1))
        d.text(.acquisitionDate, .DA, "20240612")
        d.text(.contentDate, .DA, "20240612")
        let seconds = 4 * 60 + timePoint * 4
        d.text(.acquisitionTime, .TM, "14" + twoDigits(seconds / 60) + twoDigits(seconds % 60) + ".105000")
        d.text(.contentTime, .TM, "141207.532000")
        addPatientAndStudy(to: &d, studyNumber: studyNumber)
        addSeriesAndEquipment(to: &d, studyNumber: studyNumber, seriesNumber: seriesNumber)
        addAcquisition(to: &d, matrix: matrix)
        addLocalizerReference(to: &d, studyNumber: studyNumber)
        addPrivateBlock(to: &d, index: index)

        d.integer(.acquisitionNumber, timePoint + 1)
        d.integer(.instanceNumber, index + 1)
        d.integer(.temporalPositionIdentifier, timePoint + 1)
        let half = Double(matrix) * pixelSpacing / 2
        let z = -48 + Double(position) * sliceSpacing
        d.decimals(.imagePositionPatient, [-half, -half - 12.5, z])
        d.decimals(.imageOrientationPatient, [1, 0, 0, 0, 1, 0])
        d.decimals(.sliceLocation, [z])

        d.monochromePixelDescription(rows: matrix, columns: matrix)
        d.decimals(.pixelSpacing, [pixelSpacing, pixelSpacing])
        d.setUInt16(.smallestImagePixelValue, [0])
        d.setUInt16(.largestImagePixelValue, [1295])
        d.decimals(.windowCenter, [612])
        d.decimals(.windowWidth, [1308])
        d.text(.windowCenterWidthExplanation, .LO, "Algo1")
        return d
    }

    /// Patient, General Study and Patient Study modules.
    static func addPatientAndStudy(to d: inout DataSet, studyNumber: Int) {
        d.text(.specificCharacterSet, .CS, "ISO_IR 100")
        d.text(.studyDate, .DA, "20240612")
        d.text(.studyTime, .TM, "140112.000000")
        d.text(.accessionNumber, .SH, "ACC\(200_000 + studyNumber)")
        d.text(.referringPhysicianName, .PN, "Moreau^Claire^^Dr")
        d.text(.studyDescription, .LO, "MR HEAD WO CONTRAST")
        d.sequence(.procedureCodeSequence, [.code("70551", "CPT4", "MRI BRAIN W/O CONTRAST")])

        d.text(.patientName, .PN, "Bench^Patient^Synthetic")
        d.text(.patientID, .LO, "BENCH\(studyNumber)")
        d.text(.issuerOfPatientID, .LO, "DICOMFIX")
        d.text(.patientBirthDate, .DA, "19710930")
        d.text(.patientSex, .CS, "M")
        d.text(.patientAge, .AS, "052Y")
        d.decimals(.patientSize, [1.8])
        d.decimals(.patientWeight, [82])

        d.text(.studyInstanceUID, .UI, BenchUID.make(1, studyNumber))
        d.text(.studyID, .SH, String(studyNumber))
    }

    /// General Series, Frame of Reference and General Equipment modules.
    static func addSeriesAndEquipment(to d: inout DataSet, studyNumber: Int, seriesNumber: Int) {
        d.text(.seriesDate, .DA, "20240612")
        d.text(.seriesTime, .TM, "140355.812000")
        d.text(.modality, .CS, "MR")
        d.text(.seriesDescription, .LO, "t2_tse_tra_dyn")
        d.text(.operatorsName, .PN, "Tech^Sam")
        d.text(.bodyPartExamined, .CS, "HEAD")
        d.text(.protocolName, .LO, "t2_tse_tra_dyn")
        d.text(.patientPosition, .CS, "HFS")
        d.text(.seriesInstanceUID, .UI, BenchUID.make(2, studyNumber, seriesNumber))
        d.integer(.seriesNumber, seriesNumber)
        d.text(.frameOfReferenceUID, .UI, BenchUID.make(4, studyNumber))
        d.text(.positionReferenceIndicator, .LO, "")

        d.text(.manufacturer, .LO, "DICOMFIX SYNTHETIC")
        d.text(.institutionName, .LO, "General Hospital")
        d.text(.institutionAddress, .ST, "1 Hospital Road, Springfield")
        d.text(.stationName, .SH, "MRC40512")
        d.text(.institutionalDepartmentName, .LO, "Neuroradiology")
        d.text(.manufacturerModelName, .LO, "Bench MR 3T")
        d.text(.deviceSerialNumber, .LO, "40512")
        d.text(.softwareVersions, .LO, "dicomfix-bench 1.0")
    }

    /// Acquisition parameters of the MR Image module (PS3.3 C.8.3.1).
    static func addAcquisition(to d: inout DataSet, matrix: Int) {
        d.text(.scanningSequence, .CS, "SE")
        d.text(.sequenceVariant, .CS, "SK\\SP\\OSP")
        d.text(.scanOptions, .CS, "PFP\\SAT1")
        d.text(.mrAcquisitionType, .CS, "2D")
        d.text(.sequenceName, .SH, "*tse2d1_15")
        d.text(.angioFlag, .CS, "N")
        d.decimals(.sliceThickness, [sliceThickness])
        d.decimals(.repetitionTime, [4000])
        d.decimals(.echoTime, [98])
        d.decimals(.numberOfAverages, [2])
        d.decimals(.imagingFrequency, [123.259])
        d.text(.imagedNucleus, .SH, "1H")
        d.integer(.echoNumbers, 1)
        d.decimals(.magneticFieldStrength, [3])
        d.decimals(.spacingBetweenSlices, [sliceSpacing])
        d.integer(.numberOfPhaseEncodingSteps, matrix * 4 / 5)
        d.integer(.echoTrainLength, 15)
        d.decimals(.percentSampling, [100])
        d.decimals(.percentPhaseFieldOfView, [81.25])
        d.decimals(.pixelBandwidth, [220])
        d.text(.receiveCoilName, .SH, "Head_32")
        d.text(.transmitCoilName, .SH, "Body")
        d.setUInt16(.acquisitionMatrix, [0, UInt16(matrix), UInt16(matrix * 4 / 5), 0])
        d.text(.inPlanePhaseEncodingDirection, .CS, "ROW")
        d.decimals(.flipAngle, [150])
        d.text(.variableFlipAngleFlag, .CS, "N")
        d.decimals(.sar, [0.872])
        d.decimals(.dBdt, [0])
    }

    /// Referenced Image Sequence (PS3.3 C.7.6.1): the three localizer images.
    static func addLocalizerReference(to d: inout DataSet, studyNumber: Int) {
        let localizers = (1...3).map { number in
            var item = DataSet()
            item.text(.referencedSOPClassUID, .UI, StudyGenerator.Modality.mr.sopClassUID)
            item.text(.referencedSOPInstanceUID, .UI, BenchUID.make(3, studyNumber, 1, number))
            return item
        }
        d.sequence(.referencedImageSequence, localizers)
    }

    /// A vendor's private block (PS3.5 7.8): creator and three elements. In implicit VR files
    /// their VRs are unknown to readers, as with real vendor blocks.
    static func addPrivateBlock(to d: inout DataSet, index: Int) {
        d.text(Tag(0x0019, 0x0010), .LO, "DICOMFIX BENCH MR 1")
        d.text(Tag(0x0019, 0x1008), .CS, "IMAGE NUM 4")
        d.text(Tag(0x0019, 0x1009), .LO, "1.0")
        d.decimals(Tag(0x0019, 0x100B), [Double(index % slicesPerStack) * sliceSpacing])
    }
}
