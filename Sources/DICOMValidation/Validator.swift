import DICOM

/// Validation of one file: the reader's problems, the Part-10 container, the encoding of every
/// element, and the file's IOD. Findings across files come from `StudyConsistency`.
public enum Validator {
    /// Every finding for one file that has been read.
    public static func validate(_ file: DicomFile, path: String) -> [Finding] {
        var sink = FindingSink(file: path)
        sink.add(contentsOf: file.diagnostics.map { Finding($0, file: path) })
        Part10Checks.check(file, into: &sink)
        // Standard attributes the file carries as UN are checked by their dictionary VR.
        let (dataSet, reinterpreted) = file.dataSet.reinterpretingKnownUN()
        if reinterpreted > 0 {
            sink.add(Finding(
                .info, "vr.un-standard-attribute",
                "\(reinterpreted) standard attribute(s) encoded as UN: checked by their dictionary VR (sequences parsed as implicit VR little endian)",
                found: "UN", reference: "PS3.5 6.2.2", file: path))
        }
        EncodingChecks.check(dataSet, characterSet: dataSet.specificCharacterSet(), into: &sink)
        if file.isDirectory {
            // A DICOMDIR: the Basic Directory IOD has no SOP Class UID in its data set.
            sink.add(Finding(
                .info, "iod.directory", "a DICOMDIR (Media Storage Directory Storage): its records are checked by `dicomfix dicomdir check`",
                reference: "PS3.10 8.6", file: path))
        } else {
            IODChecks.check(dataSet, into: &sink)
            PixelEncodingChecks.check(dataSet, transferSyntax: file.transferSyntax, into: &sink)
            MediaReadinessChecks.check(dataSet, into: &sink)
        }
        return sink.findings
    }

    /// Reads and validates the file at `path`; a file that cannot be read is one error finding.
    public static func validate(path: String) -> (findings: [Finding], summary: InstanceSummary?) {
        do {
            let file = try DicomReader.read(path: path)
            return (validate(file, path: path), InstanceSummary(file.dataSet, path: path))
        } catch let error as DICOMError {
            let code = error.code == .notDICOM ? "part10.not-dicom" : "part10.unreadable"
            return ([Finding(.error, code, error.message, offset: error.offset, reference: "PS3.10 7", file: path)], nil)
        } catch {
            return ([Finding(.error, "part10.unreadable", "\(error)", reference: "PS3.10 7", file: path)], nil)
        }
    }
}
