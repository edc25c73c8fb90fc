/// Writing the data set alone, without preamble and File Meta Information: what a network
/// transfer sends (PS3.7 6.3.1, PS3.8 Annex E).
extension DicomWriter {
    /// Writes the data set of `file` encoded in `syntax` to `sink` (deflated when `syntax` is
    /// Deflated Explicit VR Little Endian). Values left in the file are copied from it in chunks.
    /// - Throws: `DICOMError.unsupported` when the change of syntax would need pixel data to be
    ///   compressed or decompressed, or the file was read only in part and must be transcoded;
    ///   I/O errors from the sink or the source.
    public static func writeDataSet(of file: DicomFile, in syntax: TransferSyntax, to sink: any ByteSink, deflateLevel: Int32 = -1) throws {
        let hasFragments = file.dataSet.elements.contains {
            if case .encapsulated = $0.value { return true }
            return false
        }
        if hasFragments && syntax.uid != file.transferSyntax.uid {
            throw DICOMError(
                .unsupported,
                "pixel data is compressed (\(file.transferSyntax.name)): it can only be sent in that transfer syntax, not \(syntax.name)",
                file: file.path)
        }
        if syntax.isEncapsulated && syntax.uid != file.transferSyntax.uid {
            throw DICOMError(.unsupported, "dicomfix does not compress pixel data: cannot encode \(syntax.name)", file: file.path)
        }
        let target: any ByteSink = syntax.isDeflated ? try DeflatingSink(target: sink, level: deflateLevel) : sink
        try DataSetEncoder(encoding: syntax.encoding, sink: target).write(file.dataSet)
        if let stop = file.stoppedAt {
            guard syntax.encoding == file.transferSyntax.encoding else {
                throw DICOMError(.unsupported, "the file was read only up to offset \(stop): read it whole to change its transfer syntax", file: file.path)
            }
            try target.copy(from: file.dataSource, offset: stop, length: file.dataSource.count - stop)
        }
        if syntax.isDeflated { try target.finish() }
    }
}
