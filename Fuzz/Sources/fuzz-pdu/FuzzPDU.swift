import DICOM
import DICOMNetworkCodec
import Foundation
import FuzzSupport
import NIOCore

// libFuzzer target for the network side: the byte stream of an association framed into PDUs
// (PDUFrameDecoder), each PDU decoded (PDU.decode), and the command fragments of P-DATA-TF
// joined and decoded as a DIMSE command set, as the C-STORE and C-ECHO SCU do.

/// `main` (SwiftPM links it as `fuzz_pdu_main`): seeds when asked, else libFuzzer.
@_cdecl("fuzz_pdu_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc: argc, argv: argv, seeds: pduSeeds, testOneInput: fuzzTestOneInput)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var buffer = ByteBuffer(bytes: data.map { UnsafeBufferPointer(start: $0, count: count) } ?? UnsafeBufferPointer(start: nil, count: 0))
    var command: [UInt8] = []
    while let pdu = try? PDUFrameDecoder.frame(&buffer, maximumLength: 1 << 16) {
        switch pdu {
        case .associateAccept(let accept):
            _ = accept.contexts.map { ($0.result?.meaning, $0.isAccepted, $0.transferSyntax) }
        case .associateRequest(let request):
            _ = request.contexts.map(\.transferSyntaxes.count)
        case .associateReject(let reject):
            _ = reject.description
        case .abort(let abort):
            _ = abort.description
        case .data(let values):
            for value in values where value.isCommand {
                command += value.data
                guard value.isLast else { continue }
                if let set = try? CommandSet.decode(command) {
                    _ = set.uint16(.status).map { DIMSEStatus($0).description }
                    _ = set.string(.errorComment)
                    _ = set.string(.affectedSOPInstanceUID)
                    _ = set.encoded()
                }
                command = []
            }
        case .releaseRequest, .releaseResponse:
            break
        }
        // The encoder must take back whatever the decoder produced.
        _ = pdu.encoded
    }
    return 0
}

/// One seed per kind of PDU, encoded by dicomfix's own encoder, and a whole association.
private func pduSeeds(_ samples: URL) throws -> [(name: String, bytes: [UInt8])] {
    var user = UserInformation(maximumLength: 16384, implementationClassUID: Implementation.classUID)
    user.implementationVersionName = Implementation.versionName
    user.userIdentity = .username("fuzz", password: "secret")
    let contexts = [
        ProposedContext(id: 1, abstractSyntax: "1.2.840.10008.1.1", transferSyntaxes: ["1.2.840.10008.1.2"]),
        ProposedContext(id: 3, abstractSyntax: "1.2.840.10008.5.1.4.1.1.2", transferSyntaxes: ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]),
    ]
    var acceptUser = user
    acceptUser.userIdentity = nil
    acceptUser.userIdentityResponse = Array("ok".utf8)
    let accept = AssociateAccept(
        calledAETitle: "STORESCP", callingAETitle: "DICOMFIX",
        contexts: [ContextResult(id: 1, result: .acceptance, transferSyntax: "1.2.840.10008.1.2"), ContextResult(id: 3, resultCode: 4, transferSyntax: "")],
        userInformation: acceptUser)
    var response = CommandSet()
    response.set(.affectedSOPClassUID, uid: "1.2.840.10008.5.1.4.1.1.2")
    response.set(.commandField, uint16: CommandSet.Command.cStoreResponse.rawValue)
    response.set(.messageIDBeingRespondedTo, uint16: 1)
    response.set(.commandDataSetType, uint16: CommandSet.noDataSet)
    response.set(.status, uint16: 0xB000)
    response.set(.errorComment, text: "coerced")
    response.set(.affectedSOPInstanceUID, uid: "1.2.3.4")
    let encodedResponse = response.encoded()
    let half = encodedResponse.count / 2
    let pdus: [(String, PDU)] = [
        ("associate-rq", .associateRequest(AssociateRequest(calledAETitle: "STORESCP", callingAETitle: "DICOMFIX", contexts: contexts, userInformation: user))),
        ("associate-ac", .associateAccept(accept)),
        ("associate-rj", .associateReject(AssociateReject(result: 1, source: 1, reason: 7))),
        ("p-data-command", .data([PresentationDataValue(contextID: 1, isCommand: true, isLast: true, data: encodedResponse)])),
        ("p-data-fragments", .data([
            PresentationDataValue(contextID: 1, isCommand: true, isLast: false, data: Array(encodedResponse.prefix(half))),
            PresentationDataValue(contextID: 1, isCommand: true, isLast: true, data: Array(encodedResponse.dropFirst(half))),
        ])),
        ("p-data-dataset", .data([PresentationDataValue(contextID: 3, isCommand: false, isLast: true, data: [8, 0, 0x18, 0, 4, 0, 0, 0, 0x31, 0x2E, 0x32, 0])])),
        ("echo-rq", .data([PresentationDataValue(contextID: 1, isCommand: true, isLast: true, data: CommandSet.echoRequest(messageID: 7).encoded())])),
        ("store-rq", .data([PresentationDataValue(contextID: 3, isCommand: true, isLast: true, data: CommandSet.storeRequest(messageID: 2, sopClass: "1.2.840.10008.5.1.4.1.1.2", sopInstance: "1.2.3").encoded())])),
        ("release-rq", .releaseRequest),
        ("release-rp", .releaseResponse),
        ("abort", .abort(Abort(source: 2, reason: 6))),
    ]
    var seeds = pdus.map { ($0.0, Array($0.1.encoded.readableBytesView)) }
    // A whole association as the SCU sees it from the peer.
    seeds.append(("association", pdus.filter { ["associate-ac", "p-data-fragments", "release-rp"].contains($0.0) }.flatMap { Array($0.1.encoded.readableBytesView) }))
    return seeds
}
