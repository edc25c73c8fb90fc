import DICOM

/// The values key top-level attributes may take (PS3.3), in every IOD (`rules`) or in the IODs
/// with a given module (`moduleRules`, IODEnumeratedValues+Modules.swift): a value outside Enumerated Values
/// is an error, outside Defined Terms a warning (PS3.3 7.5 lets a Defined Terms list grow).
/// Empty values are left to the type 1/2 checks.
enum IODEnumeratedValues {
    /// Whether the list is closed (Enumerated Values) or open (Defined Terms).
    enum Kind {
        case enumerated
        case defined

        var severity: Severity { self == .enumerated ? .error : .warning }
        var name: String { self == .enumerated ? "Enumerated Values" : "Defined Terms" }
    }

    /// One rule: the attribute, which value (1-based; nil for every value), the allowed values;
    /// for a rule of one module, the module and the condition under which the list applies.
    struct Rule {
        let tag: Tag
        let valueNumber: Int?
        let kind: Kind
        let allowed: Set<String>
        let reference: String
        /// The module id whose table gives the list: the rule applies only in IODs with that
        /// module; nil for rules of every IOD.
        var module: String? = nil
        /// When the list applies, as PS3.3 words it; nil for always.
        var condition: String? = nil
        /// Whether the list applies to the top-level `dataSet`; nil for always.
        var applies: (@Sendable (_ dataSet: DataSet) -> Bool)? = nil
    }

    /// Modality (0008,0060), PS3.3 C.7.3.1.1.1, current and retired Defined Terms.
    static let modalities: Set<String> = [
        "ANN", "AR", "ASMT", "AU", "BDUS", "BI", "BMD", "CFM", "CR", "CT", "CTPROTOCOL", "DMS", "DG",
        "DOC", "DX", "ECG", "EEG", "EMG", "EOG", "EPS", "ES", "FID", "GM", "HC", "HD", "IO", "IOL",
        "IVOCT", "IVUS", "KER", "KO", "LEN", "LS", "MG", "MR", "M3D", "NM", "OAM", "OCT", "OP", "OPM",
        "OPT", "OPTBSV", "OPTENF", "OPV", "OSS", "OT", "PA", "PLAN", "POS", "PR", "PT", "PX", "REG",
        "RESP", "RF", "RG", "RTDOSE", "RTIMAGE", "RTINTENT", "RTPLAN", "RTRAD", "RTRECORD",
        "RTSEGANN", "RTSTRUCT", "RWV", "SEG", "SM", "SMR", "SR", "SRF", "STAIN", "TEXTUREMAP", "TG",
        "US", "VA", "XA", "XAPROTOCOL", "XC",
        // Retired (PS3.3 C.7.3.1.1.1 note), still found in archives.
        "AS", "CD", "CF", "CP", "CS", "DD", "DF", "DM", "DS", "EC", "FA", "FS", "LP", "MA", "MS",
        "OPR", "ST", "VF",
    ]

    /// Photometric Interpretation (0028,0004), PS3.3 C.7.6.3.1.2, current and retired.
    static let photometricInterpretations: Set<String> = [
        "MONOCHROME1", "MONOCHROME2", "PALETTE COLOR", "RGB", "YBR_FULL", "YBR_FULL_422",
        "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT", "XYB",
        "HSV", "ARGB", "CMYK", "YBR_PARTIAL_422",
    ]

