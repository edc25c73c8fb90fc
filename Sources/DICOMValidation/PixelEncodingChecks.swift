import DICOM

/// The Image Pixel attributes against the transfer syntax that encodes the pixel data (PS3.5
/// 8.2): each compression process allows only some Photometric Interpretations, by Samples per
/// Pixel, because the attributes describe the compressed stream, not the pixels it came from.
///
/// Native (uncompressed) pixel data is not held to a list: PS3.3 C.7.6.3.1.2 defines the native
/// layout of every value it lists, YBR_FULL_422 included. Syntaxes whose section gives no table
/// here (MPEG-4, HEVC, High-Throughput JPEG 2000, JPEG XL, deflated frames) are not checked.
enum PixelEncodingChecks {
    /// One family of transfer syntaxes and the values PS3.5 allows for 1 and 3 samples per pixel.
    struct Constraint: Sendable {
        let name: String
        let reference: String
        let oneSample: Set<String>
        let threeSamples: Set<String>
    }

    private static let monochrome: Set<String> = ["MONOCHROME1", "MONOCHROME2"]
    private static let monochromeOrPalette: Set<String> = ["MONOCHROME1", "MONOCHROME2", "PALETTE COLOR"]

    private static let jpegLossy = Constraint(
        name: "JPEG lossy", reference: "PS3.5 8.2.1", oneSample: monochrome, threeSamples: ["YBR_FULL_422", "RGB"])
    private static let jpegLossless = Constraint(
        name: "JPEG lossless", reference: "PS3.5 8.2.1", oneSample: monochromeOrPalette, threeSamples: ["RGB", "YBR_FULL"])
    private static let rle = Constraint(
        name: "RLE Lossless", reference: "PS3.5 8.2.2", oneSample: monochromeOrPalette, threeSamples: ["RGB", "YBR_FULL"])
    private static let jpegLSLossless = Constraint(
        name: "JPEG-LS lossless", reference: "PS3.5 8.2.3", oneSample: monochromeOrPalette, threeSamples: ["RGB", "YBR_FULL"])
    private static let jpegLSNearLossless = Constraint(
        name: "JPEG-LS near-lossless", reference: "PS3.5 8.2.3", oneSample: monochrome, threeSamples: ["RGB", "YBR_FULL"])
    // YBR_FULL_422 in JPEG 2000 is allowed since CP-2650.
    private static let jpeg2000Lossless = Constraint(
        name: "JPEG 2000 lossless", reference: "PS3.5 8.2.4", oneSample: monochromeOrPalette,
        threeSamples: ["RGB", "YBR_FULL", "YBR_RCT", "YBR_FULL_422"])
    private static let jpeg2000 = Constraint(
        name: "JPEG 2000", reference: "PS3.5 8.2.4", oneSample: monochrome,
        threeSamples: ["RGB", "YBR_FULL", "YBR_RCT", "YBR_ICT", "YBR_FULL_422"])
    private static let mpeg2 = Constraint(
        name: "MPEG2", reference: "PS3.5 8.2.5", oneSample: [], threeSamples: ["YBR_PARTIAL_420"])

    /// The constraint for a transfer syntax UID, nil for native pixel data and unchecked syntaxes.
    static func constraint(forTransferSyntax uid: String) -> Constraint? {
        switch uid {
        case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51": jpegLossy
        case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70": jpegLossless
        case "1.2.840.10008.1.2.5": rle
        case "1.2.840.10008.1.2.4.80": jpegLSLossless
        case "1.2.840.10008.1.2.4.81": jpegLSNearLossless
        case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.92": jpeg2000Lossless
        case "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.93": jpeg2000
        case "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101": mpeg2
        default: nil
        }
    }

    /// Adds a finding when the top-level Photometric Interpretation is not one the transfer
    /// syntax allows for its Samples per Pixel; values outside PS3.3's list, and Samples per
    /// Pixel other than 1 and 3, are left to the enumerated-value checks.
    static func check(_ dataSet: DataSet, transferSyntax: TransferSyntax, into sink: inout FindingSink) {
        guard transferSyntax.isEncapsulated, dataSet.contains(.pixelData),
            let constraint = constraint(forTransferSyntax: transferSyntax.uid),
            let value = dataSet.string(.photometricInterpretation, characterSet: .defaultRepertoire),
            IODEnumeratedValues.photometricInterpretations.contains(value),
            let samples = dataSet.int(.samplesPerPixel)
        else { return }
        let allowed: Set<String>
        switch samples {
        case 1: allowed = constraint.oneSample
        case 3: allowed = constraint.threeSamples
        default: return
        }
        guard !allowed.contains(value) else { return }
        let expected = allowed.isEmpty ? "3 samples per pixel" : allowed.sorted().joined(separator: " or ")
        sink.add(Finding(
            .error, "pixel.photometric-interpretation.transfer-syntax",
            "Photometric Interpretation \(value) does not describe \(constraint.name) pixel data with \(samples) sample\(samples == 1 ? "" : "s") per pixel (\(transferSyntax.name))",
            path: TagPath.root.appending(.photometricInterpretation), offset: dataSet[.photometricInterpretation]?.offset,
            found: value, expected: expected, reference: constraint.reference))
    }
}
