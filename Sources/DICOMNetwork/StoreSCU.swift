import DICOM
import Foundation

/// C-STORE as the requestor (Storage SCU, PS3.4 Annex B): sends instances read from files to a
/// peer, over as many associations as the presentation contexts and `parallel` call for, with
/// retries for what failed for reasons that may pass.
public enum StoreSCU {
    /// How to send.
    public struct Options: Sendable {
        /// How many more times an instance that failed for a passing reason (connection lost,
        /// association aborted or refused for now, peer out of resources) is sent again.
        public var retries: Int
        /// The waits before retries: by default `retryDelay` seconds before the first, each
        /// next one twice as long, at most 60 s.
        public var backoff: RetrySchedule
        /// Seconds before the first retry (the backoff's initial wait).
        public var retryDelay: Double {
            get { backoff.initial }
            set { backoff.initial = max(0, newValue) }
        }
        /// Associations open at the same time.
        public var parallel: Int
        /// Presentation contexts proposed in one association (the protocol allows 128).
        public var contextsPerAssociation: Int

        public init(retries: Int = 0, retryDelay: Double = 1, parallel: Int = 1, contextsPerAssociation: Int = 128) {
            self.retries = max(0, retries)
            self.backoff = RetrySchedule(initial: retryDelay)
            self.parallel = max(1, parallel)
            self.contextsPerAssociation = min(128, max(1, contextsPerAssociation))
        }
    }

    /// What happened to one input file.
    public struct Outcome: Sendable {
        public enum State: String, Sendable {
            /// Stored: status 0000.
            case stored
            /// Stored with a warning status (B000, B006, B007, ...).
            case storedWithWarning
            /// Not stored.
            case failed
            /// Not an instance to send (not DICOM, a DICOMDIR).
            case skipped
        }

        public var path: String
        public var state: State
        public var sopClassUID: String?
        public var sopInstanceUID: String?
        /// The C-STORE-RSP status, when the peer answered.
        public var status: DIMSEStatus?
        /// The peer's Error Comment (0000,0902), if it sent one.
        public var errorComment: String?
        /// Why it failed or was skipped, in words.
        public var reason: String?
        /// A stable code for the reason: `send.status`, `send.association.rejected`, ...
        public var code: String?
        /// The transfer syntax the data set was sent in.
        public var sentTransferSyntax: String?
        /// The file's own transfer syntax when the data set was transcoded.
        public var transcodedFrom: String?
        /// How many times it was sent (1 without retries).
        public var attempts: Int = 0

        /// Whether the peer has the instance.
        public var isStored: Bool { state == .stored || state == .storedWithWarning }
    }

    /// Sends every file in `paths` to `peer` and returns one outcome per path, in order. A
    /// DICOMDIR among them is skipped (`send.input.dicomdir`): expand it into the files it lists
    /// first.
    /// - Parameter progress: called with the number of files whose outcome is final.
    public static func send(
        paths: [String], to peer: PeerConfiguration, options: Options = Options(), progress: (@Sendable (Int) -> Void)? = nil
    ) -> [Outcome] {
        // A DICOMDIR is skipped with its reason: callers expand it (DICOMMedia's InputCollector).
        let allPaths = paths
        let inspections = paths.indices.map { inspect(path: paths[$0], index: $0) }
        let results = OutcomeStore(count: allPaths.count, progress: progress)
        var pending: [Instance] = []
        for (index, inspection) in inspections.enumerated() {
            switch inspection {
            case .instance(let instance): pending.append(instance)
            case .outcome(let outcome): results.finish(index, outcome)
            }
        }
        var attempt = 0
        while !pending.isEmpty {
            let isLastAttempt = attempt >= options.retries
            let attemptNumber = attempt + 1
            let units = plan(pending, options: options)
            let retry = RetryList()
            runConcurrently(units, workers: options.parallel) { unit in
                send(unit, to: peer) { instance, outcome, retryable in
                    var outcome = outcome
                    outcome.attempts = attemptNumber
                    if retryable && !isLastAttempt {
                        retry.add(instance)
                    } else {
                        results.finish(instance.index, outcome)
                    }
                }
            }
            pending = retry.sorted()
            if !pending.isEmpty {
                Thread.sleep(forTimeInterval: options.backoff.delay(beforeRetry: attemptNumber))
            }
            attempt += 1
        }
        return results.values(paths: allPaths)
    }

    // MARK: Inspection

