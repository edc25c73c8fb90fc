/// Writes `DicomFile`s: Part-10 files in any uncompressed transfer syntax or in the file's own
/// encapsulated syntax (PS3.10 7.1, PS3.5 A.4, A.5). Unchanged files come out byte-identical;
/// edited ones differ only in the edited elements and the lengths that contain them.
public enum DicomWriter {
    /// Writes `file` to `sink`.
    /// - Throws: `DICOMError.unsupported` when the target syntax would need pixel data to be
    ///   compressed or decompressed; I/O errors from the sink or the source.
    public static func write(_ file: DicomFile, to sink: any ByteSink, options: WriteOptions = WriteOptions()) throws {
        let target = options.transferSyntax ?? file.transferSyntax
        try checkTranscodable(file, to: target)
        let keepsSyntax = target.uid == file.transferSyntax.uid && target.encoding == file.transferSyntax.encoding

        let bare = options.container == .asRead && file.container == .rawDataSet
        if bare {
            try sink.write(file.leadingBytes)
        } else {
            if options.container == .asRead && file.container == .metaWithoutPreamble {
                if file.hasDICMPrefix { try sink.write(Array("DICM".utf8)) }
            } else {
                try sink.write(file.preamble ?? [UInt8](repeating: 0, count: 128))
                try sink.write(Array("DICM".utf8))
            }
            let meta = metaInformation(for: file, syntax: target, policy: options.meta, faithful: options.container == .asRead)
            try DataSetEncoder(encoding: .explicitLittle, sink: sink).write(meta)
        }

        if target.isDeflated {
            if keepsSyntax, let compressed = file.compressedDataSetOffset, isUntouched(file.dataSet, encoding: target.encoding) {
                try sink.copy(from: file.source, offset: compressed, length: file.source.count - compressed)
            } else {
                let deflating = try DeflatingSink(target: sink, level: options.deflateLevel)
                try writeDataSet(file, encoding: target.encoding, to: deflating)
                try deflating.finish()
            }
        } else {
            try writeDataSet(file, encoding: target.encoding, to: sink)
        }
        try sink.finish()
    }

    /// Writes `file` to `path` atomically (temporary file, fsync, rename).
    /// - Parameter inPlace: allow `path` to be the file's own source; otherwise writing over the
    ///   input is refused.
    public static func write(_ file: DicomFile, toPath path: String, options: WriteOptions = WriteOptions(), inPlace: Bool = false) throws {
        try refuseOverwritingInput(file, path: path, inPlace: inPlace)
        try AtomicFile.write(to: path) { sink in try write(file, to: sink, options: options) }
    }

    /// Writes `file` into `batch` for `path`: it replaces `path` when the batch is committed.
    /// - Parameter inPlace: allow `path` to be the file's own source; otherwise writing over the
    ///   input is refused.
    public static func stage(
        _ file: DicomFile, toPath path: String, in batch: WriteBatch, options: WriteOptions = WriteOptions(), inPlace: Bool = false
    ) throws {
        try refuseOverwritingInput(file, path: path, inPlace: inPlace)
        try batch.stage(to: path) { sink in try write(file, to: sink, options: options) }
    }

    private static func refuseOverwritingInput(_ file: DicomFile, path: String, inPlace: Bool) throws {
        if !inPlace, let source = file.source as? FileByteSource, let identity = source.identity,
            FileIdentity(path: path) == identity
        {
            throw DICOMError(.refusedOverwrite, "refusing to overwrite the input file (use in-place to allow it)", file: path)
        }
    }

    /// The bytes `file` would be written as (for tests and small files).
    public static func encode(_ file: DicomFile, options: WriteOptions = WriteOptions()) throws -> [UInt8] {
        let sink = MemorySink()
        try write(file, to: sink, options: options)
        return sink.bytes
    }

    private static func writeDataSet(_ file: DicomFile, encoding: Encoding, to sink: any ByteSink) throws {
        try DataSetEncoder(encoding: encoding, sink: sink).write(file.dataSet)
        if let stop = file.stoppedAt {
            guard encoding == file.transferSyntax.encoding else {
                throw DICOMError(.unsupported, "the file was read only up to offset \(stop): read it whole to change its transfer syntax", file: file.path)
            }
            try sink.copy(from: file.dataSource, offset: stop, length: file.dataSource.count - stop)
        }
    }

