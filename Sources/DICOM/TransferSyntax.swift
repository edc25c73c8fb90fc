/// How a data set is encoded on the wire: VR explicit or implicit, byte order (PS3.5 7.1, 7.3).
public struct Encoding: Hashable, Sendable, CustomStringConvertible {
    public var isExplicitVR: Bool
    public var isBigEndian: Bool

    public init(explicitVR: Bool, bigEndian: Bool) {
        self.isExplicitVR = explicitVR
        self.isBigEndian = bigEndian
    }

    public static let implicitLittle = Encoding(explicitVR: false, bigEndian: false)
    public static let explicitLittle = Encoding(explicitVR: true, bigEndian: false)
    public static let explicitBig = Encoding(explicitVR: true, bigEndian: true)

    public var description: String {
        (isExplicitVR ? "explicit VR " : "implicit VR ") + (isBigEndian ? "big endian" : "little endian")
    }
}

/// A transfer syntax (PS3.5 section 10): its UID and what it says about encoding.
public struct TransferSyntax: Hashable, Sendable, CustomStringConvertible {
    public let uid: String
    public let encoding: Encoding
    /// The data set after the File Meta Information is a raw deflate stream (PS3.5 A.5).
    public let isDeflated: Bool
    /// Pixel data is encapsulated in fragments (PS3.5 A.4).
    public let isEncapsulated: Bool
    /// Whether dicomfix knows this UID; unknown syntaxes are read as explicit VR little endian.
    public let isKnown: Bool

    public var isExplicitVR: Bool { encoding.isExplicitVR }
    public var isBigEndian: Bool { encoding.isBigEndian }

    init(uid: String, encoding: Encoding, deflated: Bool = false, encapsulated: Bool = false, known: Bool = true) {
        self.uid = uid
        self.encoding = encoding
        self.isDeflated = deflated
        self.isEncapsulated = encapsulated
        self.isKnown = known
    }

    public static let implicitVRLittleEndian = TransferSyntax(uid: "1.2.840.10008.1.2", encoding: .implicitLittle)
    public static let explicitVRLittleEndian = TransferSyntax(uid: "1.2.840.10008.1.2.1", encoding: .explicitLittle)
    public static let explicitVRBigEndian = TransferSyntax(uid: "1.2.840.10008.1.2.2", encoding: .explicitBig)
    public static let deflatedExplicitVRLittleEndian = TransferSyntax(
        uid: "1.2.840.10008.1.2.1.99", encoding: .explicitLittle, deflated: true)

    /// The syntaxes dicomfix can write any data set in (no pixel data decoding needed).
    public static let uncompressed: [TransferSyntax] = [
        .implicitVRLittleEndian, .explicitVRLittleEndian, .explicitVRBigEndian, .deflatedExplicitVRLittleEndian,
    ]

    /// The syntax for a UID (trailing NUL and space padding ignored). Every registered transfer
    /// syntax other than the four uncompressed ones is explicit VR little endian with
    /// encapsulated pixel data; JPIP Referenced Deflate also deflates the data set. An
    /// unregistered UID gives an explicit VR little endian syntax with `isKnown` false.
    public init(uid rawUID: String) {
        let uid = trimUID(rawUID)
        if let known = TransferSyntax.uncompressed.first(where: { $0.uid == uid }) {
            self = known
            return
        }
        switch uid {
        case "1.2.840.10008.1.2.4.95":  // JPIP Referenced Deflate
            self.init(uid: uid, encoding: .explicitLittle, deflated: true, encapsulated: false)
        case "1.2.840.10008.1.2.4.94":  // JPIP Referenced: pixel data replaced by a URL
            self.init(uid: uid, encoding: .explicitLittle)
        default:
            let registered = UIDRegistry.entry(for: uid)?.isTransferSyntax ?? false
            self.init(uid: uid, encoding: .explicitLittle, encapsulated: registered, known: registered)
        }
    }

    /// The registry name, or the UID itself.
    public var name: String { UIDRegistry.name(of: uid) ?? uid }

    public var description: String { name }
}

/// A UID value without its trailing NUL or space padding (and surrounding spaces).
func trimUID(_ text: String) -> String {
    var scalars = Substring(text)
    while let last = scalars.last, last == "\0" || last == " " { scalars = scalars.dropLast() }
    while let first = scalars.first, first == " " { scalars = scalars.dropFirst() }
    return String(scalars)
}
