import Crypto
import Foundation

/// The secret that makes de-identification keyed and repeatable: with the same key, the same
/// input UID, patient name or patient ID always gives the same replacement, on any machine, in
/// any run; without it, the replacements cannot be linked back (HMAC-SHA-256, RFC 2104).
///
/// Key file format: text, the line `dicomfix-deidentification-key 1` then 64 hexadecimal digits
/// (256 bits) on the next line; lines starting with `#` are ignored.
public struct DeidentificationKey: Sendable {
    static let header = "dicomfix-deidentification-key 1"

    let key: SymmetricKey
    /// Whether the key was made up for this run (nothing is reproducible across runs).
    public let isEphemeral: Bool

    /// A key of these 32 bytes.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else {
            throw DeidentifyError(.badKey, "a key has 32 bytes, not \(bytes.count)")
        }
        self.key = SymmetricKey(data: bytes)
        self.isEphemeral = false
    }

    private init(random: Void) {
        self.key = SymmetricKey(size: .bits256)
        self.isEphemeral = true
    }

    /// A fresh random key, for a run without a key file (results are not reproducible).
    public static func random() -> DeidentificationKey { DeidentificationKey(random: ()) }

    /// Reads a key file.
    /// - Throws: `DeidentifyError.badKey` naming the file when it is missing or malformed.
    public init(contentsOf path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DeidentifyError(.badKey, "cannot read the key file: \(error.localizedDescription)", file: path)
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.count == 2, lines[0] == Self.header else {
            throw DeidentifyError(.badKey, "not a dicomfix key file (expected '\(Self.header)' and one line of 64 hex digits)", file: path)
        }
        guard let bytes = hexBytes(lines[1]), bytes.count == 32 else {
            throw DeidentifyError(.badKey, "the key line must be 64 hexadecimal digits", file: path)
        }
        try self.init(bytes: bytes)
    }

    /// Creates a new random key file at `path`, readable by its owner only.
    /// - Throws: `DeidentifyError.badKey` if the file exists (a key is never overwritten) or
    ///   cannot be written.
    public static func createFile(at path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw DeidentifyError(.badKey, "the key file exists already: a key is never overwritten", file: path)
        }
        let key = SymmetricKey(size: .bits256)
        let hex = key.withUnsafeBytes { $0.map { hex2($0) }.joined() }
        let text = """
            # dicomfix de-identification key: keep it secret. The same key gives the same
            # pseudonyms and UIDs in every run; whoever has it can link outputs to inputs.
            \(header)
            \(hex)

            """
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw DeidentifyError(.badKey, "cannot create the key file", file: path)
        }
    }

    /// The HMAC-SHA-256 of `purpose` and `value`, separated so that a UID and a patient ID with
    /// the same text give unrelated results.
    func mac(_ purpose: String, _ value: String) -> [UInt8] {
        var message = Array(purpose.utf8)
        message.append(0)
        message += Array(value.utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }
}

/// Two lower-case hexadecimal digits.
func hex2(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}

/// The bytes of a string of hexadecimal digits, or nil.
func hexBytes(_ text: String) -> [UInt8]? {
    let characters = Array(text.utf8)
    guard characters.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(characters.count / 2)
    var index = 0
    while index + 1 < characters.count {
        guard let high = hexValue(characters[index]), let low = hexValue(characters[index + 1]) else { return nil }
        bytes.append(high << 4 | low)
        index += 2
    }
    return bytes
}

private func hexValue(_ character: UInt8) -> UInt8? {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
    default: nil
    }
}

extension DeidentificationKey {
    /// A UID keyed by this key and derived from `purpose` and `parts` (split's new study):
    /// `2.25.` and the decimal value of a 128-bit UUID (version 8, RFC 9562) made of the first
    /// bytes of HMAC-SHA-256 over the purpose and the parts (PS3.5 B.2). The same key and parts
    /// give the same UID in every run; without the key it cannot be recomputed from the parts.
    /// - Parameters:
    ///   - purpose: what the UID is for, so the same parts give unrelated UIDs for two purposes.
    ///   - parts: the values the UID is derived from, in order.
    public func derivedUID(_ purpose: String, _ parts: [String]) -> String {
        var bytes = Array(mac("derived-uid", ([purpose] + parts).joined(separator: "\u{0}")).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // variant 10
        return "2.25." + decimal(bytes)
    }
}
