import DICOM

/// The attributes the benchmark's CT images share, module by module (PS3.3 C.7 and C.8.2), with
/// values like a scanner's: patient, study, series, equipment, acquisition, a private block.
/// Everything is fixed, so that generated files are identical from run to run.
enum CTHeaders {
    static let rows = 512
    static let columns = 512
    static let pixelSpacing = 0.703
    static let sliceThickness = 1.25

    /// The header of axial slice `index` (zero-based) of a CT Image Storage series (PS3.3 A.3),
    /// `matrix` x `matrix` pixels: about 90 top-level elements, four sequences and a private
    /// block. The pixel data is left to the caller.
    static func slice(_ index: Int, matrix: Int, studyNumber: Int, seriesNumber: Int) -> DataSet {
        var d = DataSet()
        let z = -Double(index) * sliceThickness
        d.text(.imageType, .CS, "ORIGINAL\\PRIMARY\\AXIAL")
        d.text(.instanceCreationDate, .DA, "20240611")
        d.text(.instanceCreationTime, .TM, "083611")
        d.text(.sopClassUID, .UI, StudyGenerator.Modality.ct.sopClassUID)
        d.text(.sopInstanceUID, .UI, BenchUID.make(3, studyNumber, seriesNumber, index + 1))
        d.text(.acquisitionDate, .DA, "20240611")
        d.text(.contentDate, .DA, "20240611")
        let seconds = 3 * 60 + 2 + index / 8
        d.text(.acquisitionTime, .TM, "08" + twoDigits(35 + seconds / 60) + twoDigits(seconds % 60) + ".5")
        d.text(.contentTime, .TM, "083611")
        addPatientAndStudy(to: &d, studyNumber: studyNumber)
        addSeriesAndEquipment(to: &d, studyNumber: studyNumber, seriesNumber: seriesNumber, description: "Axial 1.25mm STD")
        addAcquisition(to: &d)
        addPrivateBlock(to: &d, index: index)

        d.integer(.acquisitionNumber, 2)
        d.integer(.instanceNumber, index + 1)
        let half = Double(matrix) * pixelSpacing / 2
        d.decimals(.imagePositionPatient, [-half, -half - 152.5, z])
        d.decimals(.imageOrientationPatient, [1, 0, 0, 0, 1, 0])
        d.decimals(.sliceLocation, [z])

        d.monochromePixelDescription(rows: matrix, columns: matrix)
        d.decimals(.pixelSpacing, [pixelSpacing, pixelSpacing])
        d.decimals(.windowCenter, [40, 400])
        d.decimals(.windowWidth, [400, 1500])
        d.decimals(.rescaleIntercept, [-1024])
        d.decimals(.rescaleSlope, [1])
        d.text(.rescaleType, .LO, "HU")
        return d
    }

    /// Patient, General Study and Patient Study modules, and the request attributes.
    static func addPatientAndStudy(to d: inout DataSet, studyNumber: Int) {
        d.text(.specificCharacterSet, .CS, "ISO_IR 100")
        d.text(.studyDate, .DA, "20240611")
        d.text(.studyTime, .TM, "083015.250000")
        d.text(.accessionNumber, .SH, "ACC\(100_000 + studyNumber)")
        d.text(.referringPhysicianName, .PN, "Lambert^Anne^^Dr")
        d.text(.studyDescription, .LO, "CT CHEST ABDOMEN PELVIS W CONTRAST")
        d.sequence(.procedureCodeSequence, [.code("74177", "CPT4", "CT ABD & PELVIS W CONTRAST")])
        var performedStep = DataSet()
        performedStep.text(.referencedSOPClassUID, .UI, "1.2.840.10008.3.1.2.3.3")  // MPPS
        performedStep.text(.referencedSOPInstanceUID, .UI, BenchUID.make(6, studyNumber))
        d.sequence(.referencedPerformedProcedureStepSequence, [performedStep])

        d.text(.patientName, .PN, "Bench^Patient^Synthetic")
        d.text(.patientID, .LO, "BENCH\(studyNumber)")
        d.text(.issuerOfPatientID, .LO, "DICOMFIX")
        d.text(.patientBirthDate, .DA, "19580214")
        d.text(.patientSex, .CS, "F")
        var otherID = DataSet()
        otherID.text(.patientID, .LO, "MRN-\(7_000_000 + studyNumber)")
        otherID.text(.issuerOfPatientID, .LO, "GENERAL HOSPITAL")
        d.sequence(.otherPatientIDsSequence, [otherID])
        d.text(.patientAge, .AS, "066Y")
        d.decimals(.patientSize, [1.68])
        d.decimals(.patientWeight, [71.5])

        d.text(.studyInstanceUID, .UI, BenchUID.make(1, studyNumber))
        d.text(.studyID, .SH, String(studyNumber))

        var request = DataSet()
        request.text(.requestedProcedureID, .SH, "RP\(studyNumber)")
        request.text(.scheduledProcedureStepID, .SH, "SPS\(studyNumber)")
        request.sequence(.scheduledProtocolCodeSequence, [.code("P5-C0100", "SRT", "CT of abdomen and pelvis")])
        d.sequence(.requestAttributesSequence, [request])
        d.text(.performedProcedureStepStartDate, .DA, "20240611")
        d.text(.performedProcedureStepStartTime, .TM, "082955")
        d.text(.performedProcedureStepID, .SH, "PPS\(studyNumber)")
    }

