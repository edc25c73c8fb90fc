/// Reads DICOM files: Part-10 files, files missing their preamble or meta information, and raw
/// data sets in any of the uncompressed, deflated or encapsulated transfer syntaxes (PS3.10 7,
/// PS3.5 7 and 10, A.4, A.5).
public enum DicomReader {
    /// Reads the file at `path`.
    /// - Throws: `DICOMError` when the file cannot be opened, does not look like DICOM at all, or
    ///   (with a strict policy) has any problem of warning severity or worse.
    public static func read(path: String, options: ReadOptions = .lenient) throws -> DicomFile {
        try read(source: FileByteSource(path: path), options: options)
    }

    /// Reads a file from bytes in memory.
    public static func read(bytes: [UInt8], name: String = "<memory>", options: ReadOptions = .lenient) throws -> DicomFile {
        try read(source: MemoryByteSource(bytes, name: name), options: options)
    }

    /// Reads a file from any byte source.
    public static func read(source: any ByteSource, options: ReadOptions = .lenient) throws -> DicomFile {
        var diagnostics: [Diagnostic] = []
        let head = (try? source.bytes(at: 0, count: Int(min(source.count, 132)))) ?? []
        let dicm: [UInt8] = Array("DICM".utf8)

        var container = DicomFile.Container.part10
        var preamble: [UInt8]?
        var metaStart: Int64?
        var leadingBytes: [UInt8] = []
        var rawStart: Int64 = 0
        var rawEncoding: Encoding?

        if head.count >= 132, Array(head[128..<132]) == dicm {
            preamble = Array(head[0..<128])
            metaStart = 132
        } else if head.count >= 4, Array(head[0..<4]) == dicm {
            container = .metaWithoutPreamble
            metaStart = 4
            diagnostics.append(Diagnostic(.warning, "read.preamble.missing", "file starts with DICM but has no 128-byte preamble", offset: 0))
        } else if startsWithMetaElement(head) {
            container = .metaWithoutPreamble
            metaStart = 0
            diagnostics.append(Diagnostic(.warning, "read.preamble.missing", "File Meta Information without the 128-byte preamble and DICM prefix", offset: 0))
        } else {
            container = .rawDataSet
            var found = false
            for candidate: Int64 in [0, 1, 2, 3, 128] where candidate < source.count {
                if let encoding = probeEncoding(source: source, at: candidate) {
                    rawStart = candidate
                    rawEncoding = encoding
                    found = true
                    break
                }
            }
            guard found else {
                throw DICOMError(.notDICOM, "not a DICOM file: no DICM prefix and no recognisable data set", file: source.name, offset: 0)
            }
            if rawStart > 0 {
                leadingBytes = (try? source.bytes(at: 0, count: Int(rawStart))) ?? []
                diagnostics.append(Diagnostic(.error, "read.leading-bytes", "\(rawStart) stray byte(s) before the data set", offset: 0))
            }
            diagnostics.append(Diagnostic(.warning, "read.meta.missing", "no File Meta Information: a bare data set, read as \(rawEncoding?.description ?? "")", offset: rawStart))
        }

        // File Meta Information: group 0002, explicit VR little endian (PS3.10 7.1).
        var meta = DataSet()
        var dataSetStart = rawStart
        var declaredUID: String?
        var syntax: TransferSyntax
        var parser = DataSetParser(cursor: ByteCursor(source: source, position: metaStart ?? rawStart), options: options)
        if let metaStart {
            let metaEncoding: Encoding = probeExplicitVR(source: source, at: metaStart) ? .explicitLittle : .implicitLittle
            if !metaEncoding.isExplicitVR {
                diagnostics.append(Diagnostic(.error, "read.meta.implicit-vr", "File Meta Information is encoded in implicit VR (must be explicit VR little endian)", offset: metaStart))
            }
            meta = parser.parseMetaGroup(encoding: metaEncoding)
            dataSetStart = parser.cursor.position
            checkMetaGroupLength(meta, metaStart: metaStart, metaEnd: dataSetStart, into: &diagnostics)
            if let uidElement = meta[Tag(0x0002, 0x0010)], let bytes = uidElement.inlineBytes {
                declaredUID = trimUID(String(decoding: bytes, as: UTF8.self))
            }
            if let declaredUID, !declaredUID.isEmpty {
                syntax = TransferSyntax(uid: declaredUID)
                if !syntax.isKnown {
                    diagnostics.append(Diagnostic(.warning, "read.transfer-syntax.unknown", "unknown transfer syntax \(declaredUID): read as explicit VR little endian", offset: metaStart))
                }
            } else {
                diagnostics.append(Diagnostic(.error, "read.meta.no-transfer-syntax", "File Meta Information has no Transfer Syntax UID (0002,0010): encoding detected from the data", offset: metaStart))
                syntax = .explicitVRLittleEndian
                if let detected = probeEncoding(source: source, at: dataSetStart) {
                    syntax = detected == .implicitLittle ? .implicitVRLittleEndian : detected.isBigEndian ? .explicitVRBigEndian : .explicitVRLittleEndian
                }
            }
        } else {
            let encoding = rawEncoding ?? .implicitLittle
            syntax = encoding.isExplicitVR ? (encoding.isBigEndian ? .explicitVRBigEndian : .explicitVRLittleEndian) : .implicitVRLittleEndian
        }

        // The data set: inflate if deflated, then check that the declared encoding is the real one.
        var dataSource: any ByteSource = source
        var compressedOffset: Int64?
        if syntax.isDeflated {
            compressedOffset = dataSetStart
            let compressed = source.count - dataSetStart
            let inflatedName = source.name + " (inflated data set)"
            var problem: String?
            // Into memory while the inflated data stays under the in-memory limit (a small stream
            // can inflate a thousand times over), else again into an anonymous temporary file.
            var inMemory: Inflater.Result?
            if compressed <= options.inflateInMemoryLimit {
                let attempt = Inflater.inflate(
                    source: source, offset: dataSetStart, length: compressed, limit: min(options.inflateInMemoryLimit, options.maximumInflatedSize))
                if !attempt.exceededLimit || options.inflateInMemoryLimit >= options.maximumInflatedSize { inMemory = attempt }
            }
            if let inMemory {
                problem = inMemory.problem
                dataSource = MemoryByteSource(inMemory.bytes, name: inflatedName)
            } else {
                dataSource = try FileByteSource.temporary(name: inflatedName) { sink in
                    problem = Inflater.inflate(source: source, offset: dataSetStart, length: compressed, limit: options.maximumInflatedSize) { chunk in
                        try sink.write(chunk)
                    }
                }
                if problem == "limit" { problem = "inflated data set is larger than the limit of \(options.maximumInflatedSize) bytes" }
            }
            if let problem {
                diagnostics.append(Diagnostic(.error, "read.deflate.failed", "cannot inflate the whole deflated data set: \(problem)", offset: dataSetStart))
            }
            dataSetStart = 0
        }
        var encoding = syntax.encoding
        if let actual = checkEncoding(source: dataSource, at: dataSetStart, declared: encoding), actual != encoding {
            diagnostics.append(Diagnostic(
                .error, "read.transfer-syntax.mismatch",
                "the transfer syntax says \(encoding) but the data set is \(actual): read as \(actual)", offset: dataSetStart))
            encoding = actual
            syntax = TransferSyntax(actualEncodingOf: syntax, encoding: actual)
        }

        var dataParser = DataSetParser(cursor: ByteCursor(source: dataSource, position: dataSetStart), options: options)
        let (dataSet, _) = dataParser.parseDataSet(encoding: encoding, end: nil, inUndefinedItem: false, path: .root, depth: 0)
        diagnostics += parser.finalDiagnostics + dataParser.finalDiagnostics
        if let ioError = parser.cursor.ioError ?? dataParser.cursor.ioError { throw ioError }

        if !meta.isEmpty { checkMediaStorage(meta: meta, dataSet: dataSet, into: &diagnostics) }

        let file = DicomFile(
            container: container, preamble: preamble, meta: meta, dataSet: dataSet, transferSyntax: syntax,
            declaredTransferSyntaxUID: declaredUID, diagnostics: diagnostics, source: source, dataSource: dataSource,
            dataSetOffset: dataSetStart, leadingBytes: leadingBytes, stoppedAt: dataParser.stoppedAt,
            compressedDataSetOffset: compressedOffset, hasDICMPrefix: metaStart != 0)
        if options.strict, let first = file.diagnostics.first(where: { $0.severity >= .warning }) {
            throw DICOMError(.strictPolicy, first.message + " [\(first.code)]", file: source.name, offset: first.offset, path: first.path)
        }
        return file
    }

