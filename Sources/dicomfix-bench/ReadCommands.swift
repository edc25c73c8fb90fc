import DICOM
import Dispatch

/// What a walk over data sets found: every element (nested ones included), the sequences and
/// items among them, the bytes of values held in memory and of values left in the file.
struct ElementCensus {
    var files = 0
    var elements = 0
    var sequences = 0
    var items = 0
    var inlineBytes: Int64 = 0
    var bulkBytes: Int64 = 0
    var diagnostics = 0

    mutating func add(_ file: DicomFile) {
        files += 1
        diagnostics += file.diagnostics.count
        add(file.meta)
        add(file.dataSet)
    }

    /// Counts `dataSet` and everything nested in it, touching every value.
    mutating func add(_ dataSet: DataSet) {
        for element in dataSet {
            elements += 1
            switch element.value {
            case .bytes(let bytes): inlineBytes += Int64(bytes.count)
            case .bulk(let bulk): bulkBytes += bulk.length
            case .encapsulated(let pixels): bulkBytes += pixels.items.reduce(0) { $0 + $1.length }
            case .sequence(let nested):
                sequences += 1
                items += nested.count
                for item in nested { add(item.dataSet) }
            }
        }
    }

    static func + (lhs: ElementCensus, rhs: ElementCensus) -> ElementCensus {
        ElementCensus(
            files: lhs.files + rhs.files, elements: lhs.elements + rhs.elements, sequences: lhs.sequences + rhs.sequences,
            items: lhs.items + rhs.items, inlineBytes: lhs.inlineBytes + rhs.inlineBytes,
            bulkBytes: lhs.bulkBytes + rhs.bulkBytes, diagnostics: lhs.diagnostics + rhs.diagnostics)
    }

    var summary: String {
        "\(files) file(s): \(elements) elements, \(sequences) sequences, \(items) items, "
            + "\(inlineBytes) value bytes in memory, \(bulkBytes) left in the file, \(diagnostics) diagnostics"
    }
}

enum ReadCommands {
    /// Reads every file header-only (up to the pixel data) on `workers` threads, each taking
    /// every `workers`-th file, and counts what was read.
    /// - Returns: the census and the errors, in no particular order.
    static func readHeaders(_ paths: [String], workers: Int) -> (ElementCensus, [String]) {
        let results = Locked((ElementCensus(), [String]()))
        let workerCount = max(1, min(workers, paths.count))
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            var census = ElementCensus()
            var errors: [String] = []
            for index in stride(from: worker, to: paths.count, by: workerCount) {
                do {
                    census.add(try DicomReader.read(path: paths[index], options: .headerOnly))
                } catch {
                    errors.append("\(error)")
                }
            }
            results.withLock { total in
                total.0 = total.0 + census
                total.1 += errors
            }
        }
        return results.withLock { $0 }
    }

    /// Reads one file whole with the default options (large values stay in the file).
    static func readFull(_ path: String) throws -> ElementCensus {
        var census = ElementCensus()
        census.add(try DicomReader.read(path: path))
        return census
    }
}