    /// An input file that can be sent: what to propose for it and where its data set is.
    struct Instance: Sendable {
        var index: Int
        var path: String
        var sopClass: String
        var sopInstance: String
        var syntax: TransferSyntax
        /// Where the data set's bytes start in the file, as stored (the compressed stream for a
        /// deflated file).
        var dataSetOffset: Int64

        /// The transfer syntaxes to propose, in order of preference: the file's own, then the
        /// uncompressed ones the codec can transcode to.
        var syntaxes: [String] {
            var list = [syntax.uid]
            guard syntax.isKnown, !syntax.isEncapsulated else { return list }
            for other in [TransferSyntax.explicitVRLittleEndian, .implicitVRLittleEndian] where !list.contains(other.uid) {
                list.append(other.uid)
            }
            return list
        }
    }

    enum Inspection {
        case instance(Instance)
        case outcome(Outcome)
    }

    static func inspect(path: String, index: Int) -> Inspection {
        let file: DicomFile
        do {
            file = try DicomReader.read(path: path, options: .headerOnly)
        } catch let error as DICOMError where error.code == .notDICOM {
            return .outcome(Outcome(path: path, state: .skipped, reason: "not a DICOM file", code: "send.input.not-dicom"))
        } catch {
            return .outcome(Outcome(path: path, state: .failed, reason: "cannot read: \(error)", code: "send.input.unreadable"))
        }
        let sopClass = file.dataSet.string(.sopClassUID).map(trim) ?? file.meta.string(.mediaStorageSOPClassUID).map(trim)
        let sopInstance = file.dataSet.string(.sopInstanceUID).map(trim) ?? file.meta.string(.mediaStorageSOPInstanceUID).map(trim)
        if sopClass == UID.mediaStorageDirectoryStorage {
            return .outcome(
                Outcome(
                    path: path, state: .skipped, sopClassUID: sopClass,
                    reason: "a DICOMDIR is a media index, not an instance to store (the files it lists are sent when their folder is given)",
                    code: "send.input.dicomdir"))
        }
        guard let sopClass, !sopClass.isEmpty, let sopInstance, !sopInstance.isEmpty else {
            return .outcome(
                Outcome(
                    path: path, state: .failed, sopClassUID: sopClass, sopInstanceUID: sopInstance,
                    reason: "no SOP Class UID or SOP Instance UID: the peer could not store it", code: "send.input.no-sop-uids"))
        }
        let offset = file.transferSyntax.isDeflated ? (file.compressedDataSetOffset ?? file.dataSetOffset) : file.dataSetOffset
        return .instance(
            Instance(index: index, path: path, sopClass: sopClass, sopInstance: sopInstance, syntax: file.transferSyntax, dataSetOffset: offset))
    }

    private static func trim(_ text: String) -> String { text.trimmingPadding() }

    // MARK: Planning

    /// A share of the work for one association: instances and the contexts they need.
    struct Unit: Sendable {
        var instances: [Instance]
        var contexts: [ProposedContext]
    }

    /// Groups instances into associations: each SOP class with its transfer syntaxes takes one
    /// context per pair, at most `contextsPerAssociation` per association; then the largest
    /// groups are halved until there are `parallel` of them (or nothing left to halve).
    static func plan(_ instances: [Instance], options: Options) -> [Unit] {
        var pairsByClass: [(sopClass: String, syntaxes: [String])] = []
        var classIndex: [String: Int] = [:]
        for instance in instances {
            if let at = classIndex[instance.sopClass] {
                for syntax in instance.syntaxes where !pairsByClass[at].syntaxes.contains(syntax) {
                    pairsByClass[at].syntaxes.append(syntax)
                }
            } else {
                classIndex[instance.sopClass] = pairsByClass.count
                pairsByClass.append((instance.sopClass, instance.syntaxes))
            }
        }
        let limit = options.contextsPerAssociation
        var groups: [[String]] = [[]]
        var used = 0
        for (sopClass, syntaxes) in pairsByClass {
            let need = min(syntaxes.count, limit)
            if used + need > limit, let last = groups.last, !last.isEmpty {
                groups.append([])
                used = 0
            }
            groups[groups.count - 1].append(sopClass)
            used += need
        }
        var units: [[Instance]] = groups.map { classes in
            let set = Set(classes)
            return instances.filter { set.contains($0.sopClass) }
        }.filter { !$0.isEmpty }
        while units.count < options.parallel, let largest = units.indices.max(by: { units[$0].count < units[$1].count }), units[largest].count > 1 {
            let whole = units[largest]
            let half = whole.count / 2
            units[largest] = Array(whole[..<half])
            units.append(Array(whole[half...]))
        }
        return units.map { Unit(instances: $0, contexts: contexts(for: $0, limit: limit)) }
    }

