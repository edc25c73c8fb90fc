import DICOM
import DICOMDeidentify
import Foundation

/// What split and merge need to know of every file before changing any: where each instance
/// is, and the study- and patient-level values of each study.
public struct StudyIndex: Sendable {
    /// One file's place in the hierarchy and its study- and patient-level values.
    public struct Entry: Sendable {
        public var path: String
        public var sopInstanceUID: String
        public var seriesInstanceUID: String
        public var studyInstanceUID: String
        /// The values (as text, multiple values joined by `\\`) of `StudyIndex.studyLevel` and
        /// `PatientConsistency.attributes` the file has.
        public var values: [Tag: String]
        /// The series and instances a top-level Referenced Series Sequence without study UIDs
        /// names: references into the file's own study (presentation states, PS3.3 C.11.11).
        public var ownStudyReferences: [Reference]

        /// Reads the header of `path` (up to pixel data); nil for a file that is not DICOM or
        /// lacks one of the three UIDs.
        public init?(path: String) {
            guard let file = try? DicomReader.read(path: path, options: .headerOnly),
                let sop = file.dataSet.string(.sopInstanceUID), let series = file.dataSet.string(.seriesInstanceUID),
                let study = file.dataSet.string(.studyInstanceUID)
            else { return nil }
            self.path = path
            self.sopInstanceUID = sop
            self.seriesInstanceUID = series
            self.studyInstanceUID = study
            let characterSet = file.dataSet.specificCharacterSet()
            var values: [Tag: String] = [:]
            for tag in StudyIndex.studyLevel + PatientConsistency.attributes {
                if let text = file.dataSet.string(tag, characterSet: characterSet) { values[tag] = text }
            }
            self.values = values
            var references: [Reference] = []
            if let sequence = file.dataSet[.referencedSeriesSequence], !sequence.items.contains(where: { $0.dataSet.contains(.studyInstanceUID) }) {
                for item in sequence.items {
                    guard let seriesUID = item.dataSet.string(.seriesInstanceUID) else { continue }
                    let instanceItems = [Tag.referencedImageSequence, .referencedInstanceSequence, .referencedSOPSequence]
                        .compactMap { item.dataSet[$0]?.items }.first ?? []
                    let uids = instanceItems.compactMap { $0.dataSet.string(.referencedSOPInstanceUID) }
                    references += uids.isEmpty ? [Reference(series: seriesUID, instance: nil)] : uids.map { Reference(series: seriesUID, instance: $0) }
                }
            }
            self.ownStudyReferences = references
        }
    }

    /// A reference to a series, or to one instance of it.
    public struct Reference: Sendable, Hashable {
        public var series: String
        public var instance: String?
    }

    /// The General Study module's attributes that a merged instance takes from the target study
    /// (PS3.3 C.7.2.1), besides the Study Instance UID.
    public static let studyLevel: [Tag] = [.studyDate, .studyTime, .accessionNumber, .studyDescription, .referringPhysicianName, .studyID]

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// The Study Instance UIDs, in the order first met.
    public var studies: [String] {
        var seen = Set<String>()
        return entries.map(\.studyInstanceUID).filter { seen.insert($0).inserted }
    }

    /// The first file of `study`, for its study- and patient-level values.
    public func firstEntry(ofStudy study: String) -> Entry? { entries.first { $0.studyInstanceUID == study } }
}

/// UIDs derived from other UIDs: the same inputs always give the same UID, so a rerun of an
/// interrupted split gives the files it already wrote the same new study.
public enum DerivedUID {
    /// `2.25.` and the first 128 bits of SHA-256 over `purpose` and `parts` as a decimal number
    /// (PS3.5 B.2); with `key`, the keyed UID of `DeidentificationKey.derivedUID` instead
    /// (HMAC-SHA-256: only the key's holder can recompute it from the parts).
    public static func make(_ purpose: String, _ parts: [String], key: DeidentificationKey? = nil) -> String {
        if let key { return key.derivedUID(purpose, parts) }
        let digest = FileDigest.sha256(Array((["dicomfix", purpose] + parts).joined(separator: "\u{0}").utf8))
        var value: UInt128 = 0
        for character in digest.prefix(32) {
            guard let nibble = character.hexDigitValue else { continue }
            value = value << 4 | UInt128(nibble)
        }
        return "2.25.\(value)"
    }
}

extension DerivedUID {
    /// `2.25.` and 128 random bits (PS3.5 B.2), for a study that must not match any rerun.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return "2.25.\(UInt128(generator.next()) << 64 | UInt128(generator.next()))"
    }
}
