import DICOM
import Foundation

/// One instance going onto media: where it is, the identity that places it in the patient /
/// study / series hierarchy, and the keys of the four records it needs (PS3.3 F.5).
public struct MediaInstance: Sendable {
    public var path: String
    public var sopClassUID: String
    public var sopInstanceUID: String
    public var transferSyntax: TransferSyntax
    public var recordType: DirectoryRecordType
    public var patientID: String
    public var patientName: String
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    /// The keys of the PATIENT, STUDY, SERIES and instance records, without File ID and offsets.
    public var patientRecord: DataSet
    public var studyRecord: DataSet
    public var seriesRecord: DataSet
    public var instanceRecord: DataSet
    /// Missing or empty keys, each naming the file.
    public var findings: [MediaFinding]
    /// Sort keys: study date and time, series and instance numbers.
    public var studyDateTime: String
    public var seriesNumber: Int
    public var instanceNumber: Int
}

/// Reads the headers of files going onto media (stopping before pixel data), in parallel.
public enum MediaScanner {
    /// What one file turned out to be.
    public enum Outcome: Sendable {
        case instance(MediaInstance)
        /// A file that is not DICOM (skipped when met in a folder).
        case notDICOM(path: String)
        /// A DICOMDIR (Media Storage Directory Storage): never an instance of a file-set.
        case directory(path: String)
        case unreadable(path: String, reason: String)
    }

    /// Reads every file's header, using every core; results in the order of `paths`.
    public static func scan(_ paths: [String]) -> [Outcome] {
        concurrentMap(paths) { scan(path: $0) }
    }

    /// Reads one file's header.
    public static func scan(path: String) -> Outcome {
        let file: DicomFile
        do {
            file = try DicomReader.read(path: path, options: .headerOnly)
        } catch let error as DICOMError where error.code == .notDICOM {
            return .notDICOM(path: path)
        } catch {
            return .unreadable(path: path, reason: "\(error)")
        }
        let sopClass = file.meta.string(.mediaStorageSOPClassUID) ?? file.dataSet.string(.sopClassUID) ?? ""
        if sopClass == DicomDirectoryReader.sopClassUID { return .directory(path: path) }
        return .instance(instance(file))
    }

    /// The media instance of a file already read.
    public static func instance(_ file: DicomFile) -> MediaInstance {
        let dataSet = file.dataSet
        let path = file.path
        var findings: [MediaFinding] = file.errors.map {
            MediaFinding(.warning, $0.code, "the file has a defect: \($0.message)", file: path, offset: $0.offset)
        }
        let sopClass = dataSet.string(.sopClassUID) ?? file.meta.string(.mediaStorageSOPClassUID) ?? ""
        let sopInstance = dataSet.string(.sopInstanceUID) ?? file.meta.string(.mediaStorageSOPInstanceUID) ?? ""
        for (tag, value) in [(Tag.sopClassUID, sopClass), (.sopInstanceUID, sopInstance)] where value.isEmpty {
            findings.append(MediaFinding(.error, "media.key.missing", "\(name(tag)) \(tag) is missing: the file cannot be referenced from a DICOMDIR", file: path, reference: "PS3.3 F.3.2.2"))
        }
        let type = DirectoryRecordType.forInstance(sopClassUID: sopClass, modality: dataSet.string(.modality))
        func record(_ recordType: DirectoryRecordType) -> DataSet {
            let (keys, missing) = RecordKeys.make(recordType, from: dataSet, file: path)
            findings += missing
            return keys
        }
        let hierarchical = type.level == 3
        let patient = hierarchical ? record(.patient) : DataSet()
        let study = hierarchical ? record(.study) : DataSet()
        let series = hierarchical ? record(.series) : DataSet()
        let own = record(type)
        return MediaInstance(
            path: path, sopClassUID: sopClass, sopInstanceUID: sopInstance, transferSyntax: file.transferSyntax, recordType: type,
            patientID: dataSet.string(.patientID) ?? "", patientName: dataSet.string(.patientName) ?? "",
            studyInstanceUID: dataSet.string(.studyInstanceUID) ?? "", seriesInstanceUID: dataSet.string(.seriesInstanceUID) ?? "",
            patientRecord: patient, studyRecord: study, seriesRecord: series, instanceRecord: own, findings: findings,
            studyDateTime: (dataSet.string(.studyDate) ?? "") + (dataSet.string(.studyTime) ?? ""),
            seriesNumber: dataSet.int(.seriesNumber) ?? Int.max, instanceNumber: dataSet.int(.instanceNumber) ?? Int.max)
    }

