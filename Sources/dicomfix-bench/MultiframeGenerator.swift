import DICOM

/// One Enhanced CT image (PS3.3 A.38) of many 512 x 512 x 16-bit frames, explicit VR little
/// endian: shared functional groups, a Per-Frame Functional Groups Sequence with one item per
/// frame (frame content, plane position, VOI LUT), a two-dimension index, and pixel data streamed
/// from the synthetic source by the writer, so generating never holds a frame in memory.
struct EnhancedCTGenerator {
    static let enhancedCTImageStorage = "1.2.840.10008.5.1.4.1.1.2.1"
    let frameCount: Int
    let studyNumber = 2
    let seriesNumber = 1
    private let volume: SyntheticPixelSource

    /// Enough frames for at least `megabytes` MiB of pixel data.
    init(megabytes: Int) {
        let frameLength = CTHeaders.rows * CTHeaders.columns * 2
        frameCount = max(1, (megabytes * 1_048_576 + frameLength - 1) / frameLength)
        volume = SyntheticPixelSource(rows: CTHeaders.rows, columns: CTHeaders.columns, frames: frameCount)
    }

    /// Bytes of pixel data.
    var pixelDataLength: Int64 { volume.count }

    func dataSet() -> DataSet {
        var d = DataSet()
        d.text(.imageType, .CS, "ORIGINAL\\PRIMARY\\AXIAL\\NONE")
        d.text(.instanceCreationDate, .DA, "20240611")
        d.text(.instanceCreationTime, .TM, "091500")
        d.text(.sopClassUID, .UI, Self.enhancedCTImageStorage)
        d.text(.sopInstanceUID, .UI, BenchUID.make(3, studyNumber, seriesNumber, 1))
        d.text(.contentDate, .DA, "20240611")
        d.text(.contentTime, .TM, "091500")
        d.text(.acquisitionDateTime, .DT, "20240611090000")
        CTHeaders.addPatientAndStudy(to: &d, studyNumber: studyNumber)
        CTHeaders.addSeriesAndEquipment(to: &d, studyNumber: studyNumber, seriesNumber: seriesNumber, description: "Enhanced volume 1.25mm")
        CTHeaders.addPrivateBlock(to: &d, index: 0)
        d.integer(.instanceNumber, 1)
        d.text(.contentQualification, .CS, "PRODUCT")
        d.integer(.numberOfFrames, frameCount)
        d.monochromePixelDescription(rows: CTHeaders.rows, columns: CTHeaders.columns)
        d.text(.presentationLUTShape, .CS, "IDENTITY")

        let organization = BenchUID.make(5, studyNumber)
        var dimensionOrganization = DataSet()
        dimensionOrganization.text(.dimensionOrganizationUID, .UI, organization)
        d.sequence(.dimensionOrganizationSequence, [dimensionOrganization])
        d.sequence(.dimensionIndexSequence, [
            dimensionIndex(organization, pointer: .stackID, group: .frameContentSequence),
            dimensionIndex(organization, pointer: .inStackPositionNumber, group: .frameContentSequence),
        ])
        d.sequence(.sharedFunctionalGroupsSequence, [sharedGroups()])
        d.sequence(.perFrameFunctionalGroupsSequence, (0..<frameCount).map(frameGroups))
        d.set(Element(.pixelData, .OW, value: .bulk(BulkData(source: volume, offset: 0, length: volume.count))))
        return d
    }

    private func dimensionIndex(_ organization: String, pointer: Tag, group: Tag) -> DataSet {
        var item = DataSet()
        item.text(.dimensionOrganizationUID, .UI, organization)
        item.attributeTags(.dimensionIndexPointer, [pointer])
        item.attributeTags(.functionalGroupPointer, [group])
        return item
    }

    /// The functional groups every frame shares: pixel measures, orientation, rescale, frame type,
    /// and the scanner parameters of the single-frame images (kept together in one item: the
    /// benchmark wants the header size of a real enhanced image, not module-exact placement).
    private func sharedGroups() -> DataSet {
        var measures = DataSet()
        measures.decimals(.sliceThickness, [CTHeaders.sliceThickness])
        measures.decimals(.pixelSpacing, [CTHeaders.pixelSpacing, CTHeaders.pixelSpacing])
        var orientation = DataSet()
        orientation.decimals(.imageOrientationPatient, [1, 0, 0, 0, 1, 0])
        var transformation = DataSet()
        transformation.decimals(.rescaleIntercept, [-1024])
        transformation.decimals(.rescaleSlope, [1])
        transformation.text(.rescaleType, .LO, "HU")
        var frameType = DataSet()
        frameType.text(.frameType, .CS, "ORIGINAL\\PRIMARY\\AXIAL\\NONE")
        var acquisition = DataSet()
        CTHeaders.addAcquisition(to: &acquisition)

        var shared = DataSet()
        shared.sequence(.pixelMeasuresSequence, [measures])
        shared.sequence(.planeOrientationSequence, [orientation])
        shared.sequence(.pixelValueTransformationSequence, [transformation])
        shared.sequence(.ctImageFrameTypeSequence, [frameType])
        shared.sequence(.ctAcquisitionDetailsSequence, [acquisition])
        return shared
    }

    /// The functional groups of frame `index`: frame content, plane position, VOI LUT.
    private func frameGroups(_ index: Int) -> DataSet {
        var content = DataSet()
        content.setUInt16(.frameAcquisitionNumber, [UInt16(truncatingIfNeeded: index / 128 + 1)])
        let seconds = index / 4
        let time = "2024061109" + twoDigits(seconds / 60 % 60) + twoDigits(seconds % 60)
        content.text(.frameReferenceDateTime, .DT, time + ".250000")
        content.text(.frameAcquisitionDateTime, .DT, time + ".250000")
        content.doubles(.frameAcquisitionDuration, [500])
        content.text(.stackID, .SH, "1")
        content.setUInt32(.inStackPositionNumber, [UInt32(index + 1)])
        content.setUInt32(.dimensionIndexValues, [1, UInt32(index + 1)])
        var position = DataSet()
        let half = Double(CTHeaders.columns) * CTHeaders.pixelSpacing / 2
        position.decimals(.imagePositionPatient, [-half, -half - 152.5, -Double(index) * CTHeaders.sliceThickness])
        var voi = DataSet()
        voi.decimals(.windowCenter, [40])
        voi.decimals(.windowWidth, [400])

        var frame = DataSet()
        frame.sequence(.frameContentSequence, [content])
        frame.sequence(.planePositionSequence, [position])
        frame.sequence(.frameVOILUTSequence, [voi])
        return frame
    }

    /// Writes the file.
    func write(to path: String) throws {
        try DicomWriter.write(DicomFile(dataSet: dataSet(), transferSyntax: .explicitVRLittleEndian), toPath: path)
    }
}
