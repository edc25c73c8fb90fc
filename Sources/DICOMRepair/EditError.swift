import DICOM

/// Why a change cannot be made, with what a user needs to correct the command.
public struct EditError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The attribute path or `Keyword=value` text does not parse.
        case syntax
        /// The value is not valid for the attribute's VR (PS3.5 6.2).
        case invalidValue = "invalid-value"
        /// The VR cannot be known (private or unknown tag): it must be given.
        case unknownVR = "unknown-vr"
        /// The text cannot be written in the data set's Specific Character Set and converting
        /// to UTF-8 was not allowed.
        case notRepresentable = "not-representable"
        /// The path goes through something that is not a sequence.
        case notASequence = "not-a-sequence"
    }

    public var code: Code
    public var message: String
    /// The attribute path concerned, when there is one.
    public var path: String?

    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { path.map { "\($0): \(message)" } ?? message }
}
