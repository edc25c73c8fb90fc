import DICOM
import Foundation

/// De-identifies files by a `DeidentificationProfile`: reads one file, applies the profile,
/// records the method (PS3.15 E.1.1, PS3.3 C.12.1), and writes the result atomically. Inputs are
/// never modified. Safe to share between threads (each call works on its own write batch).
public final class Anonymizer: Sendable {
    public let profile: DeidentificationProfile
    private let requirements = RequirementsCache()

    /// Whether each result carries the input's identifying values (`Result.identifyingValues`,
    /// for `Verifier`); without it they are gathered only for files with text to clean.
    public let collectsIdentifyingValues: Bool

    public init(profile: DeidentificationProfile, collectsIdentifyingValues: Bool = true) {
        self.profile = profile
        self.collectsIdentifyingValues = collectsIdentifyingValues
    }

    /// Where a file's output goes.
    public enum Destination: Sendable {
        /// This path.
        case file(String)
        /// `FOLDER/<Study Instance UID>/<Series Instance UID>/<SOP Instance UID>.dcm`, with the
        /// new UIDs (`--rename`): nothing of the input's names survives.
        case renamed(under: String)
    }

    /// What de-identifying one file did.
    public struct Result: Sendable {
        /// The file written; nil when the file was left out (`rejected`).
        public var output: String?
        public var tally: ActionTally
        /// Problems worth a look: burned-in annotation, values kept without inspection, and
        /// what the reader tolerated.
        public var diagnostics: [Diagnostic]
        /// Why the pixels may show identifying text, if they may.
        public var burnedInAnnotation: String?
        /// Left out because of burned-in annotation (`rejectBurnedIn`).
        public var rejected: Bool
        /// The identifying text of the input, for `Verifier` (empty unless
        /// `collectsIdentifyingValues`).
        public var identifyingValues: IdentifyingValues
        /// Original -> replacement of patient IDs, names, UIDs and the date offset.
        public var crosswalk: [CrosswalkEntry]
    }

    /// De-identifies the file at `inputPath`.
    /// - Parameters:
    ///   - destination: where the output goes; folders are created as needed.
    ///   - rejectBurnedIn: leave out (write nothing for) files whose pixels may show text.
    /// - Throws: `DeidentifyError.unreadableInput` when the file cannot be read completely (a
    ///   partly read file cannot be proven clean), `DICOMError` when it is no DICOM file or the
    ///   output cannot be written.
    public func anonymize(inputPath: String, destination: Destination, rejectBurnedIn: Bool = false) throws -> Result {
        let batch = WriteBatch(maxFiles: 1)
        let result = try anonymize(inputPath: inputPath, destination: destination, rejectBurnedIn: rejectBurnedIn, into: batch)
        if let failure = try batch.commit().first { throw failure.error }
        return result
    }

    /// One file for `anonymize(_:rejectBurnedIn:)`: where it is read from and where it goes.
    public struct Job: Sendable {
        public var inputPath: String
        public var destination: Destination

        public init(inputPath: String, destination: Destination) {
            self.inputPath = inputPath
            self.destination = destination
        }
    }

    /// De-identifies `jobs` one after the other on the calling thread, flushing their outputs
    /// to disk together (a `WriteBatch` committed whenever it is full and at the end), which is
    /// much faster than one flush per file. Each output appears only once it is on disk.
    /// - Returns: one result per job, in order: what de-identifying it did, or why it failed
    ///   (the errors of `anonymize(inputPath:destination:rejectBurnedIn:)`).
    public func anonymize(_ jobs: [Job], rejectBurnedIn: Bool = false) -> [Swift.Result<Result, any Error>] {
        var results: [Swift.Result<Result, any Error>] = []
        results.reserveCapacity(jobs.count)
        let batch = WriteBatch()
        var staged: [Int] = []  // the result index of each write in the batch
        func commit() {
            do {
                for failure in try batch.commit() where staged.indices.contains(failure.index) {
                    results[staged[failure.index]] = .failure(failure.error)
                }
            } catch {
                for index in staged { results[index] = .failure(error) }
            }
            staged = []
        }
        for job in jobs {
            let before = batch.count
            do {
                let result = try anonymize(inputPath: job.inputPath, destination: job.destination, rejectBurnedIn: rejectBurnedIn, into: batch)
                if batch.count > before { staged.append(results.count) }
                results.append(.success(result))
            } catch {
                results.append(.failure(error))
            }
            if batch.isFull { commit() }
        }
        commit()
        return results
    }