    /// Media Storage SOP Class/Instance UID must equal the data set's SOP Class/Instance UID
    /// (PS3.10 7.1).
    private static func checkMediaStorage(meta: DataSet, dataSet: DataSet, into diagnostics: inout [Diagnostic]) {
        let pairs: [(Tag, Tag, String)] = [
            (.mediaStorageSOPClassUID, .sopClassUID, "SOP Class UID"),
            (.mediaStorageSOPInstanceUID, .sopInstanceUID, "SOP Instance UID"),
        ]
        for (metaTag, dataTag, name) in pairs {
            guard let metaBytes = meta[metaTag]?.inlineBytes, let dataBytes = dataSet[dataTag]?.inlineBytes else { continue }
            let inMeta = trimUID(String(decoding: metaBytes, as: UTF8.self))
            let inData = trimUID(String(decoding: dataBytes, as: UTF8.self))
            guard inMeta != inData else { continue }
            diagnostics.append(Diagnostic(
                .warning, "read.meta.media-storage-mismatch",
                "Media Storage \(name) \(metaTag) is \(inMeta) but the data set's \(dataTag) is \(inData)",
                offset: meta[metaTag]?.offset, path: TagPath.root.appending(metaTag)))
        }
    }

    private static func checkMetaGroupLength(_ meta: DataSet, metaStart: Int64, metaEnd: Int64, into diagnostics: inout [Diagnostic]) {
        guard let lengthElement = meta[Tag(0x0002, 0x0000)] else {
            diagnostics.append(Diagnostic(.warning, "read.meta.group-length.missing", "File Meta Information has no group length (0002,0000)", offset: metaStart))
            return
        }
        guard let bytes = lengthElement.inlineBytes, bytes.count == 4, let groupStart = meta.elements.dropFirst().first?.offset else { return }
        let declared = Int64(readUInt32LE(bytes, 0))
        let actual = metaEnd - groupStart
        if declared != actual {
            diagnostics.append(Diagnostic(
                .warning, "read.meta.group-length.mismatch",
                "File Meta Information group length says \(declared) bytes but the group has \(actual)", offset: lengthElement.offset))
        }
    }

