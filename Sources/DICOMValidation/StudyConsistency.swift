import DICOM

/// What the checks across files need of one instance, kept after the file is closed: the
/// patient, study and series identity and a fingerprint of the content.
public struct InstanceSummary: Sendable {
    public var path: String
    public var patientName: String?
    public var patientID: String?
    public var issuerOfPatientID: String?
    public var patientBirthDate: String?
    public var patientSex: String?
    public var studyInstanceUID: String?
    public var studyDate: String?
    public var accessionNumber: String?
    public var studyDescription: String?
    public var seriesInstanceUID: String?
    public var modality: String?
    public var frameOfReferenceUID: String?
    public var sopInstanceUID: String?
    /// A 64-bit FNV-1a hash over the tag and value bytes of every element outside group 0002
    /// (sequence items included; values left in the file count by length): equal for copies of an
    /// instance, different when content differs.
    public var contentFingerprint: UInt64

    /// Summarises `dataSet`, read from `path`. Text is decoded with the data set's character set
    /// and trimmed of padding.
    public init(_ dataSet: DataSet, path: String) {
        self.path = path
        let characterSet = dataSet.specificCharacterSet()
        func text(_ tag: Tag) -> String? { dataSet.string(tag, characterSet: characterSet) }
        patientName = text(.patientName)
        patientID = text(.patientID)
        issuerOfPatientID = text(.issuerOfPatientID)
        patientBirthDate = text(.patientBirthDate)
        patientSex = text(.patientSex)
        studyInstanceUID = text(.studyInstanceUID)
        studyDate = text(.studyDate)
        accessionNumber = text(.accessionNumber)
        studyDescription = text(.studyDescription)
        seriesInstanceUID = text(.seriesInstanceUID)
        modality = text(.modality)
        frameOfReferenceUID = text(.frameOfReferenceUID)
        sopInstanceUID = text(.sopInstanceUID)
        var hash = ContentHash()
        hash.add(dataSet)
        contentFingerprint = hash.value
    }
}

/// FNV-1a, 64 bits: stable across runs (unlike `Hasher`), cheap, and enough to tell content apart.
struct ContentHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ number: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(byte: UInt8(truncatingIfNeeded: number >> UInt64(shift))) }
    }

    mutating func add(_ dataSet: DataSet) {
        for element in dataSet.elements where element.tag.group != 0x0002 {
            add(UInt64(element.tag.rawValue))
            switch element.value {
            case .bytes(let bytes):
                add(UInt64(bytes.count))
                for byte in bytes { add(byte: byte) }
            case .bulk(let bulk):
                add(UInt64(bitPattern: bulk.length))
            case .sequence(let items):
                add(UInt64(items.count))
                for item in items { add(item.dataSet) }
            case .encapsulated(let pixels):
                add(UInt64(pixels.items.count))
                for fragment in pixels.items { add(UInt64(bitPattern: fragment.length)) }
            }
        }
    }
}

/// Checks across files (PS3.3 C.7.1.1 Patient, C.7.2.1 General Study, C.7.3.1 General Series):
/// files of one study name one patient, files of one series one modality, study and frame of
/// reference, a SOP Instance UID names one instance, a Patient ID one name.
public enum StudyConsistency {
    /// Every finding across `instances`, sorted by code, tag path and first file.
    ///
    /// Absent and empty values count as the same (both mean "unknown" for type 2 attributes);
    /// person names compare without trailing `^` and `=` separators (PS3.5 6.2.1).
    public static func check(_ instances: [InstanceSummary]) -> [Finding] {
        var findings: [Finding] = []
        let byStudy = group(instances) { $0.studyInstanceUID }
        for (study, members) in byStudy {
            let patient: [(Tag, (InstanceSummary) -> String?)] = [
                (.patientName, { personName($0.patientName) }), (.patientID, \.patientID),
                (.issuerOfPatientID, \.issuerOfPatientID), (.patientBirthDate, \.patientBirthDate),
                (.patientSex, \.patientSex),
            ]
            for (tag, value) in patient {
                findings += disagreement(
                    members, tag: tag, value: value, severity: .error, code: "study.patient.inconsistent",
                    scope: "study \(study)", reference: "PS3.3 C.7.1.1")
            }
            for (tag, value) in [(Tag.studyDate, \InstanceSummary.studyDate), (.accessionNumber, \.accessionNumber)] {
                findings += disagreement(
                    members, tag: tag, value: { $0[keyPath: value] }, severity: .warning,
                    code: "study.attribute.inconsistent", scope: "study \(study)", reference: "PS3.3 C.7.2.1")
            }
        }
        for (series, members) in group(instances, by: { $0.seriesInstanceUID }) {
            let attributes: [(Tag, KeyPath<InstanceSummary, String?>)] = [
                (.modality, \.modality), (.studyInstanceUID, \.studyInstanceUID),
                (.frameOfReferenceUID, \.frameOfReferenceUID),
            ]
            for (tag, value) in attributes {
                findings += disagreement(
                    members, tag: tag, value: { $0[keyPath: value] }, severity: .error,
                    code: "series.attribute.inconsistent", scope: "series \(series)", reference: "PS3.3 C.7.3.1")
            }
        }
        for (uid, members) in group(instances, by: { $0.sopInstanceUID }) {
            findings += disagreement(
                members, tag: .sopInstanceUID, value: { String($0.contentFingerprint, radix: 16) }, severity: .error,
                code: "instance.duplicate-uid", scope: "SOP Instance UID \(uid)", reference: "PS3.3 C.12.1.1.1",
                describing: "different content")
        }
        findings += patientNames(instances)
        return findings.sorted { a, b in
            (a.code, a.tagPath, a.file ?? "", a.message) < (b.code, b.tagPath, b.file ?? "", b.message)
        }
    }

