import Foundation

/// C-ECHO as the requestor (Verification SOP Class, PS3.4 Annex A): checks that a peer answers
/// at the DICOM level, not only that its port is open.
public enum Verification {
    public struct Outcome: Sendable {
        public var status: DIMSEStatus
        /// The peer's Implementation Class UID and Version Name, from A-ASSOCIATE-AC.
        public var peerImplementationClassUID: String
        public var peerImplementationVersionName: String?
        /// The peer's maximum PDU length (0: no limit).
        public var peerMaximumPDULength: UInt32
        /// Seconds from connecting to the release.
        public var elapsed: Double
    }

    /// Opens an association proposing Verification, sends C-ECHO-RQ and releases.
    /// - Throws: `NetworkError` (connection, TLS, rejection, abort, timeout).
    public static func echo(_ peer: PeerConfiguration) throws -> Outcome {
        let start = Date()
        let association = try Association.open(
            peer,
            contexts: [
                ProposedContext(
                    id: 1, abstractSyntax: verificationSOPClass,
                    transferSyntaxes: ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"])
            ])
        let status: DIMSEStatus
        do {
            status = try association.echo()
        } catch {
            association.abort()
            throw error
        }
        try association.release()
        let user = association.accept.userInformation
        return Outcome(
            status: status, peerImplementationClassUID: user.implementationClassUID, peerImplementationVersionName: user.implementationVersionName,
            peerMaximumPDULength: user.maximumLength, elapsed: Date().timeIntervalSince(start))
    }
}
