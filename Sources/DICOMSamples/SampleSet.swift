/// The project's own sample files (`Samples/`), generated with the `DICOM` writer from fixed
/// identities and formula-computed pixels, so that regenerating gives identical bytes. The
/// `make-samples` tool writes them; the tests regenerate them in memory and compare.
public enum SampleSet {
    /// Every DICOM sample, in README order.
    /// - Throws: `SampleError` or a writer error if a sample cannot be built (a generator bug).
    public static func dicomFiles() throws -> [SampleFile] {
        try StudySamples.ctStudy() + StudySamples.wrongPatientStudy() + EncodingSamples.characterSets()
            + EncodingSamples.transferSyntaxes() + EncodingSamples.privateTags() + DefectSamples.all()
            + StudySamples.cdFolder() + KeyObjectSamples.all() + RTSamples.all()
    }

    /// Every file of the samples folder, `README.md` included, as paths relative to the folder:
    /// `dicomFiles()`, then the planted-PHI images of `PHISamples` and documents of
    /// `PHIDocumentSamples` (kept apart: they exist for the de-identification tests).
    /// - Throws: as `dicomFiles()`.
    public static func all() throws -> [(relativePath: String, bytes: [UInt8])] {
        let files = try dicomFiles() + PHISamples.all() + PHIDocumentSamples.all()
        return files.map { ($0.relativePath, $0.bytes) } + [(readmeName, Array(readme(for: files).utf8))]
    }

    /// The name of the README in the samples folder.
    public static let readmeName = "README.md"

    /// The command that regenerates the samples, from the repository root.
    public static let regenerateCommand = "Scripts/make-samples"
}
