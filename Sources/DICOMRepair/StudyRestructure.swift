import DICOM
import DICOMDeidentify

/// `split`: the named series or instances move into a new study (new Study Instance UID, and
/// optionally new Study ID, accession and patient); every reference that follows them is
/// rewritten, in moved and remaining files.
public struct StudySplit: FileTransform {
    public var newStudyInstanceUID: String
    /// Where each moved instance goes (its series changes too when only some of a series' instances move).
    public var relocation: Relocation
    /// Edits every moved file gets besides the UIDs (Study ID, accession, patient).
    public var edits: [AttributeEdit]
    public var characterSetPolicy: CharacterSetPolicy
    /// Old study UID of the moved files -> the new one, for their Referenced Study Sequence.
    private var movedFrom: [String: String]

    /// Plans the split of `index`'s files.
    ///
    /// A rerun after an interruption (in place, some files written) continues it: files that
    /// already carry the new study's UID count as moved, and the rest are moved as the first
    /// run would have (the new study's UID must be derived, keyed or given, not random).
    /// - Parameters:
    ///   - series: Series Instance UIDs whose instances all move.
    ///   - instances: SOP Instance UIDs that move (their series gets a new UID in the new study).
    ///   - newStudyInstanceUID: nil derives one from the study and the UIDs that move, so a rerun
    ///     gives the same.
    ///   - key: keys the derived UIDs (HMAC-SHA-256); nil derives them with SHA-256 alone.
    ///   - edits: what every moved file gets besides the UIDs (Study ID, accession, patient).
    /// - Throws: `EditError` when nothing given is among the files, or the moved instances come
    ///   from more than one study.
    public init(
        index: StudyIndex, series: Set<String>, instances: Set<String>, newStudyInstanceUID: String?, key: DeidentificationKey? = nil,
        edits: [AttributeEdit], characterSetPolicy: CharacterSetPolicy
    ) throws {
        var moving = index.entries.filter { series.contains($0.seriesInstanceUID) || instances.contains($0.sopInstanceUID) }
        guard !moving.isEmpty else {
            throw EditError(.syntax, "none of the given series or instances is among the files")
        }
        let newStudyOf = { (source: String) in
            newStudyInstanceUID ?? DerivedUID.make("split-study", [source] + series.sorted() + instances.sorted(), key: key)
        }
        let source = try Self.sourceStudy(of: Set(moving.map(\.studyInstanceUID)), among: index.studies, newStudyOf: newStudyOf)
        let study = newStudyOf(source)
        // Presentation states (and other files referring to series of their own study without
        // naming it) go where everything they refer to goes; one referring to both studies
        // cannot be kept valid.
        let isMoving = { (entry: StudyIndex.Entry) in series.contains(entry.seriesInstanceUID) || instances.contains(entry.sopInstanceUID) }
        let movingSet = Set(moving.map(\.sopInstanceUID))
        let movingSeriesOf = { (reference: StudyIndex.Reference) -> Bool in
            if let instance = reference.instance { return movingSet.contains(instance) || series.contains(reference.series) }
            return series.contains(reference.series)
        }
        for entry in index.entries where entry.studyInstanceUID == source && !entry.ownStudyReferences.isEmpty {
            let follows = entry.ownStudyReferences.map(movingSeriesOf)
            if follows.allSatisfy({ $0 }) {
                if !isMoving(entry) { moving.append(entry) }
            } else if follows.contains(true) || isMoving(entry) {
                throw EditError(
                    .syntax,
                    "\(entry.path) refers to series of its study that the split would put in two studies (a presentation state for both): split it apart first, or leave those series together")
            }
        }
        let movingUIDs = Set(moving.map(\.sopInstanceUID))
        let stayingInSeries = Set(index.entries.filter { !movingUIDs.contains($0.sopInstanceUID) }.map(\.seriesInstanceUID))
        var relocation = Relocation()
        for uid in series { relocation.series[uid] = Location(study: study, series: uid) }
        for entry in moving where !series.contains(entry.seriesInstanceUID) {
            // Some instances of a series leave it: they form a new series in the new study.
            let newSeries = stayingInSeries.contains(entry.seriesInstanceUID)
                ? DerivedUID.make("split-series", [entry.seriesInstanceUID, study], key: key) : entry.seriesInstanceUID
            relocation.instances[entry.sopInstanceUID] = Location(study: study, series: newSeries)
        }
        self.newStudyInstanceUID = study
        self.relocation = relocation
        self.edits = edits
        self.characterSetPolicy = characterSetPolicy
        self.movedFrom = [source: study]
    }

    /// The study the split takes instances from, given the studies of the instances named:
    /// those already in the new study of another study of the inputs (moved by an interrupted
    /// run) do not count.
    /// - Throws: `EditError` when they come from more than one study, or all are in new
    ///   studies and which study they left is not clear.
    static func sourceStudy(of movingStudies: Set<String>, among studies: [String], newStudyOf: (String) -> String) throws -> String {
        let newStudies = studies.map { (old: $0, new: newStudyOf($0)) }
        let sources = movingStudies.filter { study in !newStudies.contains { $0.old != study && $0.new == study } }
        if let only = sources.first, sources.count == 1 { return only }
        guard sources.isEmpty else {
            throw EditError(.syntax, "the series and instances to split come from \(sources.count) studies: split one study at a time")
        }
        // Everything named was moved already (a rerun of a finished split): the study left is
        // the one whose new study holds them.
        let left = newStudies.filter { !movingStudies.contains($0.old) && movingStudies.contains($0.new) }.map(\.old)
        guard let only = left.first, left.count == 1 else {
            throw EditError(
                .syntax,
                "the series and instances to split are all in study \(movingStudies.sorted().joined(separator: ", ")) already: give the files of the study they left too, or nothing is left to split")
        }
        return only
    }