    static let rules: [Rule] = [
        Rule(tag: .modality, valueNumber: nil, kind: .defined, allowed: modalities, reference: "PS3.3 C.7.3.1.1.1"),
        Rule(tag: .patientSex, valueNumber: nil, kind: .enumerated, allowed: ["M", "F", "O"], reference: "PS3.3 C.7.1.1"),
        Rule(
            tag: .photometricInterpretation, valueNumber: nil, kind: .defined, allowed: photometricInterpretations,
            reference: "PS3.3 C.7.6.3.1.2"),
        Rule(tag: .imageType, valueNumber: 1, kind: .enumerated, allowed: ["ORIGINAL", "DERIVED"], reference: "PS3.3 C.7.6.1.1.2"),
        Rule(tag: .imageType, valueNumber: 2, kind: .enumerated, allowed: ["PRIMARY", "SECONDARY"], reference: "PS3.3 C.7.6.1.1.2"),
        Rule(tag: .laterality, valueNumber: nil, kind: .enumerated, allowed: ["R", "L"], reference: "PS3.3 C.7.3.1"),
        Rule(tag: .imageLaterality, valueNumber: nil, kind: .enumerated, allowed: ["R", "L", "U", "B"], reference: "PS3.3 C.7.6.1"),
        Rule(tag: .burnedInAnnotation, valueNumber: nil, kind: .enumerated, allowed: ["YES", "NO"], reference: "PS3.3 C.7.6.1"),
        Rule(tag: .recognizableVisualFeatures, valueNumber: nil, kind: .enumerated, allowed: ["YES", "NO"], reference: "PS3.3 C.7.6.1"),
        Rule(tag: .lossyImageCompression, valueNumber: nil, kind: .enumerated, allowed: ["00", "01"], reference: "PS3.3 C.7.6.1.1.5"),
        Rule(tag: .presentationLUTShape, valueNumber: nil, kind: .enumerated, allowed: ["IDENTITY", "INVERSE"], reference: "PS3.3 C.7.6.1.1.6"),
        Rule(tag: .qualityControlImage, valueNumber: nil, kind: .enumerated, allowed: ["YES", "NO", "BOTH"], reference: "PS3.3 C.7.6.1"),
        Rule(tag: .patientIdentityRemoved, valueNumber: nil, kind: .enumerated, allowed: ["YES", "NO"], reference: "PS3.3 C.7.1.1"),
        Rule(tag: .anatomicalOrientationType, valueNumber: nil, kind: .enumerated, allowed: ["BIPED", "QUADRUPED"], reference: "PS3.3 C.7.3.1"),
        Rule(
            tag: .patientPosition, valueNumber: nil, kind: .defined,
            allowed: ["HFP", "HFS", "HFDR", "HFDL", "FFDR", "FFDL", "FFP", "FFS", "LFP", "LFS", "RFP", "RFS", "AFDR", "AFDL", "PFDR", "PFDL"],
            reference: "PS3.3 C.7.3.1.1.2"),
        Rule(tag: .voilutFunction, valueNumber: nil, kind: .defined, allowed: ["LINEAR", "LINEAR_EXACT", "SIGMOID"], reference: "PS3.3 C.11.2.1.3"),
        Rule(tag: .conversionType, valueNumber: nil, kind: .defined, allowed: ["DV", "DI", "DF", "WSD", "SD", "SI", "DRW", "SYN"], reference: "PS3.3 C.8.6.1"),
        // Binary values, compared as decimal numbers.
        Rule(tag: .pixelRepresentation, valueNumber: nil, kind: .enumerated, allowed: ["0", "1"], reference: "PS3.3 C.7.6.3"),
        Rule(tag: .planarConfiguration, valueNumber: nil, kind: .enumerated, allowed: ["0", "1"], reference: "PS3.3 C.7.6.3.1.3"),
    ]

    /// Adds an `iod.enumerated-value.invalid` finding for every value outside its list: the
    /// rules of every IOD, and those of the modules `iod` has (`moduleRules`).
    static func check(_ dataSet: DataSet, iod: IODDefinition, into sink: inout FindingSink) {
        let applicable = rules + moduleRules.filter { rule in
            guard let module = rule.module, iod.module(id: module) != nil else { return false }
            return rule.applies?(dataSet) ?? true
        }
        for rule in applicable {
            guard let element = dataSet[rule.tag],
                let values = [VR.US, .SS, .UL, .SL].contains(element.vr) ? element.ints?.map(String.init) : element.strings(characterSet: .defaultRepertoire)
            else { continue }
            let checked: [(number: Int, value: String)]
            if let number = rule.valueNumber {
                guard number >= 1, number <= values.count else { continue }
                checked = [(number, values[number - 1])]
            } else {
                checked = values.enumerated().map { ($0.offset + 1, $0.element) }
            }
            for (number, value) in checked where !value.isEmpty && !rule.allowed.contains(value) {
                let which = values.count > 1 || rule.valueNumber != nil ? "value \(number) of " : ""
                let expected = rule.allowed.count <= 4 ? rule.allowed.sorted().joined(separator: ", ") : "one of the \(rule.kind.name)"
                let when = rule.condition.map { " when \($0)" } ?? ""
                sink.add(Finding(
                    rule.kind.severity, "iod.enumerated-value.invalid",
                    "\(which)\(IODWalk.name(of: rule.tag)) is \"\(value)\", not one of the \(rule.kind.name) of \(rule.reference)\(when)",
                    path: TagPath.root.appending(rule.tag), offset: element.offset, found: value, expected: expected,
                    reference: rule.reference))
            }
        }
    }
}
