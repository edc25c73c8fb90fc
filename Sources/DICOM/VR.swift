/// A DICOM value representation (PS3.5 section 6.2, Table 6.2-1).
public enum VR: String, CaseIterable, Sendable, CustomStringConvertible {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ,
        SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    public var description: String { rawValue }

    /// Reads a VR from its two-character code in an explicit-VR header; nil if the bytes are not
    /// a known VR.
    public init?(code0: UInt8, code1: UInt8) {
        let slot = VR.byCode[Int(code0) << 8 | Int(code1)]
        guard slot > 0 else { return nil }
        self = VR.allCases[Int(slot) - 1]
    }

    /// The two ASCII bytes of the VR code.
    public var code: (UInt8, UInt8) {
        let bytes = Array(rawValue.utf8)
        return (bytes[0], bytes[1])
    }

    /// For every two-byte code, 1 + the index of its VR in `allCases`, or 0: a table lookup on
    /// the hot path of explicit VR parsing instead of hashing.
    private static let byCode: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 1 << 16)
        for (index, vr) in VR.allCases.enumerated() {
            let (a, b) = vr.code
            table[Int(a) << 8 | Int(b)] = UInt8(index + 1)
        }
        return table
    }()

    /// In explicit VR encodings these VRs have a 2-byte reserved field and a 32-bit length
    /// (PS3.5 Table 7.1-1); the others a 16-bit length.
    public var hasLongExplicitLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .UC, .UN, .UR, .UT, .SV, .UV: return true
        default: return false
        }
    }

    /// Size of one number for byte swapping between little and big endian; 1 for byte and text
    /// VRs that are never swapped.
    public var swapUnit: Int {
        switch self {
        case .US, .SS, .OW, .AT: return 2
        case .UL, .SL, .FL, .OF, .OL: return 4
        case .FD, .OD, .SV, .UV, .OV: return 8
        default: return 1
        }
    }

    /// Values of these VRs are character strings (PS3.5 6.2).
    public var isString: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT:
            return true
        default: return false
        }
    }

    /// String VRs whose values are decoded with the Specific Character Set (PS3.5 6.1.2.3);
    /// the others use the default repertoire only.
    public var usesSpecificCharacterSet: Bool {
        switch self {
        case .LO, .LT, .PN, .SH, .ST, .UC, .UT: return true
        default: return false
        }
    }

    /// Binary VRs whose values are arrays of numbers or bytes (not text, not sequences).
    public var isBinary: Bool { !isString && self != .SQ }

    /// The byte used to pad a value to even length (PS3.5 6.2): NUL for UI and binary VRs,
    /// space for the other string VRs.
    public var paddingByte: UInt8 {
        (isString && self != .UI) ? 0x20 : 0x00
    }

    /// Whether the VR's value is a list separated by backslash (strings where VM can exceed 1).
    public var allowsMultipleStringValues: Bool {
        isString && self != .LT && self != .ST && self != .UT && self != .UR
    }

    /// Fixed size in bytes of one value for the fixed-size binary VRs; nil otherwise.
    public var fixedValueSize: Int? {
        switch self {
        case .US, .SS: return 2
        case .UL, .SL, .FL, .AT: return 4
        case .FD, .SV, .UV: return 8
        default: return nil
        }
    }

    /// Maximum value length in bytes per value for string VRs (PS3.5 Table 6.2-1); nil when the
    /// limit is only the length field.
    public var maximumLength: Int? {
        switch self {
        case .AE: return 16
        case .AS: return 4
        case .CS: return 16
        case .DA: return 8
        case .DS: return 16
        case .DT: return 26
        case .IS: return 12
        case .LO: return 64
        case .LT: return 10240
        case .PN: return 64  // per component group
        case .SH: return 16
        case .ST: return 1024
        case .TM: return 14
        case .UI: return 64
        default: return nil
        }
    }
}
