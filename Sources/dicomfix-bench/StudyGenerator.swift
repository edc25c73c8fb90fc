import DICOM
import Dispatch

/// A study of single-frame slices, one file per slice: axial CT (CT Image Storage, PS3.3 A.3)
/// or axial brain MR (MR Image Storage, PS3.3 A.4), square 16-bit frames, explicit or implicit
/// VR little endian. Pixel data comes from one synthetic volume: slice `i` is the range of
/// frame `i`, so no file's pixels are ever held in memory.
struct StudyGenerator {
    enum Modality: String, CaseIterable {
        case ct = "CT"
        case mr = "MR"

        var sopClassUID: String {
            switch self {
            case .ct: "1.2.840.10008.5.1.4.1.1.2"
            case .mr: "1.2.840.10008.5.1.4.1.1.4"
            }
        }

        /// The usual acquisition matrix: 512 for CT, 256 for MR.
        var defaultMatrix: Int {
            switch self {
            case .ct: CTHeaders.rows
            case .mr: MRHeaders.matrix
            }
        }
    }

    let modality: Modality
    let sliceCount: Int
    /// Rows and columns of every slice.
    let matrix: Int
    let transferSyntax: TransferSyntax
    private let volume: SyntheticPixelSource

    init(modality: Modality, sliceCount: Int, matrix: Int? = nil, transferSyntax: TransferSyntax = .explicitVRLittleEndian) {
        self.modality = modality
        self.sliceCount = sliceCount
        self.matrix = matrix ?? modality.defaultMatrix
        self.transferSyntax = transferSyntax
        self.volume = SyntheticPixelSource(rows: self.matrix, columns: self.matrix, frames: sliceCount)
    }

    /// Study and series numbers, distinct per modality (and from the multi-frame file's study 2).
    var studyNumber: Int { modality == .ct ? 1 : 3 }
    var seriesNumber: Int { modality == .ct ? 3 : 5 }

    /// The file name of slice `index` (zero-based): `CT000001.dcm`, `MR000001.dcm`, ...
    func fileName(_ index: Int) -> String {
        let number = String(index + 1)
        return modality.rawValue + String(repeating: "0", count: max(0, 6 - number.count)) + number + ".dcm"
    }

    /// The data set of slice `index`: the modality's header and the pixel data.
    func dataSet(slice index: Int) -> DataSet {
        var d: DataSet
        switch modality {
        case .ct: d = CTHeaders.slice(index, matrix: matrix, studyNumber: studyNumber, seriesNumber: seriesNumber)
        case .mr: d = MRHeaders.slice(index, matrix: matrix, studyNumber: studyNumber, seriesNumber: seriesNumber)
        }
        let pixels = BulkData(source: volume, offset: Int64(index) * volume.frameLength, length: volume.frameLength)
        d.set(Element(.pixelData, .OW, value: .bulk(pixels)))
        return d
    }

    /// Writes every slice into `directory` (which must exist), several files at a time.
    /// - Returns: the paths written, in slice order.
    /// - Throws: the first error any write met.
    func write(into directory: String, workers: Int) throws -> [String] {
        let paths = (0..<sliceCount).map { directory + "/" + fileName($0) }
        let failures = FirstError()
        let workerCount = max(1, min(workers, sliceCount))
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            for index in stride(from: worker, to: sliceCount, by: workerCount) where !failures.hasError {
                do {
                    let file = DicomFile(dataSet: dataSet(slice: index), transferSyntax: transferSyntax)
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
