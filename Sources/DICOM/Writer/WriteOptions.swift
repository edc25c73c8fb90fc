/// How a file is written.
public struct WriteOptions: Sendable {
    /// What to do with the File Meta Information.
    public enum MetaPolicy: Sendable {
        /// Keep the file's meta elements as they were, changing only what must follow the data
        /// set (transfer syntax, Media Storage SOP Class/Instance UID) and then the group length.
        case preserve
        /// Write a fresh group 0002 naming dicomfix as the implementation (keeping the source
        /// and sending application entity titles and private information).
        case regenerate
    }

    /// The container written around the data set.
    public enum ContainerPolicy: Sendable {
        /// Always a Part-10 file: preamble, `DICM`, meta (created when the input had none).
        case part10
        /// As the file was read: a bare data set stays bare (lossless for such files).
        case asRead
    }

    /// The syntax to write; nil keeps the file's own.
    public var transferSyntax: TransferSyntax?
    public var meta: MetaPolicy
    public var container: ContainerPolicy
    /// zlib level for deflated output (0 to 9, -1 for zlib's default).
    public var deflateLevel: Int32

    public init(
        transferSyntax: TransferSyntax? = nil, meta: MetaPolicy = .preserve, container: ContainerPolicy = .part10,
        deflateLevel: Int32 = -1
    ) {
        self.transferSyntax = transferSyntax
        self.meta = meta
        self.container = container
        self.deflateLevel = deflateLevel
    }
}

/// The identity dicomfix writes into File Meta Information (PS3.7 D.3.3.2).
public enum Implementation {
    /// Implementation Class UID (0002,0012), a UUID-derived UID under 2.25 (PS3.5 B.2).
    public static let classUID = "2.25.207525135719364688685742878550232371099"
    /// Implementation Version Name (0002,0013): at most 16 characters.
    public static let versionName = "DICOMFIX_0_1"
}
