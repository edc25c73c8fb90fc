import DICOM

// Hand-entered from DICOM PS3.3 2024b: the Enumerated Values a module's table sets for
// attributes other modules define more loosely (the Image Pixel module allows any Bits Allocated;
// the US Image module allows 8, or 16 for palette color). ../shared/standard has the 2020
// attribute tables without their descriptions, so these lists are not generated.

extension IODEnumeratedValues {
    /// Photometric Interpretations of one sample per pixel in the US Image module.
    static let usOneSample: Set<String> = ["MONOCHROME2", "PALETTE COLOR"]
    /// Photometric Interpretations of three samples per pixel in the US Image module.
    static let usThreeSamples: Set<String> = [
        "RGB", "YBR_FULL", "YBR_FULL_422", "YBR_PARTIAL_422", "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT",
    ]

    /// The rules of single modules, applied in the IODs that have the module.
    static let moduleRules: [Rule] = usImageRules

    /// US Image module (PS3.3 C.8.5.6.1): Samples per Pixel follows the Photometric
    /// Interpretation; 8-bit samples, or 8 or 16 bits for palette color; unsigned pixels.
    static let usImageRules: [Rule] = {
        let reference = "PS3.3 C.8.5.6.1"
        let palette = "Photometric Interpretation (0028,0004) is PALETTE COLOR"
        let notPalette = "Photometric Interpretation (0028,0004) is not PALETTE COLOR"
        func rule(_ tag: Tag, _ allowed: Set<String>, when condition: String?, _ applies: (@Sendable (DataSet) -> Bool)?) -> Rule {
            Rule(
                tag: tag, valueNumber: nil, kind: .enumerated, allowed: allowed, reference: reference, module: "us-image",
                condition: condition, applies: applies)
        }
        return [
            rule(.samplesPerPixel, ["1"], when: "Photometric Interpretation (0028,0004) is MONOCHROME2 or PALETTE COLOR") {
                usOneSample.contains(photometric($0) ?? "")
            },
            rule(.samplesPerPixel, ["3"], when: "Photometric Interpretation (0028,0004) is RGB or YBR") {
                usThreeSamples.contains(photometric($0) ?? "")
            },
            rule(.bitsAllocated, ["8"], when: notPalette) { hasPhotometric($0) && !isPalette($0) },
            rule(.bitsAllocated, ["8", "16"], when: palette) { isPalette($0) },
            rule(.bitsStored, ["8"], when: notPalette) { hasPhotometric($0) && !isPalette($0) },
            rule(.bitsStored, ["8", "16"], when: palette) { isPalette($0) },
            rule(.highBit, ["7"], when: notPalette) { hasPhotometric($0) && !isPalette($0) },
            rule(.highBit, ["7", "15"], when: palette) { isPalette($0) },
            rule(.pixelRepresentation, ["0"], when: nil, nil),
        ]
    }()

    private static func photometric(_ dataSet: DataSet) -> String? {
        dataSet.string(.photometricInterpretation, characterSet: .defaultRepertoire)
    }

    private static func isPalette(_ dataSet: DataSet) -> Bool { photometric(dataSet) == "PALETTE COLOR" }

    private static func hasPhotometric(_ dataSet: DataSet) -> Bool { !(photometric(dataSet) ?? "").isEmpty }
}
