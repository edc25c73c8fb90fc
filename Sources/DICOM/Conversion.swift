/// Rewriting a file through the reader and writer: the `convert` job (the dcmconv job).
public enum Conversion {
    public struct Outcome: Sendable {
        /// What the reader tolerated in the input.
        public var diagnostics: [Diagnostic]
        /// The syntax written.
        public var transferSyntax: TransferSyntax
        /// What was done, in words for a report.
        public var actions: [String]
    }

    /// Reads `input` and writes it to `output` in `transferSyntax` (nil keeps the file's own:
    /// an undamaged file then comes out byte-identical). Output is always a Part-10 file; File
    /// Meta Information is kept when the syntax is kept and regenerated when it changes.
    /// - Throws: `DICOMError` when the input cannot be read, the syntax change needs pixel data
    ///   to be decoded or encoded, or the output cannot be written.
    public static func convert(input: String, output: String, transferSyntax: TransferSyntax?, inPlace: Bool = false) throws -> Outcome {
        let file = try DicomReader.read(path: input)
        let target = transferSyntax ?? file.transferSyntax
        let changes = target.uid != file.transferSyntax.uid || target.encoding != file.transferSyntax.encoding
        var actions: [String] = []
        if changes { actions.append("transcoded \(file.transferSyntax.name) -> \(target.name)") }
        if file.container != .part10 { actions.append("wrote a Part-10 file (input was \(file.container.rawValue))") }
        if file.declaredTransferSyntaxUID.map({ $0 != file.transferSyntax.uid }) ?? false {
            actions.append("transfer syntax in File Meta Information corrected to \(file.transferSyntax.name)")
        }
        let options = WriteOptions(transferSyntax: target, meta: changes || file.meta.isEmpty ? .regenerate : .preserve, container: .part10)
        try DicomWriter.write(file, toPath: output, options: options, inPlace: inPlace)
        return Outcome(diagnostics: file.diagnostics, transferSyntax: target, actions: actions)
    }
}
