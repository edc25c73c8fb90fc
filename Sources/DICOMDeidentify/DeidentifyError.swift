/// Why de-identification could not be done: the key file, a map file, or an input that cannot
/// be de-identified safely. Carries the file and the reason a user can act on.
public struct DeidentifyError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The key file is missing, unreadable or not in the key format.
        case badKey = "deid.key"
        /// The input could not be read completely, so it cannot be proven clean.
        case unreadableInput = "deid.input"
        /// The output could not be written.
        case output = "deid.output"
        /// Options that contradict each other.
        case options = "deid.options"
        /// The input is a DICOMDIR: its records name patients and its file IDs the input's
        /// folders, and its offsets would not survive the profile; it is not de-identified.
        case directory = "deid.directory"
    }

    public var code: Code
    public var message: String
    public var file: String?
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, file: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.cause = cause
    }

    public var description: String {
        var text = (file.map { "\($0): " } ?? "") + message
        if let cause { text += " (\(cause))" }
        return text
    }
}