    /// Whether the bytes start with a group 0002 element in explicit VR little endian.
    private static func startsWithMetaElement(_ head: [UInt8]) -> Bool {
        guard head.count >= 8 else { return false }
        return head[0] == 0x02 && head[1] == 0x00 && VR(code0: head[4], code1: head[5]) != nil
    }

    /// Whether the element at `offset` has a VR code after its tag.
    static func probeExplicitVR(source: any ByteSource, at offset: Int64) -> Bool {
        guard let b = try? source.bytes(at: offset, count: 6) else { return true }
        return VR(code0: b[4], code1: b[5]) != nil
    }

    /// Guesses the encoding of a bare data set from its first two elements: little or big endian
    /// from which reading gives a plausible group, explicit or implicit from whether a VR follows.
    static func probeEncoding(source: any ByteSource, at offset: Int64) -> Encoding? {
        let candidates: [Encoding] = [.explicitLittle, .implicitLittle, .explicitBig]
        for encoding in candidates where plausibleElements(source: source, at: offset, encoding: encoding) {
            return encoding
        }
        return nil
    }

    /// The encoding the data set at `offset` is really in, given what was declared: the declared
    /// one when it reads plausibly, else the one that does. Nil when nothing is plausible (for
    /// example an empty data set).
    static func checkEncoding(source: any ByteSource, at offset: Int64, declared: Encoding) -> Encoding? {
        guard offset < source.count else { return nil }
        if plausibleElements(source: source, at: offset, encoding: declared) { return declared }
        return probeEncoding(source: source, at: offset)
    }

