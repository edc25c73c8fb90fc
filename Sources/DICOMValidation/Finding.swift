import DICOM

/// One problem found by validation: how serious, a stable code, where (file, tag path, byte
/// offset), what was found against what was expected, and the part of the standard it comes from.
public struct Finding: Sendable, Hashable, Codable {
    public var severity: Severity
    /// A stable dotted code, e.g. `vr.value-too-long`, `iod.type1.missing`.
    public var code: String
    public var message: String
    /// The tag path, printed `(0008,1115)[2]/(0020,000E)`; empty for file-level findings.
    public var tagPath: String
    public var offset: Int64?
    public var found: String?
    public var expected: String?
    /// Where the rule is, e.g. `PS3.5 6.2`.
    public var reference: String
    /// The file the finding is about; for findings across files, the first file involved.
    public var file: String?
    /// Other files involved (findings across files).
    public var relatedFiles: [String]?

    public init(
        _ severity: Severity, _ code: String, _ message: String, path: TagPath = .root, offset: Int64? = nil,
        found: String? = nil, expected: String? = nil, reference: String, file: String? = nil, relatedFiles: [String]? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.tagPath = path.description
        self.offset = offset
        self.found = found
        self.expected = expected
        self.reference = reference
        self.file = file
        self.relatedFiles = relatedFiles
    }

    /// A reader diagnostic as a finding (the reader's codes start with `read.`).
    public init(_ diagnostic: Diagnostic, file: String?) {
        self.init(
            diagnostic.severity, diagnostic.code, diagnostic.message, path: diagnostic.path, offset: diagnostic.offset,
            reference: "PS3.5 7, PS3.10 7", file: file)
    }
}

/// Collects findings for one data set walk, knowing the file being checked.
public struct FindingSink: Sendable {
    public private(set) var findings: [Finding] = []
    public let file: String?

    public init(file: String?) { self.file = file }

    public mutating func add(_ finding: Finding) {
        var finding = finding
        if finding.file == nil { finding.file = file }
        findings.append(finding)
    }

    public mutating func add(contentsOf other: [Finding]) {
        for finding in other { add(finding) }
    }
}
