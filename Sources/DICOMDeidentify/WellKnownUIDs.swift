import DICOM

/// UIDs that name things of the standard or of terminologies, not instances, and so are kept
/// by every de-identification (PS3.15 E.3.9 note 4: structural UIDs are never replaced): the
/// UIDs of the DICOM registry (PS3.6 Annex A), anything else under the DICOM root
/// `1.2.840.10008`, and the UIDs of the coding schemes of PS3.16 Table 8-1 that are not DICOM's
/// own (HL7 OIDs of SNOMED CT, LOINC, UCUM and others).
enum WellKnownUIDs {
    /// Coding scheme UIDs of PS3.16 Table 8-1 outside the DICOM root (hand-entered from the
    /// standard; the DICOM ones are in the registry already).
    static let codingSchemes: Set<String> = [
        "2.16.840.1.113883.6.96",  // SCT, SRT: SNOMED CT
        "2.16.840.1.113883.6.51",  // SNM3: SNOMED Version 3
        "2.16.840.1.113883.6.1",  // LN: LOINC
        "2.16.840.1.113883.6.8",  // UCUM
        "2.16.840.1.113883.6.256",  // RADLEX
        "2.16.840.1.113883.6.3",  // I10: ICD-10
        "2.16.840.1.113883.6.90",  // I10C: ICD-10-CM
        "2.16.840.1.113883.6.4",  // I10P: ICD-10-PCS
        "2.16.840.1.113883.6.42",  // I9: ICD-9
        "2.16.840.1.113883.6.2",  // I9C: ICD-9-CM
        "2.16.840.1.113883.6.43.1",  // ICDO3: ICD-O-3
        "2.16.840.1.113883.6.12",  // C4: CPT-4
        "2.16.840.1.113883.6.82",  // C5: CPT-5
        "2.16.840.1.113883.6.86",  // UMLS
        "2.16.840.1.113883.6.88",  // RXNORM
        "2.16.840.1.113883.6.119",  // FMA
        "2.16.840.1.113883.3.26.1.1",  // NCIt: NCI Thesaurus
        "2.16.840.1.113883.6.24",  // MDC: ISO/IEEE 11073 Medical Device Communications
        "2.16.840.1.113883.6.5",  // SNM: SNOMED (older)
    ]

    /// Attributes whose UID names a coding scheme, context group or mapping resource: kept
    /// whatever their value, like the codes they qualify (PS3.3 8.8).
    static let codingContexts: Set<Tag> = [.codingSchemeUID, .contextUID, .mappingResourceUID]

    /// The DICOM UID root (PS3.5 9.1): every UID under it is defined by the standard.
    static let dicomRoot = "1.2.840.10008."

    /// Whether `uid` (without padding) is kept as it is.
    static func isKept(_ uid: String) -> Bool {
        uid.hasPrefix(dicomRoot) || codingSchemes.contains(uid) || UIDRegistry.isStandard(uid)
    }
}