    private func anonymize(inputPath: String, destination: Destination, rejectBurnedIn: Bool, into batch: WriteBatch) throws -> Result {
        var file = try DicomReader.read(path: inputPath)
        if file.isDirectory {
            throw DeidentifyError(
                .directory,
                "a DICOMDIR is not de-identified (its records name the patients, its file IDs the input's folders): build one for the output with `dicomfix dicomdir build`",
                file: inputPath)
        }
        if let error = file.errors.first {
            throw DeidentifyError(
                .unreadableInput, "not de-identified: the file cannot be read completely (\(error.code): \(error.message))",
                file: inputPath)
        }
        var diagnostics = file.diagnostics
        // A standard attribute written as UN (a sequence of references, a UID) would otherwise
        // pass the profile as opaque bytes, original UIDs and names inside.
        let reinterpreted = file.dataSet.reinterpretingKnownUN()
        if reinterpreted.count > 0 {
            file.dataSet = reinterpreted.dataSet
            diagnostics.append(Diagnostic(
                .info, "deid.un-reinterpreted",
                "\(reinterpreted.count) standard attribute(s) encoded as UN read by their dictionary VR (PS3.5 6.2.2) so that the profile applies to them"))
        }
        let burnedIn = BurnedInAnnotation.reason(file.dataSet)
        if let burnedIn {
            diagnostics.append(Diagnostic(.warning, "deid.burned-in-annotation", burnedIn + (rejectBurnedIn ? "; left out" : "; check the pixels")))
        }
        let context = requirements.requirements(forSOPClass: file.dataSet.string(.sopClassUID) ?? "")
        let input = file
        let values = collectsIdentifyingValues ? identifyingValues(of: input, requirements: context) : IdentifyingValues()
        if rejectBurnedIn && burnedIn != nil {
            return Result(
                output: nil, tally: ActionTally(), diagnostics: diagnostics, burnedInAnnotation: burnedIn, rejected: true,
                identifyingValues: values, crosswalk: [])
        }

        let patientID = file.dataSet.string(.patientID) ?? ""
        let patientName = file.dataSet.string(.patientName) ?? ""
        let offset = profile.pseudonyms.dateOffset(patientID: patientID, patientName: patientName)
        let terms: () -> Set<String> =
            collectsIdentifyingValues ? { values.searchTerms } : { self.identifyingValues(of: input, requirements: context).searchTerms }
        var engine = ProfileEngine(profile: profile, cleaningTerms: terms, dateOffset: offset)
        engine.apply(to: &file.dataSet, requirements: context, characterSet: .defaultRepertoire)
        var tally = engine.tally
        recordMethod(in: &file.dataSet, tally: &tally)
        cleanMeta(&file.meta, engine: &engine)

        let path = try outputPath(destination, dataSet: file.dataSet)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try DicomWriter.stage(file, toPath: path, in: batch, options: WriteOptions(meta: .regenerate))

        var crosswalk = engine.patientMap + engine.uidMap.map { CrosswalkEntry(kind: .uid, original: $0.key, replacement: $0.value) }
        if profile.has(.retainLongModifiedDates) {
            crosswalk.append(CrosswalkEntry(kind: .dateOffset, original: patientID.isEmpty ? patientName : patientID, replacement: String(offset)))
        }
        return Result(
            output: path, tally: tally, diagnostics: diagnostics + engine.diagnostics, burnedInAnnotation: burnedIn,
            rejected: false, identifyingValues: values, crosswalk: crosswalk)
    }

    /// The identifying text of `file` (data set and File Meta) under the profile.
    private func identifyingValues(of file: DicomFile, requirements: AttributeRequirements) -> IdentifyingValues {
        var values = IdentifyingValues()
        IdentifyingValues.collect(from: file.dataSet, requirements: requirements, profile: profile, characterSet: .defaultRepertoire, into: &values)
        for element in file.meta.elements where !keepsMetaElement(element.tag) || element.tag == .mediaStorageSOPInstanceUID {
            values.add(element, characterSet: .defaultRepertoire, to: .removed)
        }
        return values
    }

    /// File Meta elements an output keeps: what PS3.10 7.1 needs to read it (the writer names
    /// dicomfix as the implementation and fills in the rest).
    static let keptMetaTags: Set<Tag> = [
        .fileMetaInformationGroupLength, .fileMetaInformationVersion, .mediaStorageSOPClassUID, .mediaStorageSOPInstanceUID,
        .transferSyntaxUID, .implementationClassUID, .implementationVersionName,
    ]

