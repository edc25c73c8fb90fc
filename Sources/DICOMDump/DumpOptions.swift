import DICOM

/// What a dump shows.
public struct DumpOptions: Sendable {
    /// Longest value text printed before it is cut with `...`; 0 prints values whole.
    public var maxValueLength: Int = 64
    /// Print the File Meta Information group.
    public var showMeta: Bool = true
    /// Print each element's byte offset in the file.
    public var showOffsets: Bool = false
    /// Print the reader's diagnostics after the elements.
    public var showDiagnostics: Bool = false

    public init(maxValueLength: Int = 64, showMeta: Bool = true, showOffsets: Bool = false, showDiagnostics: Bool = false) {
        self.maxValueLength = maxValueLength
        self.showMeta = showMeta
        self.showOffsets = showOffsets
        self.showDiagnostics = showDiagnostics
    }
}