    /// One context per SOP class and transfer syntax of `instances`, IDs 1, 3, 5, ...
    static func contexts(for instances: [Instance], limit: Int) -> [ProposedContext] {
        var pairs: [(String, String)] = []
        var seen: Set<String> = []
        for instance in instances {
            for syntax in instance.syntaxes where seen.insert(instance.sopClass + "|" + syntax).inserted {
                pairs.append((instance.sopClass, syntax))
            }
        }
        return pairs.prefix(limit).enumerated().map { index, pair in
            ProposedContext(id: UInt8(truncatingIfNeeded: 2 * index + 1), abstractSyntax: pair.0, transferSyntaxes: [pair.1])
        }
    }

    // MARK: Sending

    /// Sends the instances of `unit` over one association, reporting each outcome and whether a
    /// later attempt could succeed.
    static func send(_ unit: Unit, to peer: PeerConfiguration, report: (Instance, Outcome, Bool) -> Void) {
        let association: Association
        do {
            association = try Association.open(peer, contexts: unit.contexts)
        } catch {
            let failure = NetworkError(wrapping: error)
            for instance in unit.instances {
                report(instance, failed(instance, failure), isPassing(failure))
            }
            return
        }
        var remaining = unit.instances[...]
        while let instance = remaining.popFirst() {
            let context = chooseContext(for: instance, in: association)
            guard let (contextID, syntax) = context.chosen else {
                report(instance, Outcome(
                    path: instance.path, state: .failed, sopClassUID: instance.sopClass, sopInstanceUID: instance.sopInstance,
                    reason: context.refusal, code: "send.context.refused"), false)
                continue
            }
            var outcome = Outcome(path: instance.path, state: .failed, sopClassUID: instance.sopClass, sopInstanceUID: instance.sopInstance)
            outcome.sentTransferSyntax = syntax.uid
            if syntax.uid != instance.syntax.uid { outcome.transcodedFrom = instance.syntax.uid }
            do {
                let prepared = try prepare(instance, as: syntax)
                let answer = try association.store(
                    sopClass: instance.sopClass, sopInstance: instance.sopInstance, contextID: contextID, writeDataSet: prepared)
                outcome.status = answer.status
                outcome.errorComment = answer.comment
                switch answer.status.kind {
                case .success: outcome.state = .stored
                case .warning: outcome.state = .storedWithWarning
                default:
                    outcome.reason = "the peer did not store it: status \(answer.status)" + (answer.comment.map { ": \($0)" } ?? "")
                    outcome.code = "send.status"
                }
                let passing = answer.status.code >> 8 == 0xA7 || answer.status.code == 0x0213
                report(instance, outcome, !outcome.isStored && passing)
            } catch let error as DICOMError {
                outcome.reason = "cannot send as \(syntax.name): \(error)"
                outcome.code = "send.input.not-sendable"
                report(instance, outcome, false)
            } catch {
                // The association is gone: this instance and the rest of the unit are not stored.
                let failure = NetworkError(wrapping: error)
                association.abort()
                report(instance, failed(instance, failure), isPassing(failure))
                for rest in remaining {
                    report(rest, failed(rest, failure, prefix: "not sent: "), isPassing(failure))
                }
                return
            }
        }
        try? association.release()
    }

    /// A data set writer for `instance` in `syntax`: the file's own bytes when the syntax is
    /// the file's, else the codec's transcoding.
    static func prepare(_ instance: Instance, as syntax: TransferSyntax) throws -> (any ByteSink) throws -> Void {
        if syntax.uid == instance.syntax.uid {
            return { sink in
                let source = try FileByteSource(path: instance.path)
                let length = source.count - instance.dataSetOffset
                if let pdata = sink as? PDataSink {
                    try pdata.stream(from: source, offset: instance.dataSetOffset, length: length)
                } else {
                    try sink.copy(from: source, offset: instance.dataSetOffset, length: length)
                }
            }
        }
        let file = try DicomReader.read(path: instance.path)
        if let error = file.errors.first {
            throw DICOMError(.malformed, "the file has errors and is not transcoded: \(error.message)", file: instance.path)
        }
        // Check before the first byte goes out, so that a refusal does not cost the association.
        try DicomWriter.writeDataSet(of: DicomFile(dataSet: DataSet(), transferSyntax: file.transferSyntax), in: syntax, to: MemorySink())
        if file.dataSet.elements.contains(where: { if case .encapsulated = $0.value { return true } else { return false } }) {
            throw DICOMError(.unsupported, "pixel data is compressed (\(file.transferSyntax.name)) and dicomfix does not decompress it", file: instance.path)
        }
        return { sink in try DicomWriter.writeDataSet(of: file, in: syntax, to: sink) }
    }