    /// File Meta elements that name the sending and receiving systems (titles and addresses) or
    /// carry private data: kept only with retain-device-identity.
    static let deviceMetaTags: Set<Tag> = [
        .sourceApplicationEntityTitle, .sendingApplicationEntityTitle, .receivingApplicationEntityTitle,
        .sourcePresentationAddress, .sendingPresentationAddress, .receivingPresentationAddress,
        .privateInformationCreatorUID, .privateInformation,
    ]

    /// Whether an output keeps the File Meta element `tag`; anything else (an element of a later
    /// edition, or one the file should not have) goes, since its content is unknown.
    private func keepsMetaElement(_ tag: Tag) -> Bool {
        Self.keptMetaTags.contains(tag) || (profile.has(.retainDeviceIdentity) && Self.deviceMetaTags.contains(tag))
    }

    /// Patient Identity Removed YES, De-identification Method and its Code Sequence (CID 7050),
    /// Longitudinal Temporal Information Modified (PS3.3 C.7.1.1, C.12.1; PS3.15 E.1.1).
    private func recordMethod(in dataSet: inout DataSet, tally: inout ActionTally) {
        dataSet.set(Element(.patientIdentityRemoved, .CS, bytes: padded("YES", .CS)))
        let methods = ["DICOMFIX PS3.15 E BASIC PROFILE"] + profile.options.sorted().map { $0.rawValue.uppercased() }
        dataSet.set(Element(.deidentificationMethod, .LO, bytes: padded(methods.joined(separator: "\\"), .LO)))
        let items = profile.methodCodes.map { code in
            var item = DataSet()
            item.set(Element(.codeValue, .SH, bytes: padded(code.value, .SH)))
            item.set(Element(.codingSchemeDesignator, .SH, bytes: padded(code.scheme, .SH)))
            item.set(Element(.codeMeaning, .LO, bytes: padded(code.meaning, .LO)))
            return Item(item)
        }
        dataSet.set(Element(.deidentificationMethodCodeSequence, .SQ, value: .sequence(items)))
        dataSet.set(Element(.longitudinalTemporalInformationModified, .CS, bytes: padded(profile.temporalInformation, .CS)))
        tally.count(.added, 4)
    }

    /// Media Storage SOP Instance UID replaced like every UID (the rest of group 0002 is written
    /// anew, naming dicomfix); application entity titles, presentation addresses and private
    /// information removed unless retain-device-identity, and any other element removed.
    private func cleanMeta(_ meta: inout DataSet, engine: inout ProfileEngine) {
        meta.removeAll { !keepsMetaElement($0.tag) }
        guard let instance = meta[.mediaStorageSOPInstanceUID] else { return }
        var subset = DataSet(elements: [instance])
        engine.apply(to: &subset, requirements: .none, characterSet: .defaultRepertoire)
        if let replaced = subset[.mediaStorageSOPInstanceUID] { meta.set(replaced) }
    }

    private func outputPath(_ destination: Destination, dataSet: DataSet) throws -> String {
        switch destination {
        case .file(let path):
            return path
        case .renamed(let folder):
            let study = dataSet.string(.studyInstanceUID) ?? "no-study"
            let series = dataSet.string(.seriesInstanceUID) ?? "no-series"
            guard let instance = dataSet.string(.sopInstanceUID), !instance.isEmpty else {
                throw DeidentifyError(.output, "cannot name the output after its SOP Instance UID: the file has none")
            }
            return [folder, study, series, instance + ".dcm"].joined(separator: "/")
        }
    }

    private func padded(_ text: String, _ vr: VR) -> [UInt8] {
        var bytes = Array(text.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        return bytes
    }
}

/// The attribute requirements of each SOP class, built once per class and shared by threads.
final class RequirementsCache: @unchecked Sendable {
    private var built: [String: AttributeRequirements] = [:]
    private let lock = NSLock()

    func requirements(forSOPClass uid: String) -> AttributeRequirements {
        lock.lock()
        if let found = built[uid] {
            lock.unlock()
            return found
        }
        lock.unlock()
        let made = AttributeRequirements(sopClassUID: uid)
        lock.lock()
        built[uid] = made
        lock.unlock()
        return made
    }
}