    /// Whether the first one or two elements at `offset` decode sensibly in `encoding`: an even
    /// group below 0x7FE1 (or group 0008 onwards), a known VR for explicit encodings, a length
    /// that fits, and a next tag not before the first.
    private static func plausibleElements(source: any ByteSource, at offset: Int64, encoding: Encoding) -> Bool {
        let size = Int(min(source.count - offset, 4096))
        guard size >= 8, let bytes = try? source.bytes(at: offset, count: size) else { return false }
        var position = 0
        var previous: Tag?
        for _ in 0..<2 {
            guard position + 8 <= bytes.count else { return previous != nil }
            let group = readUInt16(bytes, position, bigEndian: encoding.isBigEndian)
            let number = readUInt16(bytes, position + 2, bigEndian: encoding.isBigEndian)
            let tag = Tag(group, number)
            if let previous, tag < previous { return false }
            if previous == nil, !(group >= 0x0002 && group <= 0x0008) && !(group & 1 == 0 && group <= 0x0028) { return false }
            var length: Int
            if encoding.isExplicitVR {
                guard let vr = VR(code0: bytes[position + 4], code1: bytes[position + 5]) else { return false }
                if vr.hasLongExplicitLength {
                    guard position + 12 <= bytes.count else { return true }
                    let l = readUInt32(bytes, position + 8, bigEndian: encoding.isBigEndian)
                    if l == 0xFFFF_FFFF { return true }
                    length = Int(l)
                    position += 12
                } else {
                    length = Int(readUInt16(bytes, position + 6, bigEndian: encoding.isBigEndian))
                    position += 8
                }
            } else {
                if VR(code0: bytes[position + 4], code1: bytes[position + 5]) != nil,
                    DataDictionary.entry(for: tag) != nil
                {
                    // A VR where a length should be: this is explicit VR.
                    return false
                }
                let l = readUInt32(bytes, position + 4, bigEndian: encoding.isBigEndian)
                if l == 0xFFFF_FFFF { return true }
                length = Int(l)
                position += 8
            }
            guard Int64(length) <= source.count - offset - Int64(position) else { return false }
            position += length
            previous = tag
            if position >= bytes.count { return true }
        }
        return true
    }
}

extension DataSetParser {
    /// Parses the group 0002 elements at the cursor, stopping before the first element of
    /// another group.
    mutating func parseMetaGroup(encoding: Encoding) -> DataSet {
        var meta = DataSet()
        while let b = cursor.peekBytes(2), b[b.startIndex] == 0x02, b[b.startIndex + 1] == 0x00 {
            let before = cursor.position
            let (one, _) = parseDataSet(encoding: encoding, end: nextElementEnd(encoding: encoding), inUndefinedItem: false, path: .root, depth: 0)
            for element in one.elements { meta.appendRead(element) }
            if cursor.position <= before { break }
        }
        return meta
    }

    /// The end of the element at the cursor, from its header (bounded by the data).
    private mutating func nextElementEnd(encoding: Encoding) -> Int64? {
        guard let header = cursor.peekBytes(12) else { return nil }
        let h = Array(header)
        if encoding.isExplicitVR, let vr = VR(code0: h[4], code1: h[5]) {
            if vr.hasLongExplicitLength {
                let length = readUInt32LE(h, 8)
                return length == 0xFFFF_FFFF ? nil : min(cursor.end, cursor.position + 12 + Int64(length))
            }
            return min(cursor.end, cursor.position + 8 + Int64(readUInt16(h, 6, bigEndian: false)))
        }
        let length = readUInt32LE(h, 4)
        return length == 0xFFFF_FFFF ? nil : min(cursor.end, cursor.position + 8 + Int64(length))
    }
}

extension TransferSyntax {
    /// A syntax like `declared` but with the encoding the data really has.
    init(actualEncodingOf declared: TransferSyntax, encoding: Encoding) {
        if declared.isEncapsulated || declared.isDeflated {
            self.init(uid: declared.uid, encoding: encoding, deflated: declared.isDeflated, encapsulated: declared.isEncapsulated, known: declared.isKnown)
        } else if encoding == .implicitLittle {
            self = .implicitVRLittleEndian
        } else if encoding.isBigEndian {
            self = .explicitVRBigEndian
        } else {
            self = .explicitVRLittleEndian
        }
    }
}

func readUInt16(_ bytes: [UInt8], _ at: Int, bigEndian: Bool) -> UInt16 {
    guard at >= 0, at + 2 <= bytes.count else { return 0 }
    let b0 = UInt16(bytes[at]), b1 = UInt16(bytes[at + 1])
    return bigEndian ? b0 << 8 | b1 : b1 << 8 | b0
}

func readUInt32(_ bytes: [UInt8], _ at: Int, bigEndian: Bool) -> UInt32 {
    guard at >= 0, at + 4 <= bytes.count else { return 0 }
    let v = (0..<4).map { UInt32(bytes[at + $0]) }
    return bigEndian ? v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3] : v[3] << 24 | v[2] << 16 | v[1] << 8 | v[0]
}

func readUInt32LE(_ bytes: [UInt8], _ at: Int) -> UInt32 { readUInt32(bytes, at, bigEndian: false) }