    public func apply(to dataSet: inout DataSet) throws -> [Change]? {
        let sop = dataSet.string(.sopInstanceUID) ?? ""
        let series = dataSet.string(.seriesInstanceUID) ?? ""
        let study = dataSet.string(.studyInstanceUID) ?? ""
        let target = relocation.locate(study: study, series: series, instance: sop)
        let moves = target != Location(study: study, series: series)
        var changes: [Change] = []
        if moves {
            var all = try [AttributeEdit(keyword: "StudyInstanceUID", value: target.study)]
            if target.series != series { all.append(try AttributeEdit(keyword: "SeriesInstanceUID", value: target.series)) }
            changes += try Editor(edits: all + edits, characterSetPolicy: characterSetPolicy, derivesPatientAge: true).apply(to: &dataSet)
        }
        changes += try ReferenceRewriter.apply(relocation, studies: moves ? movedFrom : [:], ownStudy: study, to: &dataSet)
        return changes
    }
}

/// `merge`: the instances of other studies take the target's Study Instance UID and study-level
/// attributes (General Study module); series UIDs stay unless they collide with the target's;
/// references to the merged studies follow.
public struct StudyMerge: FileTransform {
    public var target: String
    public var relocation: Relocation
    /// The target's study-level values (only those its file has), which files of the merged
    /// studies take.
    private var studyValues: [Tag: String]
    /// The patient-level values of the `--patient-from` study (only those its file has); nil
    /// when every file keeps its own.
    private var patient: [Tag: String]?
    public var characterSetPolicy: CharacterSetPolicy

    /// Plans merging every study of `index` into `target`.
    /// - Parameter patientFrom: a study whose patient-level values every file takes (files
    ///   that already have them, the target's included, are left as they are); nil leaves them
    ///   (the consistency check then refuses if they disagree).
    /// - Throws: `EditError` when the target or the patient study is not among the files, or
    ///   there is nothing to merge.
    public init(index: StudyIndex, into target: String, patientFrom: String?, characterSetPolicy: CharacterSetPolicy) throws {
        guard let targetEntry = index.firstEntry(ofStudy: target) else {
            throw EditError(.syntax, "no file of the target study \(target) is among the inputs")
        }
        let others = index.studies.filter { $0 != target }
        guard !others.isEmpty else { throw EditError(.syntax, "all files already belong to study \(target): nothing to merge") }
        var relocation = Relocation()
        for study in others { relocation.studies[study] = target }
        let targetSeries = Set(index.entries.filter { $0.studyInstanceUID == target }.map(\.seriesInstanceUID))
        for entry in index.entries where entry.studyInstanceUID != target && targetSeries.contains(entry.seriesInstanceUID) {
            let renamed = DerivedUID.make("merge-series", [entry.seriesInstanceUID, entry.studyInstanceUID, target])
            relocation.instances[entry.sopInstanceUID] = Location(study: target, series: renamed)
        }
        self.target = target
        self.relocation = relocation
        self.characterSetPolicy = characterSetPolicy
        self.studyValues = targetEntry.values.filter { StudyIndex.studyLevel.contains($0.key) }
        if let patientFrom {
            guard let patient = index.firstEntry(ofStudy: patientFrom) else {
                throw EditError(.syntax, "no file of study \(patientFrom) (--patient-from) is among the inputs")
            }
            self.patient = patient.values.filter { PatientConsistency.attributes.contains($0.key) }
        } else {
            self.patient = nil
        }
    }

    /// The edits that give `dataSet` the `values` of `tags` (the target's study-level values,
    /// the `--patient-from` patient): only values that differ, as text, absent counting as
    /// empty (as in the consistency checks). An attribute `values` lacks is never added: one the
    /// file has is emptied instead.
    static func edits(toMatch values: [Tag: String], _ tags: [Tag], in dataSet: DataSet) throws -> [AttributeEdit] {
        let characterSet = dataSet.specificCharacterSet()
        return try tags.compactMap { tag in
            let wanted = values[tag] ?? ""
            guard (dataSet.string(tag, characterSet: characterSet) ?? "") != wanted else { return nil }
            return try AttributeEdit(keyword: DataDictionary.keyword(for: tag)?.description ?? "\(tag)", value: wanted)
        }
    }

    public func apply(to dataSet: inout DataSet) throws -> [Change]? {
        let sop = dataSet.string(.sopInstanceUID) ?? ""
        let series = dataSet.string(.seriesInstanceUID) ?? ""
        let study = dataSet.string(.studyInstanceUID) ?? ""
        let place = relocation.locate(study: study, series: series, instance: sop)
        var edits = try patient.map { try Self.edits(toMatch: $0, PatientConsistency.attributes, in: dataSet) } ?? []
        if study != target {
            edits += [try AttributeEdit(keyword: "StudyInstanceUID", value: place.study)]
            edits += try Self.edits(toMatch: studyValues, StudyIndex.studyLevel, in: dataSet)
            if place.series != series { edits.append(try AttributeEdit(keyword: "SeriesInstanceUID", value: place.series)) }
        }
        var changes = try Editor(edits: edits, characterSetPolicy: characterSetPolicy, derivesPatientAge: true).apply(to: &dataSet)
        changes += try ReferenceRewriter.apply(relocation, studies: [:], ownStudy: study, to: &dataSet)
        return changes
    }
}
