import DICOM

/// A type 1C or 2C attribute of a module whose condition (PS3.3) can be evaluated from the
/// data set alone. The tables dicomfix is generated from drop the condition texts, so these are
/// written by hand, each with the words of the standard; conditions that need knowledge the
/// data set does not hold ("if the aspect ratio is not 1:1", "if the patient is a non-human
/// organism") are not here and not checked.
struct ConditionalRule: Sendable {
    let module: String
    let tag: Tag
    /// The condition, as PS3.3 words it.
    let condition: String
    let reference: String
    /// "It shall not be present otherwise."
    let forbiddenOtherwise: Bool
    /// Whether the attribute is one of the module's sequence items (at any depth) rather than a
    /// top-level attribute; its condition is still evaluated on the top-level data set.
    let inItems: Bool
    /// Whether the attribute is required in an instance of `iod` whose top-level data set is
    /// `dataSet`; nil when the data set does not hold what the condition needs (Laterality when
    /// the body part examined is not given): the attribute is then neither required nor refused.
    let isRequired: @Sendable (_ dataSet: DataSet, _ iod: IODDefinition) -> Bool?
}

/// The conditional attributes dicomfix evaluates, by module id and tag.
enum IODConditions {
    static func rule(module: String, tag: Tag) -> ConditionalRule? { rules[module]?[tag] }

    private static let rules: [String: [Tag: ConditionalRule]] = {
        var table: [String: [Tag: ConditionalRule]] = [:]
        for rule in all { table[rule.module, default: [:]][rule.tag] = rule }
        return table
    }()

    // MARK: Predicates over the data set

    private static func has(_ dataSet: DataSet, _ tag: Tag) -> Bool { dataSet.contains(tag) }

    private static func code(_ dataSet: DataSet, _ tag: Tag) -> String? {
        dataSet.string(tag, characterSet: .defaultRepertoire).map { String($0.filter { $0 != " " }).uppercased() }
    }

    private static func unsigned(_ dataSet: DataSet, _ tag: Tag) -> Int? {
        guard let bytes = dataSet[tag]?.inlineBytes, bytes.count >= 2 else { return nil }
        return Int(bytes[0]) | Int(bytes[1]) << 8
    }

    /// The tags an AT attribute points at (Frame Increment Pointer).
    private static func pointers(_ dataSet: DataSet, _ tag: Tag) -> [Tag] {
        guard let bytes = dataSet[tag]?.inlineBytes else { return [] }
        var tags: [Tag] = []
        var index = 0
        while index + 3 < bytes.count {
            let group = UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
            let element = UInt16(bytes[index + 2]) | UInt16(bytes[index + 3]) << 8
            tags.append(Tag(group, element))
            index += 4
        }
        return tags
    }

    private static let pixelData = Tag(0x7FE0, 0x0010)
    private static let floatPixelData = Tag(0x7FE0, 0x0008)
    private static let doubleFloatPixelData = Tag(0x7FE0, 0x0009)
    private static let pixelDataProviderURL = Tag(0x0028, 0x7FE0)
    private static let samplesPerPixel = Tag(0x0028, 0x0002)
    private static let photometricInterpretation = Tag(0x0028, 0x0004)
    private static let frameIncrementPointer = Tag(0x0028, 0x0009)
    private static let patientIdentityRemoved = Tag(0x0012, 0x0062)
    private static let deidentificationMethod = Tag(0x0012, 0x0063)
    private static let deidentificationMethodCodes = Tag(0x0012, 0x0064)
    private static let patientOrientationCodes = Tag(0x0054, 0x0410)
    private static let windowCenter = Tag(0x0028, 0x1050)
    private static let rescaleIntercept = Tag(0x0028, 0x1052)
    private static let modalityLUTSequence = Tag(0x0028, 0x3000)
    private static let rtPlanGeometry = Tag(0x300A, 0x000C)

    /// The SOP classes whose images need Patient Position (PS3.3 C.7.3.1): CT, MR, Enhanced CT,
    /// Enhanced MR, MR Spectroscopy, Enhanced Color MR.
    private static let patientPositionClasses: Set<String> = [
        "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.4.1",
        "1.2.840.10008.5.1.4.1.1.4.2", "1.2.840.10008.5.1.4.1.1.4.3",
    ]

    private static func identityRemoved(_ dataSet: DataSet) -> Bool { code(dataSet, patientIdentityRemoved) == "YES" }

