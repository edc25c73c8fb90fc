import DICOM

/// A Directory Record Type (0004,1430) of the Basic Directory IOD and the keys its records carry
/// (PS3.3 F.3.2.2 and the record definitions of F.5).
public struct DirectoryRecordType: Hashable, Sendable, CustomStringConvertible {
    /// The defined term, e.g. `PATIENT`, `SR DOCUMENT`.
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }

    public static let patient = DirectoryRecordType("PATIENT")
    public static let study = DirectoryRecordType("STUDY")
    public static let series = DirectoryRecordType("SERIES")
    public static let image = DirectoryRecordType("IMAGE")

    /// Where a record of this type sits in the patient hierarchy (PS3.3 F.4): 0 patient,
    /// 1 study, 2 series, 3 an instance, nil for the record types that stand at the root on their
    /// own (hanging protocols, palettes, implant templates, private records).
    public var level: Int? {
        switch name {
        case "PATIENT": 0
        case "STUDY": 1
        case "SERIES": 2
        case "HANGING PROTOCOL", "PALETTE", "IMPLANT", "IMPLANT ASSY", "IMPLANT GROUP", "PRIVATE": nil
        default: 3
        }
    }

    /// Whether the record type is one of PS3.3 F.3.2.2's defined terms.
    public var isDefined: Bool { name == "PRIVATE" || Self.keyTable[name] != nil }

    /// The record types allowed directly below a record of this type (PS3.3 F.4, Figure F.4-1);
    /// for the root entity use `allowedAtRoot`.
    public func allowsChild(_ child: DirectoryRecordType) -> Bool {
        if child.name == "PRIVATE" { return true }
        switch name {
        case "PATIENT": return child == .study
        case "STUDY": return child == .series
        case "SERIES": return child.level == 3
        case "PRIVATE": return true
        default: return false
        }
    }

    /// Whether a record of this type may be in the root directory entity.
    public var allowedAtRoot: Bool { level == 0 || level == nil }

    /// The keys of a record of this type, in the order they are listed in PS3.3 F.5 (the
    /// Specific Character Set, Referenced File ID and SOP references common to every record are
    /// handled apart).
    public var keys: [RecordKey] { Self.keyTable[name] ?? [] }

    /// The record type for an instance of `sopClassUID` (PS3.3 F.4 and Table F.4-1, the
    /// mapping dcmmkdir and pydicom also apply): images get IMAGE records, structured reports
    /// SR DOCUMENT, and so on. `modality` tells second-generation radiotherapy objects apart.
    public static func forInstance(sopClassUID: String, modality: String?) -> DirectoryRecordType {
        if let modality, ["RTINTENT", "RTSEGANN", "RTRAD"].contains(modality) { return DirectoryRecordType("RADIOTHERAPY") }
        let keyword = UIDRegistry.entry(for: sopClassUID)?.keyword.description ?? ""
        if let exact = exactTypes[keyword] { return DirectoryRecordType(exact) }
        if keyword.contains("PresentationState") { return DirectoryRecordType("PRESENTATION") }
        if keyword.hasSuffix("SRStorage") { return DirectoryRecordType("SR DOCUMENT") }
        if keyword.hasPrefix("Encapsulated") { return DirectoryRecordType("ENCAP DOC") }
        if keyword.contains("Waveform") { return DirectoryRecordType("WAVEFORM") }
        if keyword.hasSuffix("TreatmentRecordStorage") || keyword.hasSuffix("TreatmentSummaryRecordStorage") {
            return DirectoryRecordType("RT TREAT RECORD")
        }
        if keyword.hasSuffix("MeasurementsStorage") { return DirectoryRecordType("MEASUREMENT") }
        if keyword.hasPrefix("SurfaceScan") { return DirectoryRecordType("SURFACE SCAN") }
        return .image
    }

    private static let exactTypes: [String: String] = [
        "KeyObjectSelectionDocumentStorage": "KEY OBJECT DOC",
        "BasicStructuredDisplayStorage": "PRESENTATION",
        "ProcedureLogStorage": "SR DOCUMENT",
        "SpectaclePrescriptionReportStorage": "SR DOCUMENT",
        "MacularGridThicknessAndVolumeReportStorage": "SR DOCUMENT",
        "RTDoseStorage": "RT DOSE",
        "RTStructureSetStorage": "RT STRUCTURE SET",
        "RTPlanStorage": "RT PLAN",
        "RTIonPlanStorage": "RT PLAN",
        "MRSpectroscopyStorage": "SPECTROSCOPY",
        "RawDataStorage": "RAW DATA",
        "SpatialRegistrationStorage": "REGISTRATION",
        "DeformableSpatialRegistrationStorage": "REGISTRATION",
        "SpatialFiducialsStorage": "FIDUCIAL",
        "RealWorldValueMappingStorage": "VALUE MAP",
        "StereometricRelationshipStorage": "STEREOMETRIC",
        "SurfaceSegmentationStorage": "SURFACE",
        "TractographyResultsStorage": "TRACT",
        "ContentAssessmentResultsStorage": "ASSESSMENT",
        "HangingProtocolStorage": "HANGING PROTOCOL",
        "ColorPaletteStorage": "PALETTE",
        "GenericImplantTemplateStorage": "IMPLANT",
        "ImplantAssemblyTemplateStorage": "IMPLANT ASSY",
        "ImplantTemplateGroupStorage": "IMPLANT GROUP",
    ]

    private static let contentIdentification: [RecordKey] = [
        .init(.instanceNumber, .required), .init(.contentLabel, .required),
        .init(.contentDescription, .requiredMayBeEmpty), .init(.contentCreatorName, .requiredMayBeEmpty),
    ]
    private static let contentDateTime: [RecordKey] = [.init(.contentDate, .required), .init(.contentTime, .required)]

    /// PS3.3 F.5.1 to F.5.41, the keys of each record type.
    private static let keyTable: [String: [RecordKey]] = [
        "PATIENT": [.init(.patientName, .requiredMayBeEmpty), .init(.patientID, .required)],
        "STUDY": [
            .init(.studyDate, .required), .init(.studyTime, .required), .init(.studyDescription, .requiredMayBeEmpty),
            .init(.studyInstanceUID, .required), .init(.studyID, .required), .init(.accessionNumber, .requiredMayBeEmpty),
        ],
        "SERIES": [.init(.modality, .required), .init(.seriesInstanceUID, .required), .init(.seriesNumber, .required)],
        "IMAGE": [.init(.instanceNumber, .required)],
        "RT DOSE": [.init(.instanceNumber, .required), .init(.doseSummationType, .required), .init(.doseComment, .ifPresent)],
        "RT STRUCTURE SET": [
            .init(.instanceNumber, .required), .init(.structureSetLabel, .required),
            .init(.structureSetDate, .requiredMayBeEmpty), .init(.structureSetTime, .requiredMayBeEmpty),
        ],
        "RT PLAN": [
            .init(.instanceNumber, .required), .init(.rtPlanLabel, .required), .init(.rtPlanDate, .requiredMayBeEmpty),
            .init(.rtPlanTime, .requiredMayBeEmpty),
        ],
        "RT TREAT RECORD": [
            .init(.instanceNumber, .required), .init(.treatmentDate, .requiredMayBeEmpty), .init(.treatmentTime, .requiredMayBeEmpty),
        ],
        "PRESENTATION": [.init(.presentationCreationDate, .required), .init(.presentationCreationTime, .required)]
            + contentIdentification + [.init(.referencedSeriesSequence, .ifPresent), .init(.blendingSequence, .ifPresent)],
        "WAVEFORM": [.init(.instanceNumber, .required)] + contentDateTime,
        "SR DOCUMENT": [
            .init(.instanceNumber, .required), .init(.completionFlag, .required), .init(.verificationFlag, .required),
        ] + contentDateTime + [
            .init(.verificationDateTime, .ifPresent), .init(.conceptNameCodeSequence, .required),
            .init(.contentSequence, .conceptModifiers),
        ],
        "KEY OBJECT DOC": [.init(.instanceNumber, .required)] + contentDateTime + [
            .init(.conceptNameCodeSequence, .required), .init(.contentSequence, .conceptModifiers),
        ],
        "SPECTROSCOPY": [.init(.imageType, .required)] + contentDateTime + [
            .init(.instanceNumber, .required), .init(.referencedImageEvidenceSequence, .ifPresent),
            .init(.numberOfFrames, .required), .init(.rows, .required), .init(.columns, .required),
            .init(.dataPointRows, .required), .init(.dataPointColumns, .required),
        ],
        "RAW DATA": [.init(.instanceNumber, .required)] + contentDateTime,
        "REGISTRATION": contentDateTime + contentIdentification,
        "FIDUCIAL": contentDateTime + contentIdentification,
        "VALUE MAP": contentDateTime + contentIdentification,
        "MEASUREMENT": contentDateTime + contentIdentification,
        "SURFACE": contentDateTime + contentIdentification,
        "TRACT": contentDateTime + contentIdentification,
        "SURFACE SCAN": contentDateTime,
        "STEREOMETRIC": [],
        "PLAN": [],
        "ENCAP DOC": [
            .init(.contentDate, .requiredMayBeEmpty), .init(.contentTime, .requiredMayBeEmpty), .init(.instanceNumber, .required),
            .init(.documentTitle, .requiredMayBeEmpty), .init(.hl7InstanceIdentifier, .ifPresent),
            .init(.conceptNameCodeSequence, .requiredMayBeEmpty), .init(.mimeTypeOfEncapsulatedDocument, .required),
        ],
        "ASSESSMENT": [
            .init(.instanceNumber, .required), .init(.instanceCreationDate, .required), .init(.instanceCreationTime, .requiredMayBeEmpty),
        ],
        "RADIOTHERAPY": [
            .init(.instanceNumber, .required), .init(.userContentLabel, .ifPresent), .init(.userContentLongLabel, .ifPresent),
            .init(.contentDescription, .requiredMayBeEmpty), .init(.contentCreatorName, .requiredMayBeEmpty),
        ],
        "HANGING PROTOCOL": [
            .init(.hangingProtocolCreator, .required), .init(.hangingProtocolCreationDateTime, .required),
            .init(.hangingProtocolDefinitionSequence, .required), .init(.numberOfPriorsReferenced, .required),
            .init(.hangingProtocolUserIdentificationCodeSequence, .requiredMayBeEmpty),
        ],
        "PALETTE": [.init(.contentLabel, .required), .init(.contentDescription, .requiredMayBeEmpty)],
        "IMPLANT": [
            .init(.manufacturer, .required), .init(.implantName, .required), .init(.implantSize, .ifPresent),
            .init(.implantPartNumber, .required),
        ],
        "IMPLANT ASSY": [
            .init(.implantAssemblyTemplateName, .required), .init(.manufacturer, .required),
            .init(.procedureTypeCodeSequence, .required),
        ],
        "IMPLANT GROUP": [.init(.implantTemplateGroupName, .required), .init(.implantTemplateGroupIssuer, .required)],
    ]
}

/// One key of a directory record and how it must be filled (PS3.3 F.5, types 1, 2, 1C and 3).
public struct RecordKey: Sendable {
    public enum Requirement: Sendable {
        /// Type 1: present with a value.
        case required
        /// Type 2: present, possibly empty.
        case requiredMayBeEmpty
        /// Types 1C and 3 whose condition is "present in the instance": copied when it is.
        case ifPresent
        /// The Content Sequence of SR and key object records (type 1C): the top-level content
        /// items with relationship HAS CONCEPT MOD, when there are any.
        case conceptModifiers
    }

    public let tag: Tag
    public let requirement: Requirement

    public init(_ tag: Tag, _ requirement: Requirement) {
        self.tag = tag
        self.requirement = requirement
    }
}