    static func name(_ tag: Tag) -> String { DataDictionary.entry(for: tag)?.name.description ?? tag.description }
}

/// Makes the keys of a directory record from an instance's data set (PS3.3 F.5).
public enum RecordKeys {
    /// The record of `type` for `dataSet`: Directory Record Type, the Specific Character Set when
    /// a key needs it, and the keys; with a finding for each type 1 key that is missing or empty
    /// (the key is then written empty).
    public static func make(_ type: DirectoryRecordType, from dataSet: DataSet, file: String) -> (DataSet, [MediaFinding]) {
        var record = DataSet()
        var findings: [MediaFinding] = []
        record.setString(.directoryRecordType, .CS, type.name)
        var needsCharacterSet = false
        for key in type.keys {
            let element = dataSet[key.tag]
            let isEmpty = element.map { $0.isSequence ? $0.items.isEmpty : $0.value.byteCount == 0 } ?? true
            switch key.requirement {
            case .required:
                if isEmpty {
                    findings.append(MediaFinding(
                        .error, "media.key.missing",
                        "\(MediaScanner.name(key.tag)) \(key.tag) is \(element == nil ? "missing" : "empty"), but the \(type.name) record needs a value (type 1)",
                        file: file, reference: "PS3.3 F.5"))
                }
                record.set(element?.detached() ?? empty(key.tag))
            case .requiredMayBeEmpty:
                record.set(element?.detached() ?? empty(key.tag))
            case .ifPresent:
                if let element, !isEmpty { record.set(element.detached()) }
            case .conceptModifiers:
                let modifiers = (element?.items ?? []).filter { $0.dataSet.string(.relationshipType) == "HAS CONCEPT MOD" }
                if !modifiers.isEmpty {
                    record.set(Element(key.tag, .SQ, value: .sequence(modifiers.map { Item($0.dataSet.detached()) })))
                }
            }
            if let copied = record[key.tag], hasExtendedCharacters(copied) { needsCharacterSet = true }
        }
        if needsCharacterSet, let characterSet = dataSet[.specificCharacterSet] {
            record.set(characterSet.detached())
        }
        return (record, findings)
    }

    /// An empty element of the tag's dictionary VR.
    static func empty(_ tag: Tag) -> Element {
        let vr = DataDictionary.defaultVR(for: tag)
        return vr == .SQ ? Element(tag, .SQ, value: .sequence([])) : Element(tag, vr, bytes: [])
    }

    /// Whether a text value (or one inside a sequence) has bytes outside ASCII or escapes.
    static func hasExtendedCharacters(_ element: Element) -> Bool {
        switch element.value {
        case .bytes(let bytes): return element.vr.usesSpecificCharacterSet && bytes.contains { $0 >= 0x80 || $0 == 0x1B }
        case .sequence(let items): return items.contains { $0.dataSet.elements.contains(where: hasExtendedCharacters) }
        default: return false
        }
    }
}

/// `transform` applied to every element on all cores, results in order.
func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable @escaping (T) -> R) -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let box = ResultSlots<R>(count: items.count)
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while let index = box.nextIndex() { box.set(index, transform(items[index])) }
    }
    return box.values()
}

private final class ResultSlots<R>: @unchecked Sendable {
    private var slots: [R?]
    private var next = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func nextIndex() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func set(_ index: Int, _ value: R) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [R] { slots.compactMap { $0 } }
}