    /// Laterality (0020,0060), PS3.3 C.7.3.1: required for a paired body part unless the image,
    /// the frames or the measurements carry their own laterality; not required (and so not
    /// allowed) for an unpaired one or when one of those is there; nil when the body part is not
    /// given by a Body Part Examined term of `BodyPartLaterality`.
    static func lateralityRequired(_ dataSet: DataSet) -> Bool? {
        if has(dataSet, .imageLaterality) || has(dataSet, .measurementLaterality) || hasFrameLaterality(dataSet) { return false }
        switch BodyPartLaterality(bodyPartOf: dataSet) {
        case .paired: return true
        case .unpaired: return false
        case nil: return nil
        }
    }

    /// Whether an item of the Shared or Per-Frame Functional Groups Sequence has a Frame Anatomy
    /// Sequence (0020,9071) item with Frame Laterality (0020,9072) (PS3.3 C.7.6.16.2.8).
    private static func hasFrameLaterality(_ dataSet: DataSet) -> Bool {
        for groups in [Tag.sharedFunctionalGroupsSequence, .perFrameFunctionalGroupsSequence] {
            guard let element = dataSet[groups], element.isSequence else { continue }
            for group in element.items {
                guard let anatomy = group.dataSet[.frameAnatomySequence], anatomy.isSequence else { continue }
                if anatomy.items.contains(where: { $0.dataSet.contains(.frameLaterality) }) { return true }
            }
        }
        return false
    }

    private static func hasPixelData(_ dataSet: DataSet) -> Bool {
        has(dataSet, pixelData) || has(dataSet, floatPixelData) || has(dataSet, doubleFloatPixelData)
    }

    private static func rule(
        _ module: String, _ tag: Tag, _ reference: String, _ condition: String, forbiddenOtherwise: Bool = false,
        inItems: Bool = false, _ isRequired: @escaping @Sendable (DataSet, IODDefinition) -> Bool?
    ) -> ConditionalRule {
        ConditionalRule(
            module: module, tag: tag, condition: condition, reference: reference, forbiddenOtherwise: forbiddenOtherwise,
            inItems: inItems, isRequired: isRequired)
    }

