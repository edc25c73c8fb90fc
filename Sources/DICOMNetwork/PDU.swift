/// The protocol data units of the DICOM Upper Layer (PS3.8 section 9.3): what travels over the
/// TCP (or TLS) connection between two application entities.
public enum PDU: Sendable, Equatable {
    case associateRequest(AssociateRequest)
    case associateAccept(AssociateAccept)
    case associateReject(AssociateReject)
    case data([PresentationDataValue])
    case releaseRequest
    case releaseResponse
    case abort(Abort)

    /// The PDU type byte (PS3.8 Table 9-11 and following).
    public var type: UInt8 {
        switch self {
        case .associateRequest: 0x01
        case .associateAccept: 0x02
        case .associateReject: 0x03
        case .data: 0x04
        case .releaseRequest: 0x05
        case .releaseResponse: 0x06
        case .abort: 0x07
        }
    }

    /// A short name for messages.
    public var name: String {
        switch self {
        case .associateRequest: "A-ASSOCIATE-RQ"
        case .associateAccept: "A-ASSOCIATE-AC"
        case .associateReject: "A-ASSOCIATE-RJ"
        case .data: "P-DATA-TF"
        case .releaseRequest: "A-RELEASE-RQ"
        case .releaseResponse: "A-RELEASE-RP"
        case .abort: "A-ABORT"
        }
    }
}

/// The DICOM Application Context Name (PS3.7 Annex A.2.1).
public let dicomApplicationContext = "1.2.840.10008.3.1.1.1"

/// A presentation context proposed in A-ASSOCIATE-RQ: one abstract syntax (a SOP class) with the
/// transfer syntaxes this side can use for it (PS3.8 9.3.2.2).
public struct ProposedContext: Sendable, Equatable {
    /// Odd, 1 to 255.
    public var id: UInt8
    public var abstractSyntax: String
    public var transferSyntaxes: [String]

    public init(id: UInt8, abstractSyntax: String, transferSyntaxes: [String]) {
        self.id = id
        self.abstractSyntax = abstractSyntax
        self.transferSyntaxes = transferSyntaxes
    }
}

/// The answer to one proposed presentation context (PS3.8 9.3.3.2).
public struct ContextResult: Sendable, Equatable {
    public enum Result: UInt8, Sendable {
        case acceptance = 0
        case userRejection = 1
        case noReason = 2
        case abstractSyntaxNotSupported = 3
        case transferSyntaxesNotSupported = 4

        public var meaning: String {
            switch self {
            case .acceptance: "accepted"
            case .userRejection: "rejected by the called application"
            case .noReason: "rejected (no reason given)"
            case .abstractSyntaxNotSupported: "SOP class not supported by the peer"
            case .transferSyntaxesNotSupported: "none of the offered transfer syntaxes is supported by the peer"
            }
        }
    }

    public var id: UInt8
    /// The raw result byte; `result` is nil for a value the standard does not define.
    public var resultCode: UInt8
    /// The accepted transfer syntax (meaningful only on acceptance).
    public var transferSyntax: String

    public var result: Result? { Result(rawValue: resultCode) }
    public var isAccepted: Bool { resultCode == 0 }

    public init(id: UInt8, result: Result, transferSyntax: String) {
        self.init(id: id, resultCode: result.rawValue, transferSyntax: transferSyntax)
    }

    public init(id: UInt8, resultCode: UInt8, transferSyntax: String) {
        self.id = id
        self.resultCode = resultCode
        self.transferSyntax = transferSyntax
    }
}

/// User Identity Negotiation, request side (PS3.7 D.3.3.7.1).
public struct UserIdentity: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case username = 1
        case usernameAndPasscode = 2
        case kerberos = 3
        case saml = 4
        case jwt = 5
    }

    public var kind: Kind
    public var positiveResponseRequested: Bool
    public var primaryField: [UInt8]
    public var secondaryField: [UInt8]

    public init(kind: Kind, positiveResponseRequested: Bool = false, primaryField: [UInt8], secondaryField: [UInt8] = []) {
        self.kind = kind
        self.positiveResponseRequested = positiveResponseRequested
        self.primaryField = primaryField
        self.secondaryField = secondaryField
    }

    /// A username, with a password when one is given.
    public static func username(_ name: String, password: String? = nil) -> UserIdentity {
        if let password {
            return UserIdentity(kind: .usernameAndPasscode, primaryField: Array(name.utf8), secondaryField: Array(password.utf8))
        }
        return UserIdentity(kind: .username, primaryField: Array(name.utf8))
    }
}

/// The User Information item's sub-items that dicomfix reads or writes (PS3.7 Annex D.3.3).
public struct UserInformation: Sendable, Equatable {
    /// Largest P-DATA-TF variable field this side accepts; 0 means no limit (PS3.8 D.1).
    public var maximumLength: UInt32
    public var implementationClassUID: String
    public var implementationVersionName: String?
    public var userIdentity: UserIdentity?
    /// The server response to user identity negotiation (in A-ASSOCIATE-AC).
    public var userIdentityResponse: [UInt8]?

