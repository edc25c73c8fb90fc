import DICOM

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
    /// - Parameters:
    ///   - series: Series Instance UIDs whose instances all move.
    ///   - instances: SOP Instance UIDs that move (their series gets a new UID in the new study).
    ///   - newStudyInstanceUID: nil derives one from the study and the UIDs that move, so a rerun
    ///     gives the same.
    /// - Throws: `EditError` when nothing given is among the files, or the moved instances come
    ///   from more than one study.
    public init(
        index: StudyIndex, series: Set<String>, instances: Set<String>, newStudyInstanceUID: String?, edits: [AttributeEdit],
        characterSetPolicy: CharacterSetPolicy
    ) throws {
        var moving = index.entries.filter { series.contains($0.seriesInstanceUID) || instances.contains($0.sopInstanceUID) }
        guard let first = moving.first else {
            throw EditError(.syntax, "none of the given series or instances is among the files")
        }
        let sourceStudies = Set(moving.map(\.studyInstanceUID))
        guard sourceStudies.count == 1 else {
            throw EditError(.syntax, "the series and instances to split come from \(sourceStudies.count) studies: split one study at a time")
        }
        let study = newStudyInstanceUID ?? DerivedUID.make("split-study", [first.studyInstanceUID] + series.sorted() + instances.sorted())
        // Presentation states (and other files referring to series of their own study without
        // naming it) go where everything they refer to goes; one referring to both studies
        // cannot be kept valid.
        let isMoving = { (entry: StudyIndex.Entry) in series.contains(entry.seriesInstanceUID) || instances.contains(entry.sopInstanceUID) }
        let movingSet = Set(moving.map(\.sopInstanceUID))
        let movingSeriesOf = { (reference: StudyIndex.Reference) -> Bool in
            if let instance = reference.instance { return movingSet.contains(instance) || series.contains(reference.series) }
            return series.contains(reference.series)
        }
        for entry in index.entries where entry.studyInstanceUID == first.studyInstanceUID && !entry.ownStudyReferences.isEmpty {
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
                ? DerivedUID.make("split-series", [entry.seriesInstanceUID, study]) : entry.seriesInstanceUID
            relocation.instances[entry.sopInstanceUID] = Location(study: study, series: newSeries)
        }
        self.newStudyInstanceUID = study
        self.relocation = relocation
        self.edits = edits
        self.characterSetPolicy = characterSetPolicy
        self.movedFrom = [first.studyInstanceUID: study]
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
            changes += try Editor(edits: all + edits, characterSetPolicy: characterSetPolicy).apply(to: &dataSet)
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
    /// Edits for files of the merged studies: the target's study-level values.
    private var studyEdits: [AttributeEdit]
    /// Edits for every file: the patient of `--patient-from`.
    private var patientEdits: [AttributeEdit]
    public var characterSetPolicy: CharacterSetPolicy

    /// Plans merging every study of `index` into `target`.
    /// - Parameter patientFrom: a study whose patient-level values every file takes; nil leaves
    ///   them (the consistency check then refuses if they disagree).
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
        self.studyEdits = try StudyIndex.studyLevel.map { tag in
            try AttributeEdit(keyword: DataDictionary.keyword(for: tag)?.description ?? "\(tag)", value: targetEntry.values[tag] ?? "")
        }
        if let patientFrom {
            guard let patient = index.firstEntry(ofStudy: patientFrom) else {
                throw EditError(.syntax, "no file of study \(patientFrom) (--patient-from) is among the inputs")
            }
            self.patientEdits = try PatientConsistency.attributes.map { tag in
                try AttributeEdit(keyword: DataDictionary.keyword(for: tag)?.description ?? "\(tag)", value: patient.values[tag] ?? "")
            }
        } else {
            self.patientEdits = []
        }
    }

    public func apply(to dataSet: inout DataSet) throws -> [Change]? {
        let sop = dataSet.string(.sopInstanceUID) ?? ""
        let series = dataSet.string(.seriesInstanceUID) ?? ""
        let study = dataSet.string(.studyInstanceUID) ?? ""
        let place = relocation.locate(study: study, series: series, instance: sop)
        var edits = patientEdits
        if study != target {
            edits += [try AttributeEdit(keyword: "StudyInstanceUID", value: place.study)] + studyEdits
            if place.series != series { edits.append(try AttributeEdit(keyword: "SeriesInstanceUID", value: place.series)) }
        }
        var changes = try Editor(edits: edits, characterSetPolicy: characterSetPolicy).apply(to: &dataSet)
        changes += try ReferenceRewriter.apply(relocation, studies: [:], ownStudy: study, to: &dataSet)
        return changes
    }
}
