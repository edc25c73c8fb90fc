import DICOM

// Hand-entered table, not generated: ../shared/standard carries no part of PS3.16.
// Source: DICOM PS3.16 2024b, Annex L "Correspondence of Anatomic Region Codes and Body Part
// Examined Defined Terms" (Table L-1), the Defined Terms of Body Part Examined (0018,0015) listed
// there with the anatomic regions of CID 4031. Which of those terms name a paired structure (one
// on the left and one on the right of the body) and which a single, midline one is entered by hand
// from the terms' meanings. Terms whose laterality is ambiguous (CORONARYARTERY, ILIUM, URETER) and
// terms not listed here are in neither set: the Laterality condition is then not evaluated.

/// Whether the body part a data set says it examined is a paired structure, for the Laterality
/// (0020,0060) condition of the General Series module (PS3.3 C.7.3.1).
enum BodyPartLaterality: Equatable {
    /// A structure with a left and a right one: Laterality can tell which.
    case paired
    /// A single (midline) structure or a region spanning both sides.
    case unpaired

    /// The Body Part Examined (0018,0015) terms that name a paired structure.
    static let pairedTerms: Set<String> = [
        "ADRENAL", "ANKLE", "ARM", "AXILLA", "BREAST", "BRONCHUS", "BUTTOCK", "CALCANEUS", "CALF",
        "CAROTID", "CHEEK", "CLAVICLE", "CORNEA", "EAR", "ELBOW", "EXTREMITY", "EYE", "EYELID", "FEMUR",
        "FIBULA", "FINGER", "FOOT", "FOREARM", "HAND", "HIP", "HUMERUS", "IAC", "KIDNEY", "KNEE", "LEG",
        "LUNG", "ORBIT", "OVARY", "PAROTID", "PATELLA", "RADIUS", "RIB", "SCAPULA", "SCLERA", "SHOULDER",
        "SJOINT", "SUBMANDIBULAR", "TESTIS", "THIGH", "THUMB", "TIBIA", "TMJ", "TOE", "ULNA", "WRIST",
        "ZYGOMA",
    ]

    /// The Body Part Examined (0018,0015) terms that name a single structure or a region across
    /// the midline.
    static let unpairedTerms: Set<String> = [
        "ABDOMEN", "ABDOMENPELVIS", "AORTA", "BACK", "BLADDER", "BRAIN", "CEREBELLUM", "CERVIX", "CHEST",
        "CHESTABDOMEN", "CHESTABDPELVIS", "CIRCLEOFWILLIS", "COCCYX", "COLON", "CSPINE", "CTSPINE",
        "DUODENUM", "ESOPHAGUS", "FACE", "GALLBLADDER", "HEAD", "HEADNECK", "HEART", "ILEUM", "JAW",
        "JEJUNUM", "LARYNX", "LIVER", "LSPINE", "LSSPINE", "MAXILLA", "MEDIASTINUM", "MOUTH", "NECK",
        "NECKCHEST", "NECKCHESTABDOMEN", "NECKCHESTABDPELV", "NOSE", "PANCREAS", "PELVIS", "PENIS",
        "PHARYNX", "PROSTATE", "RECTUM", "SCALP", "SKULL", "SPINE", "SPLEEN", "SSPINE", "STERNUM",
        "STOMACH", "THYMUS", "THYROID", "TLSPINE", "TONGUE", "TRACHEA", "TSPINE", "URETHRA", "UTERUS",
        "VAGINA", "VULVA", "WHOLEBODY",
    ]

    /// The laterality of a Body Part Examined term, or nil for a term in neither list (or an empty one).
    init?(term: String) {
        let term = term.uppercased()
        if Self.pairedTerms.contains(term) {
            self = .paired
        } else if Self.unpairedTerms.contains(term) {
            self = .unpaired
        } else {
            return nil
        }
    }

    /// The laterality of the data set's Body Part Examined, or nil when it is absent, empty or not
    /// a term of the lists.
    init?(bodyPartOf dataSet: DataSet) {
        guard let term = dataSet.string(.bodyPartExamined, characterSet: .defaultRepertoire), !term.isEmpty else { return nil }
        self.init(term: term)
    }
}
