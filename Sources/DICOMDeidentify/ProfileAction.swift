/// An action code of PS3.15 Table E.1-1 (Annex E.3 says how each is applied).
///
/// The order of the cases is the order `Scripts/generate-profile` stores codes in.
public enum ProfileAction: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Replace with a non-zero length dummy value consistent with the VR.
    case dummy = "D"
    /// Replace with a zero-length value (or a dummy value consistent with the VR).
    case zeroLength = "Z"
    /// Remove the attribute (a sequence with all its items).
    case remove = "X"
    /// Keep: unchanged for a value, cleaned for a sequence (the profile applied to its items).
    case keep = "K"
    /// Clean: replace with values of similar meaning known not to identify.
    case clean = "C"
    /// Replace the UID with a new one, consistently within the set of instances.
    case replaceUID = "U"
    /// X unless Z is required to keep the IOD conformant (type 3 versus type 2).
    case removeOrZeroLength = "X/Z"
    /// X unless D is required to keep the IOD conformant (type 3 versus type 1).
    case removeOrDummy = "X/D"
    /// Z unless D is required to keep the IOD conformant (type 2 versus type 1).
    case zeroLengthOrDummy = "Z/D"
    /// X unless Z or D is required to keep the IOD conformant (type 3, 2, 1).
    case removeOrZeroLengthOrDummy = "X/Z/D"
    /// X unless Z, or replacing the UIDs the sequence holds (U), is required (type 3, 2, 1).
    case removeOrZeroLengthOrReplaceUIDs = "X/Z/U*"

    public var description: String { rawValue }

    /// Whether the code leaves the choice to the attribute's type in the IOD (PS3.15 E.3.1).
    public var isAlternative: Bool { rawValue.contains("/") }

    /// The single action an alternative code stands for when the attribute has `type` in the
    /// IOD (nil: not in the IOD, or the IOD is unknown), by the rules of PS3.15 E.3.1: type 1
    /// needs a value (D, or U for sequences of references), type 2 needs the attribute (Z),
    /// type 3 may go (X). Conditional types count as their unconditional type, since the
    /// attribute is present and its condition most likely holds. A single code is returned as is.
    ///
    /// X/D on a type 2 attribute gives D: removing it would break conformance and Z is not among
    /// the choices. Plain X on an attribute the IOD requires (Presentation Creation Date of a
    /// presentation state is X in the table and type 1 in the IOD) gives D for type 1 and Z for
    /// type 2: PS3.15 E.1.1 makes the de-identifier responsible for the integrity of the IOD,
    /// "dummy values may be necessary for Type 1 Attributes that are protected".
    public func resolved(for type: RequirementLevel?) -> ProfileAction {
        switch self {
        case .remove:
            switch type {
            case .required: return .dummy
            case .requiredEmptyAllowed: return .zeroLength
            case .optional, nil: return .remove
            }
        case .removeOrZeroLength:
            return type == .required || type == .requiredEmptyAllowed ? .zeroLength : .remove
        case .removeOrDummy:
            return type == nil || type == .optional ? .remove : .dummy
        case .zeroLengthOrDummy:
            return type == .required ? .dummy : .zeroLength
        case .removeOrZeroLengthOrDummy:
            switch type {
            case .required: return .dummy
            case .requiredEmptyAllowed: return .zeroLength
            case .optional, nil: return .remove
            }
        case .removeOrZeroLengthOrReplaceUIDs:
            switch type {
            case .required: return .replaceUID
            case .requiredEmptyAllowed: return .zeroLength
            case .optional, nil: return .remove
            }
        default:
            return self
        }
    }
}

/// What an IOD requires of an attribute, as far as de-identification cares (PS3.5 7.4):
/// type 1 and 1C, type 2 and 2C, type 3.
public enum RequirementLevel: Sendable, Comparable {
    /// Type 3: may be absent.
    case optional
    /// Type 2 or 2C: present, possibly empty.
    case requiredEmptyAllowed
    /// Type 1 or 1C: present with a value.
    case required
}
