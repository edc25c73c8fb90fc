/// A DIMSE status code with its meaning (PS3.7 Annex C, and PS3.4 B.2.3 for C-STORE).
public struct DIMSEStatus: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case success, warning, failure, cancel, pending
    }

    public var code: UInt16

    public init(_ code: UInt16) { self.code = code }

    /// The code as four hexadecimal digits.
    public var hexCode: String { hex(code) }

    public var kind: Kind {
        switch code {
        case 0x0000: .success
        case 0x0001, 0x0107, 0x0116, 0xB000...0xBFFF: .warning
        case 0xFE00: .cancel
        case 0xFF00, 0xFF01: .pending
        default: .failure
        }
    }

    /// Whether the instance counts as stored: success or a warning.
    public var isStored: Bool { kind == .success || kind == .warning }

    /// The meaning of the code for a C-STORE or C-ECHO response.
    public var meaning: String {
        switch code {
        case 0x0000: return "Success"
        case 0xB000: return "Warning: coercion of data elements"
        case 0xB006: return "Warning: elements discarded"
        case 0xB007: return "Warning: data set does not match SOP class"
        case 0x0001: return "Warning: requested optional attributes are not supported"
        case 0x0107: return "Warning: attribute list error"
        case 0x0116: return "Warning: attribute value out of range"
        case 0x0110: return "Failure: processing failure"
        case 0x0111: return "Failure: duplicate SOP instance"
        case 0x0117: return "Failure: invalid SOP instance"
        case 0x0122: return "Refused: SOP class not supported"
        case 0x0124: return "Refused: not authorised"
        case 0x0210: return "Failure: duplicate invocation"
        case 0x0211: return "Failure: unrecognised operation"
        case 0x0212: return "Failure: mistyped argument"
        case 0x0213: return "Failure: resource limitation"
        case 0xFE00: return "Cancel"
        default: break
        }
        switch code >> 8 {
        case 0xA7: return "Refused: out of resources"
        case 0xA9: return "Error: data set does not match SOP class"
        case 0xC0...0xCF: return "Error: cannot understand"
        case 0xB0...0xBF: return "Warning"
        default: return "Failure (status not defined by the standard)"
        }
    }

    public var description: String { "\(hexCode) (\(meaning))" }
}