    /// Instances grouped by a non-empty key, each group in path order, groups in key order.
    static func group(
        _ instances: [InstanceSummary], by key: (InstanceSummary) -> String?
    ) -> [(String, [InstanceSummary])] {
        var groups: [String: [InstanceSummary]] = [:]
        for instance in instances {
            guard let value = key(instance), !value.isEmpty else { continue }
            groups[value, default: []].append(instance)
        }
        return groups.sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted { $0.path < $1.path }) }
    }

    /// A person name without trailing empty components and groups, so `DOE^JANE^^` equals
    /// `DOE^JANE` (PS3.5 6.2.1.1).
    static func personName(_ name: String?) -> String? {
        guard let name else { return nil }
        var groups = name.split(separator: "=", omittingEmptySubsequences: false).map { group in
            var text = Substring(group)
            while let last = text.last, last == "^" || last == " " { text.removeLast() }
            return String(text)
        }
        while let last = groups.last, last.isEmpty { groups.removeLast() }
        return groups.joined(separator: "=")
    }

    /// One finding when `members` (sorted by path) hold more than one value of an attribute: it
    /// names each value and the files carrying it. `expected` is the value most files carry;
    /// `file` is the first file, `relatedFiles` the others.
    static func disagreement(
        _ members: [InstanceSummary], tag: Tag, value: (InstanceSummary) -> String?, severity: Severity,
        code: String, scope: String, reference: String, describing: String? = nil
    ) -> [Finding] {
        var order: [String] = []
        var files: [String: [String]] = [:]
        for member in members {
            let text = value(member) ?? ""
            if files[text] == nil { order.append(text) }
            files[text, default: []].append(member.path)
        }
        guard order.count > 1 else { return [] }
        let name = IODWalk.name(of: tag)
        let majority = order.max { files[$0, default: []].count < files[$1, default: []].count } ?? order[0]
        let ranked = [majority] + order.filter { $0 != majority }
        let listing = ranked.map { text in
            let paths = files[text, default: []]
            let label = describing == nil ? (text.isEmpty ? "(empty)" : "\"\(text)\"") : "content \(text)"
            return "\(label) in \(fileList(paths))"
        }
        let summary = describing.map { "\(members.count) files share \(scope) with \($0)" }
            ?? "files of \(scope) disagree on \(name)"
        let others = ranked.dropFirst().map { $0.isEmpty ? "(empty)" : $0 }
        let all = members.map(\.path)
        return [
            Finding(
                severity, code, "\(summary): \(listing.joined(separator: "; "))",
                path: TagPath.root.appending(tag),
                found: describing == nil ? others.joined(separator: " | ") : "\(order.count) different contents",
                expected: describing == nil ? (majority.isEmpty ? "(empty)" : majority) : "one content per UID",
                reference: reference, file: all.first, relatedFiles: Array(all.dropFirst()))
        ]
    }

    /// `a, b, c` or `a, b, c and 4 more`.
    static func fileList(_ paths: [String]) -> String {
        let shown = paths.prefix(3).joined(separator: ", ")
        return paths.count > 3 ? "\(shown) and \(paths.count - 3) more" : shown
    }

    /// `patient.id.multiple-names`: a Patient ID (with its issuer) that carries different names in
    /// different studies. Names differing inside one study are `study.patient.inconsistent`.
    static func patientNames(_ instances: [InstanceSummary]) -> [Finding] {
        let byPatient = group(instances) { instance in
            guard let id = instance.patientID, !id.isEmpty else { return nil }
            return (instance.issuerOfPatientID ?? "") + "\u{0}" + id
        }
        var findings: [Finding] = []
        for (_, members) in byPatient {
            var studiesByName: [String: Set<String>] = [:]
            for member in members {
                studiesByName[personName(member.patientName) ?? "", default: []].insert(member.studyInstanceUID ?? "")
            }
            let names = studiesByName.keys.sorted()
            let acrossStudies = names.contains { first in
                names.contains { second in
                    first != second
                        && studiesByName[first, default: []].contains { !studiesByName[second, default: []].subtracting([$0]).isEmpty }
                }
            }
            guard names.count > 1, acrossStudies, let id = members.first?.patientID else { continue }
            let issuer = members.first?.issuerOfPatientID.flatMap { $0.isEmpty ? nil : " (issuer \($0))" } ?? ""
            findings += disagreement(
                members, tag: .patientName, value: { personName($0.patientName) }, severity: .warning,
                code: "patient.id.multiple-names", scope: "Patient ID \(id)\(issuer)", reference: "PS3.3 C.7.1.1")
        }
        return findings
    }
}
