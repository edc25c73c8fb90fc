/// One file the generator produces: where it goes under `Samples/`, its bytes, what it shows,
/// and what reading it with `DicomReader` should report.
public struct SampleFile: Sendable {
    /// Path below the samples folder, with `/` separators (e.g. `ct-study/series-1/image-1.dcm`).
    public var relativePath: String
    public var bytes: [UInt8]
    /// One line for the table in `Samples/README.md`.
    public var summary: String
    /// The diagnostic codes a lenient `DicomReader` read reports, exactly (e.g.
    /// `read.value.truncated`); empty for a well-formed file.
    public var expectedDiagnostics: [String]

    /// A sample file.
    /// - Parameters:
    ///   - relativePath: path below the samples folder.
    ///   - bytes: the file's content.
    ///   - summary: what the file shows, for the README.
    ///   - expectedDiagnostics: the diagnostic codes a read reports; empty for a good file.
    public init(relativePath: String, bytes: [UInt8], summary: String, expectedDiagnostics: [String] = []) {
        self.relativePath = relativePath
        self.bytes = bytes
        self.summary = summary
        self.expectedDiagnostics = expectedDiagnostics
    }

    /// Whether the file is a complete, well-formed Part-10 file or data set (no expected
    /// diagnostics), which peers such as dcmdump must read.
    public var isWellFormed: Bool { expectedDiagnostics.isEmpty }
}

/// Why a sample could not be generated: a bug in the generator, never a property of input.
public struct SampleError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the sample and the attribute.
    public var message: String

    /// An error with this message.
    public init(_ message: String) { self.message = message }

    public var description: String { "make-samples: \(message)" }
}