    /// Whether every top-level element still has its original bytes in `encoding`.
    private static func isUntouched(_ dataSet: DataSet, encoding: Encoding) -> Bool {
        dataSet.touchedGroups.isEmpty && dataSet.elements.allSatisfy { $0.encoded?.encoding == encoding }
    }

    private static func checkTranscodable(_ file: DicomFile, to target: TransferSyntax) throws {
        let hasFragments = file.dataSet.elements.contains {
            if case .encapsulated = $0.value { return true }
            return false
        }
        if hasFragments && target.uid != file.transferSyntax.uid {
            throw DICOMError(
                .unsupported,
                "pixel data is compressed (\(file.transferSyntax.name)): it can only be written in that transfer syntax, not \(target.name)",
                file: file.path)
        }
        if target.isEncapsulated && target.uid != file.transferSyntax.uid {
            throw DICOMError(.unsupported, "dicomfix does not compress pixel data: cannot write \(target.name)", file: file.path)
        }
    }

    // MARK: File Meta Information (PS3.10 7.1)

    /// The group 0002 to write for `file` in `syntax`.
    /// - Parameter faithful: keep the meta exactly as read wherever the data set and syntax did
    ///   not change, even where it was wrong (lossless rewriting); otherwise mismatches with the
    ///   data set are corrected and a missing group length is added.
    public static func metaInformation(
        for file: DicomFile, syntax: TransferSyntax, policy: WriteOptions.MetaPolicy, faithful: Bool = false
    ) -> DataSet {
        let sopClass = file.dataSet[.sopClassUID]
        let sopInstance = file.dataSet[.sopInstanceUID]
        var meta: DataSet
        if policy == .preserve && !file.meta.isEmpty {
            meta = file.meta
        } else {
            meta = DataSet()
            for element in file.meta.elements where element.tag.element >= 0x0016 {
                meta.set(element)  // source/sending/receiving AE titles, private information
            }
            meta.set(Element(.fileMetaInformationVersion, .OB, bytes: [0x00, 0x01]))
            meta.set(Element(.implementationClassUID, .UI, bytes: paddedUID(Implementation.classUID)))
            meta.set(Element(.implementationVersionName, .SH, bytes: paddedText(Implementation.versionName)))
        }
        func update(_ tag: Tag, _ vr: VR, _ bytes: [UInt8]?, changed: Bool) {
            guard let bytes else { return }
            if faithful && !changed && meta.contains(tag) { return }
            if let current = meta[tag]?.inlineBytes, trimmedValue(current) == trimmedValue(bytes) { return }
            meta.set(Element(tag, vr, bytes: bytes))
        }
        update(.mediaStorageSOPClassUID, .UI, sopClass?.inlineBytes, changed: sopClass?.encoded == nil)
        update(.mediaStorageSOPInstanceUID, .UI, sopInstance?.inlineBytes, changed: sopInstance?.encoded == nil)
        let syntaxChanged = syntax.uid != file.transferSyntax.uid || syntax.encoding != file.transferSyntax.encoding
        if !faithful || syntaxChanged {
            update(.transferSyntaxUID, .UI, paddedUID(syntax.uid), changed: true)
        }
        if !meta.contains(.fileMetaInformationGroupLength) && !(faithful && !file.meta.isEmpty) {
            meta.set(Element(.fileMetaInformationGroupLength, .UL, bytes: [0, 0, 0, 0]))  // value computed on write
        }
        return meta
    }

    private static func trimmedValue(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var slice = bytes[...]
        while let last = slice.last, last == 0 || last == 0x20 { slice = slice.dropLast() }
        return slice
    }
}

/// A UID value padded with NUL to even length (PS3.5 9.1).
func paddedUID(_ uid: String) -> [UInt8] {
    var bytes = Array(uid.utf8)
    if bytes.count % 2 == 1 { bytes.append(0) }
    return bytes
}

/// A text value padded with a space to even length.
func paddedText(_ text: String) -> [UInt8] {
    var bytes = Array(text.utf8)
    if bytes.count % 2 == 1 { bytes.append(0x20) }
    return bytes
}
