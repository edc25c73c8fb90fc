/// A DICOM file as read: the container it came in, the File Meta Information, the data set, and
/// every problem the reader tolerated (PS3.10 section 7).
public struct DicomFile: Sendable {
    /// How the data set was packaged on disk.
    public enum Container: String, Sendable {
        /// 128-byte preamble, `DICM`, File Meta Information (PS3.10 7.1).
        case part10
        /// File Meta Information without the preamble (a common defect).
        case metaWithoutPreamble
        /// A bare data set with no File Meta Information.
        case rawDataSet
    }

    public var container: Container
    /// The 128-byte preamble, when the file had one.
    public var preamble: [UInt8]?
    /// Group 0002. Empty for a raw data set.
    public var meta: DataSet
    public var dataSet: DataSet
    /// The syntax the data set is really encoded in (which may differ from what the meta says).
    public var transferSyntax: TransferSyntax
    /// The Transfer Syntax UID the File Meta Information declares, if any.
    public var declaredTransferSyntaxUID: String?
    public var diagnostics: [Diagnostic]
    /// The bytes the file was read from.
    public let source: any ByteSource
    /// Where the data set's bytes come from: `source`, or the inflated data set when deflated.
    public let dataSource: any ByteSource
    /// Offset of the data set's first byte in `dataSource`.
    public var dataSetOffset: Int64
    /// Bytes before the data set that belong to nothing (a stray leading byte), reported.
    public var leadingBytes: [UInt8]
    /// Where a stop condition ended the read, in `dataSource`; the rest is copied on write.
    public var stoppedAt: Int64?
    /// For a deflated file, where the compressed data set starts in `source`.
    public var compressedDataSetOffset: Int64?
    /// For `metaWithoutPreamble`: whether the file still started with `DICM`.
    public var hasDICMPrefix: Bool

    /// The file's path, as given to the reader.
    public var path: String { source.name }

    /// Diagnostics of error severity.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public init(
        container: Container, preamble: [UInt8]?, meta: DataSet, dataSet: DataSet, transferSyntax: TransferSyntax,
        declaredTransferSyntaxUID: String?, diagnostics: [Diagnostic], source: any ByteSource,
        dataSource: any ByteSource, dataSetOffset: Int64, leadingBytes: [UInt8] = [], stoppedAt: Int64? = nil,
        compressedDataSetOffset: Int64? = nil, hasDICMPrefix: Bool = true
    ) {
        self.container = container
        self.preamble = preamble
        self.meta = meta
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.declaredTransferSyntaxUID = declaredTransferSyntaxUID
        self.diagnostics = diagnostics
        self.source = source
        self.dataSource = dataSource
        self.dataSetOffset = dataSetOffset
        self.leadingBytes = leadingBytes
        self.stoppedAt = stoppedAt
        self.compressedDataSetOffset = compressedDataSetOffset
        self.hasDICMPrefix = hasDICMPrefix
    }

    /// A new file holding `dataSet`, to be written in `transferSyntax`.
    public init(dataSet: DataSet, transferSyntax: TransferSyntax = .explicitVRLittleEndian) {
        let empty = MemoryByteSource([], name: "<new>")
        self.init(
            container: .part10, preamble: nil, meta: DataSet(), dataSet: dataSet, transferSyntax: transferSyntax,
            declaredTransferSyntaxUID: nil, diagnostics: [], source: empty, dataSource: empty, dataSetOffset: 0)
    }
}

extension DicomFile {
    /// Whether the file is a DICOMDIR: its File Meta names Media Storage Directory Storage
    /// (PS3.10 8.6, PS3.4 Annex I).
    public var isDirectory: Bool {
        meta.string(.mediaStorageSOPClassUID, characterSet: .defaultRepertoire) == UID.mediaStorageDirectoryStorage
    }
}