    public init(
        maximumLength: UInt32, implementationClassUID: String, implementationVersionName: String? = nil,
        userIdentity: UserIdentity? = nil, userIdentityResponse: [UInt8]? = nil
    ) {
        self.maximumLength = maximumLength
        self.implementationClassUID = implementationClassUID
        self.implementationVersionName = implementationVersionName
        self.userIdentity = userIdentity
        self.userIdentityResponse = userIdentityResponse
    }
}

/// A-ASSOCIATE-RQ (PS3.8 9.3.2).
public struct AssociateRequest: Sendable, Equatable {
    public var protocolVersion: UInt16 = 1
    public var calledAETitle: String
    public var callingAETitle: String
    public var applicationContext: String = dicomApplicationContext
    public var contexts: [ProposedContext]
    public var userInformation: UserInformation

    public init(calledAETitle: String, callingAETitle: String, contexts: [ProposedContext], userInformation: UserInformation) {
        self.calledAETitle = calledAETitle
        self.callingAETitle = callingAETitle
        self.contexts = contexts
        self.userInformation = userInformation
    }
}

/// A-ASSOCIATE-AC (PS3.8 9.3.3).
public struct AssociateAccept: Sendable, Equatable {
    public var protocolVersion: UInt16 = 1
    public var calledAETitle: String
    public var callingAETitle: String
    public var applicationContext: String = dicomApplicationContext
    public var contexts: [ContextResult]
    public var userInformation: UserInformation

    public init(calledAETitle: String, callingAETitle: String, contexts: [ContextResult], userInformation: UserInformation) {
        self.calledAETitle = calledAETitle
        self.callingAETitle = callingAETitle
        self.contexts = contexts
        self.userInformation = userInformation
    }
}

/// A-ASSOCIATE-RJ (PS3.8 9.3.4): result, source and reason, decoded into words.
public struct AssociateReject: Sendable, Equatable, CustomStringConvertible {
    public var result: UInt8
    public var source: UInt8
    public var reason: UInt8

    public init(result: UInt8, source: UInt8, reason: UInt8) {
        self.result = result
        self.source = source
        self.reason = reason
    }

    public var resultText: String {
        switch result {
        case 1: "rejected permanently"
        case 2: "rejected for now (transient)"
        default: "rejected (result \(result))"
        }
    }

    public var sourceText: String {
        switch source {
        case 1: "the called application (service user)"
        case 2: "the peer's association control (service provider, ACSE)"
        case 3: "the peer's presentation layer (service provider)"
        default: "source \(source)"
        }
    }

    public var reasonText: String {
        switch (source, reason) {
        case (1, 1): "no reason given"
        case (1, 2): "application context name not supported"
        case (1, 3): "calling AE title not recognised"
        case (1, 7): "called AE title not recognised"
        case (2, 1): "no reason given"
        case (2, 2): "protocol version not supported"
        case (3, 1): "temporary congestion"
        case (3, 2): "local limit exceeded"
        default: "reason \(reason)"
        }
    }

    public var description: String { "\(resultText) by \(sourceText): \(reasonText)" }
}

/// A-ABORT (PS3.8 9.3.8).
public struct Abort: Sendable, Equatable, CustomStringConvertible {
    public var source: UInt8
    public var reason: UInt8

    public init(source: UInt8, reason: UInt8) {
        self.source = source
        self.reason = reason
    }

    public var description: String {
        let who =
            switch source {
            case 0: "the peer application (service user)"
            case 2: "the peer's upper layer (service provider)"
            default: "source \(source)"
            }
        guard source == 2 else { return "aborted by \(who)" }
        let why =
            switch reason {
            case 0: "reason not specified"
            case 1: "unrecognised PDU"
            case 2: "unexpected PDU"
            case 4: "unrecognised PDU parameter"
            case 5: "unexpected PDU parameter"
            case 6: "invalid PDU parameter value"
            default: "reason \(reason)"
            }
        return "aborted by \(who): \(why)"
    }
}

/// One presentation data value item of P-DATA-TF: a fragment of a command or data set
/// (PS3.8 9.3.5.1, E.2).
public struct PresentationDataValue: Sendable, Equatable {
    public var contextID: UInt8
    public var isCommand: Bool
    public var isLast: Bool
    public var data: [UInt8]

    public init(contextID: UInt8, isCommand: Bool, isLast: Bool, data: [UInt8]) {
        self.contextID = contextID
        self.isCommand = isCommand
        self.isLast = isLast
        self.data = data
    }

    /// The message control header byte (PS3.8 E.2).
    public var controlHeader: UInt8 { (isCommand ? 1 : 0) | (isLast ? 2 : 0) }
}