    /// The accepted context to use for `instance`: its own syntax first, then explicit, then
    /// implicit VR little endian; or why there is none.
    static func chooseContext(for instance: Instance, in association: Association) -> (chosen: (UInt8, TransferSyntax)?, refusal: String) {
        for uid in instance.syntaxes {
            if let id = association.acceptedContext(abstractSyntax: instance.sopClass, transferSyntax: uid) {
                return ((id, TransferSyntax(uid: uid)), "")
            }
        }
        let className = UIDRegistry.name(of: instance.sopClass) ?? instance.sopClass
        let answers = association.results(for: instance.sopClass)
        if let accepted = answers.first(where: \.isAccepted) {
            return (nil, "the peer accepted \(className) only in \(TransferSyntax(uid: accepted.transferSyntax).name), and the file's \(instance.syntax.name) pixel data would need decoding")
        }
        let reasons = Set(answers.map { $0.result?.meaning ?? "result \($0.resultCode)" }).sorted().joined(separator: "; ")
        let offered = instance.syntaxes.map { TransferSyntax(uid: $0).name }.joined(separator: ", ")
        return (nil, "the peer refused \(className) in \(offered): \(reasons.isEmpty ? "no answer for this context" : reasons)")
    }

    private static func failed(_ instance: Instance, _ error: NetworkError, prefix: String = "") -> Outcome {
        let code: String =
            switch error.code {
            case .associationRejected: "send.association.rejected"
            case .aborted: "send.association.aborted"
            case .timeout: "send.timeout"
            case .connectFailed: "send.connect"
            case .tls: "send.tls"
            default: "send.connection"
            }
        return Outcome(
            path: instance.path, state: .failed, sopClassUID: instance.sopClass, sopInstanceUID: instance.sopInstance,
            reason: prefix + error.description, code: code)
    }

    /// Whether a later attempt may succeed after `error`.
    private static func isPassing(_ error: NetworkError) -> Bool {
        switch error.code {
        case .connectFailed, .connectionClosed, .aborted, .timeout: true
        case .associationRejected: error.message.contains("transient")
        default: false
        }
    }
}

/// Runs `work` on every unit with `workers` at once (fewer when there are fewer units), each
/// on a thread of its own: a worker spends its time waiting for the peer, so a pool sized to
/// the cores (`concurrentPerform`) would open fewer associations than `--parallel` asks for.
private func runConcurrently<T: Sendable>(_ items: [T], workers: Int, _ work: @Sendable @escaping (T) -> Void) {
    if items.count == 1, let only = items.first {
        work(only)
        return
    }
    let next = LockedCounter()
    let finished = DispatchGroup()
    for _ in 0..<max(1, min(workers, items.count)) {
        finished.enter()
        Thread {
            while let index = next.take(below: items.count) { work(items[index]) }
            finished.leave()
        }.start()
    }
    finished.wait()
}

private final class LockedCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

private final class RetryList: @unchecked Sendable {
    private var items: [StoreSCU.Instance] = []
    private let lock = NSLock()

    func add(_ instance: StoreSCU.Instance) {
        lock.lock()
        items.append(instance)
        lock.unlock()
    }

    func sorted() -> [StoreSCU.Instance] {
        lock.lock()
        defer { lock.unlock() }
        return items.sorted { $0.index < $1.index }
    }
}

private final class OutcomeStore: @unchecked Sendable {
    private var storage: [StoreSCU.Outcome?]
    private var done = 0
    private let lock = NSLock()
    private let progress: (@Sendable (Int) -> Void)?

    init(count: Int, progress: (@Sendable (Int) -> Void)?) {
        storage = Array(repeating: nil, count: count)
        self.progress = progress
    }

    func finish(_ index: Int, _ outcome: StoreSCU.Outcome) {
        lock.lock()
        if index >= 0, index < storage.count, storage[index] == nil { done += 1 }
        if index >= 0, index < storage.count { storage[index] = outcome }
        let count = done
        lock.unlock()
        progress?(count)
    }

    func values(paths: [String]) -> [StoreSCU.Outcome] {
        lock.lock()
        defer { lock.unlock() }
        return storage.enumerated().map { index, outcome in
            outcome ?? StoreSCU.Outcome(path: paths[index], state: .failed, reason: "not attempted", code: "send.internal")
        }
    }
}