    /// General Series, Frame of Reference and General Equipment modules.
    static func addSeriesAndEquipment(to d: inout DataSet, studyNumber: Int, seriesNumber: Int, description: String) {
        d.text(.seriesDate, .DA, "20240611")
        d.text(.seriesTime, .TM, "083502.125000")
        d.text(.modality, .CS, "CT")
        d.text(.seriesDescription, .LO, description)
        d.text(.operatorsName, .PN, "Tech^Robin")
        d.text(.seriesInstanceUID, .UI, BenchUID.make(2, studyNumber, seriesNumber))
        d.integer(.seriesNumber, seriesNumber)
        d.text(.patientPosition, .CS, "FFS")
        d.text(.frameOfReferenceUID, .UI, BenchUID.make(4, studyNumber))
        d.text(.positionReferenceIndicator, .LO, "XY")

        d.text(.manufacturer, .LO, "DICOMFIX SYNTHETIC")
        d.text(.institutionName, .LO, "General Hospital")
        d.text(.institutionAddress, .ST, "1 Hospital Road, Springfield")
        d.text(.stationName, .SH, "CTSCAN01")
        d.text(.institutionalDepartmentName, .LO, "Radiology")
        d.text(.manufacturerModelName, .LO, "Bench CT 128")
        d.text(.deviceSerialNumber, .LO, "SN0042")
        d.text(.softwareVersions, .LO, "dicomfix-bench 1.0")
    }

    /// CT acquisition and reconstruction parameters (CT Image module, PS3.3 C.8.2.1).
    static func addAcquisition(to d: inout DataSet) {
        d.text(.scanOptions, .CS, "HELICAL MODE")
        d.decimals(.sliceThickness, [sliceThickness])
        d.decimals(.kvp, [120])
        d.decimals(.dataCollectionDiameter, [500])
        d.text(.protocolName, .LO, "CAP_CONTRAST_1.25")
        d.decimals(.reconstructionDiameter, [360])
        d.decimals(.distanceSourceToDetector, [946.746])
        d.decimals(.distanceSourceToPatient, [538.52])
        d.decimals(.gantryDetectorTilt, [0])
        d.decimals(.tableHeight, [152.5])
        d.text(.rotationDirection, .CS, "CW")
        d.integer(.exposureTime, 500)
        d.integer(.xRayTubeCurrent, 245)
        d.integer(.exposure, 122)
        d.text(.filterType, .SH, "BODY FILTER")
        d.integer(.generatorPower, 29_400)
        d.decimals(.focalSpots, [0.7])
        d.text(.convolutionKernel, .SH, "STANDARD")
        d.doubles(.revolutionTime, [0.5])
        d.doubles(.singleCollimationWidth, [0.625])
        d.doubles(.totalCollimationWidth, [40])
        d.doubles(.spiralPitchFactor, [0.984375])
        d.doubles(.dataCollectionCenterPatient, [0, -152.5, 0])
        d.doubles(.reconstructionTargetCenterPatient, [0, -152.5, 0])
    }

    /// A vendor's private block (PS3.5 7.8): creator and three elements.
    static func addPrivateBlock(to d: inout DataSet, index: Int) {
        d.text(Tag(0x0009, 0x0010), .LO, "DICOMFIX BENCH 1")
        d.text(Tag(0x0009, 0x1001), .LO, "RECON-\(index % 7)")
        d.setUInt32(Tag(0x0009, 0x1002), [UInt32(index)])
        d.decimals(Tag(0x0009, 0x1003), [Double(index) * 0.25])
    }
}