    private static let all: [ConditionalRule] = [
        // Image Pixel (C.7.6.3)
        rule("image-pixel", pixelData, "PS3.3 C.7.6.3", "Pixel Data Provider URL (0028,7FE0) is not present") { ds, _ in
            !has(ds, pixelDataProviderURL) && !has(ds, floatPixelData) && !has(ds, doubleFloatPixelData)
        },
        rule(
            "image-pixel", Tag(0x0028, 0x0006), "PS3.3 C.7.6.3", "Samples per Pixel (0028,0002) has a value greater than 1",
            forbiddenOtherwise: true
        ) { ds, _ in (unsigned(ds, samplesPerPixel) ?? 1) > 1 },
        rule("image-pixel", Tag(0x0028, 0x1101), "PS3.3 C.7.6.3", "Photometric Interpretation (0028,0004) is PALETTE COLOR") { ds, _ in
            code(ds, photometricInterpretation) == "PALETTECOLOR"
        },
        rule("image-pixel", Tag(0x0028, 0x1102), "PS3.3 C.7.6.3", "Photometric Interpretation (0028,0004) is PALETTE COLOR") { ds, _ in
            code(ds, photometricInterpretation) == "PALETTECOLOR"
        },
        rule("image-pixel", Tag(0x0028, 0x1103), "PS3.3 C.7.6.3", "Photometric Interpretation (0028,0004) is PALETTE COLOR") { ds, _ in
            code(ds, photometricInterpretation) == "PALETTECOLOR"
        },
        // General Series (C.7.3.1)
        rule(
            "general-series", Tag(0x0018, 0x5100), "PS3.3 C.7.3.1",
            "the SOP class is CT, MR, Enhanced CT, Enhanced MR, Enhanced Color MR or MR Spectroscopy and Patient Orientation Code Sequence (0054,0410) is not present"
        ) { ds, _ in
            patientPositionClasses.contains(ds.string(.sopClassUID, characterSet: .defaultRepertoire) ?? "") && !has(ds, patientOrientationCodes)
        },
        rule(
            "general-series", .laterality, "PS3.3 C.7.3.1",
            "the body part examined (Body Part Examined (0018,0015)) is a paired structure and Image Laterality (0020,0062), Frame Laterality (0020,9072) and Measurement Laterality (0024,0113) are not present",
            forbiddenOtherwise: true
        ) { ds, _ in lateralityRequired(ds) },
        // General Image (C.7.6.1)
        rule(
            "general-image", Tag(0x0020, 0x0020), "PS3.3 C.7.6.1",
            "the image does not require Image Orientation (Patient) (0020,0037) and Image Position (Patient) (0020,0032)"
        ) { _, iod in
            let hasImagePlane = iod.modules.contains { entry in
                guard entry.module.id == "image-plane" else { return false }
                if case .mandatory = entry.usage { return true }
                return false
            }
            // Enhanced multi-frame IODs carry orientation and position in the Plane Orientation
            // and Plane Position functional groups (PS3.3 C.7.6.16.2.3-4); whether those are
            // required may depend on the Frame of Reference: not evaluated, so not required here.
            let hasPlaneFunctionalGroups = iod.functionalGroupMacros.contains { $0.macro.id == "plane-orientation-patient" }
            return !hasImagePlane && !hasPlaneFunctionalGroups
        },
        // Patient (C.7.1.1)
        rule(
            "patient", deidentificationMethod, "PS3.3 C.7.1.1",
            "Patient Identity Removed (0012,0062) is YES and De-identification Method Code Sequence (0012,0064) is not present"
        ) { ds, _ in identityRemoved(ds) && !has(ds, deidentificationMethodCodes) },
        rule(
            "patient", deidentificationMethodCodes, "PS3.3 C.7.1.1",
            "Patient Identity Removed (0012,0062) is YES and De-identification Method (0012,0063) is not present"
        ) { ds, _ in identityRemoved(ds) && !has(ds, deidentificationMethod) },
        // VOI LUT (C.11.2) and Modality LUT (C.11.1)
        rule("voi-lut", Tag(0x0028, 0x1051), "PS3.3 C.11.2", "Window Center (0028,1050) is present") { ds, _ in has(ds, windowCenter) },
        rule("modality-lut", Tag(0x0028, 0x1053), "PS3.3 C.11.1", "Rescale Intercept (0028,1052) is present") { ds, _ in has(ds, rescaleIntercept) },
        rule("modality-lut", Tag(0x0028, 0x1054), "PS3.3 C.11.1", "Rescale Intercept (0028,1052) is present") { ds, _ in has(ds, rescaleIntercept) },
        rule(
            "modality-lut", rescaleIntercept, "PS3.3 C.11.1", "Modality LUT Sequence (0028,3000) is not present", forbiddenOtherwise: true
        ) { ds, _ in !has(ds, modalityLUTSequence) },
        // Cine (C.7.6.5)
        rule("cine", Tag(0x0018, 0x1063), "PS3.3 C.7.6.5", "Frame Increment Pointer (0028,0009) points to Frame Time (0018,1063)") { ds, _ in
            pointers(ds, frameIncrementPointer).contains(Tag(0x0018, 0x1063))
        },
        rule("cine", Tag(0x0018, 0x1065), "PS3.3 C.7.6.5", "Frame Increment Pointer (0028,0009) points to Frame Time Vector (0018,1065)") { ds, _ in
            pointers(ds, frameIncrementPointer).contains(Tag(0x0018, 0x1065))
        },
        // RT General Plan (C.8.8.9) and RT Dose (C.8.8.3)
        rule("rt-general-plan", Tag(0x300C, 0x0060), "PS3.3 C.8.8.9", "RT Plan Geometry (300A,000C) is PATIENT") { ds, _ in
            code(ds, rtPlanGeometry) == "PATIENT"
        },
        rule("rt-dose", Tag(0x3004, 0x000E), "PS3.3 C.8.8.3", "Pixel Data (7FE0,0010) is present") { ds, _ in hasPixelData(ds) },
        rule("rt-dose", samplesPerPixel, "PS3.3 C.8.8.3", "Pixel Data (7FE0,0010) is present") { ds, _ in hasPixelData(ds) },
        rule("rt-dose", photometricInterpretation, "PS3.3 C.8.8.3", "Pixel Data (7FE0,0010) is present") { ds, _ in hasPixelData(ds) },
        rule("rt-dose", Tag(0x0028, 0x0100), "PS3.3 C.8.8.3", "Pixel Data (7FE0,0010) is present") { ds, _ in hasPixelData(ds) },
        rule("rt-dose", Tag(0x0028, 0x0101), "PS3.3 C.8.8.3", "Pixel Data (7FE0,0010) is present") { ds, _ in hasPixelData(ds) },
        rule("rt-dose", Tag(0x0028, 0x0102), "PS3.3 C.8.8.3", "Pixel Data (7FE0,0010) is present") { ds, _ in hasPixelData(ds) },
        rule("rt-dose", Tag(0x0028, 0x0103), "PS3.3 C.8.8.3", "Pixel Data (7FE0,0010) is present") { ds, _ in hasPixelData(ds) },
        // Waveform (C.10.9): in each Waveform Sequence (5400,0100) item; may be present otherwise.
        rule(
            "waveform", .multiplexGroupTimeOffset, "PS3.3 C.10.9", "Acquisition Time Synchronized (0018,1800) is Y", inItems: true
        ) { ds, _ in code(ds, .acquisitionTimeSynchronized) == "Y" },
    ]
}
