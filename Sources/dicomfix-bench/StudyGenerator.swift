import DICOM
import Dispatch

/// A CT study of single-frame axial slices (CT Image Storage, PS3.3 A.3), one file per slice,
/// explicit VR little endian, 512 x 512 x 16-bit. Pixel data comes from one synthetic volume:
/// slice `i` is the range of frame `i`, so no file's pixels are ever held in memory.
struct CTStudyGenerator {
    static let ctImageStorage = "1.2.840.10008.5.1.4.1.1.2"
    let sliceCount: Int
    let studyNumber = 1
    let seriesNumber = 3
    private let volume: SyntheticPixelSource

    init(sliceCount: Int) {
        self.sliceCount = sliceCount
        self.volume = SyntheticPixelSource(rows: CTHeaders.rows, columns: CTHeaders.columns, frames: sliceCount)
    }

    /// The file name of slice `index` (zero-based).
    static func fileName(_ index: Int) -> String {
        let number = String(index + 1)
        return "CT" + String(repeating: "0", count: max(0, 6 - number.count)) + number + ".dcm"
    }

    /// The data set of slice `index`: about 90 top-level elements, four sequences, a private
    /// block and the pixel data.
    func dataSet(slice index: Int) -> DataSet {
        var d = DataSet()
        let z = -Double(index) * CTHeaders.sliceThickness
        d.text(.imageType, .CS, "ORIGINAL\\PRIMARY\\AXIAL")
        d.text(.instanceCreationDate, .DA, "20240611")
        d.text(.instanceCreationTime, .TM, "083611")
        d.text(.sopClassUID, .UI, Self.ctImageStorage)
        d.text(.sopInstanceUID, .UI, BenchUID.make(3, studyNumber, seriesNumber, index + 1))
        d.text(.acquisitionDate, .DA, "20240611")
        d.text(.contentDate, .DA, "20240611")
        let seconds = 3 * 60 + 2 + index / 8
        d.text(.acquisitionTime, .TM, "08" + twoDigits(35 + seconds / 60) + twoDigits(seconds % 60) + ".5")
        d.text(.contentTime, .TM, "083611")
        CTHeaders.addPatientAndStudy(to: &d, studyNumber: studyNumber)
        CTHeaders.addSeriesAndEquipment(to: &d, studyNumber: studyNumber, seriesNumber: seriesNumber, description: "Axial 1.25mm STD")
        CTHeaders.addAcquisition(to: &d)
        CTHeaders.addPrivateBlock(to: &d, index: index)

        d.integer(.acquisitionNumber, 2)
        d.integer(.instanceNumber, index + 1)
        let half = Double(CTHeaders.columns) * CTHeaders.pixelSpacing / 2
        d.decimals(.imagePositionPatient, [-half, -half - 152.5, z])
        d.decimals(.imageOrientationPatient, [1, 0, 0, 0, 1, 0])
        d.decimals(.sliceLocation, [z])

        CTHeaders.addPixelDescription(to: &d)
        d.decimals(.pixelSpacing, [CTHeaders.pixelSpacing, CTHeaders.pixelSpacing])
        d.decimals(.windowCenter, [40, 400])
        d.decimals(.windowWidth, [400, 1500])
        d.decimals(.rescaleIntercept, [-1024])
        d.decimals(.rescaleSlope, [1])
        d.text(.rescaleType, .LO, "HU")

        let pixels = BulkData(source: volume, offset: Int64(index) * volume.frameLength, length: volume.frameLength)
        d.set(Element(.pixelData, .OW, value: .bulk(pixels)))
        return d
    }

    /// Writes every slice into `directory` (which must exist), several files at a time.
    /// - Returns: the paths written, in slice order.
    /// - Throws: the first error any write met.
    func write(into directory: String, workers: Int) throws -> [String] {
        let paths = (0..<sliceCount).map { directory + "/" + Self.fileName($0) }
        let failures = FirstError()
        let workerCount = max(1, min(workers, sliceCount))
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            for index in stride(from: worker, to: sliceCount, by: workerCount) where !failures.hasError {
                do {
                    let file = DicomFile(dataSet: dataSet(slice: index), transferSyntax: .explicitVRLittleEndian)
                    try DicomWriter.write(file, toPath: paths[index])
                } catch {
                    failures.record(error)
                }
            }
        }
        if let error = failures.error { throw error }
        return paths
    }
}

func twoDigits(_ value: Int) -> String {
    value < 10 ? "0" + String(value) : String(value)
}
