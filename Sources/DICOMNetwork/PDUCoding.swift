import NIOCore

// Encoding and decoding of PDUs (PS3.8 9.3): pure functions over ByteBuffer, no I/O. Every
// multi-byte number is big endian on the wire (PS3.8 9.3.1). Decoding never traps: a PDU whose
// lengths do not add up throws `NetworkError.malformedPDU` naming the PDU and the byte offset.

extension PDU {
    /// Writes the whole PDU (type, reserved byte, length, body) at the writer index of `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(type)
        buffer.writeInteger(UInt8(0))
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        let bodyStart = buffer.writerIndex
        switch self {
        case .associateRequest(let rq):
            writeAssociateHeader(&buffer, version: rq.protocolVersion, called: rq.calledAETitle, calling: rq.callingAETitle)
            writeItem(&buffer, type: 0x10, bytes: Array(rq.applicationContext.utf8))
            for context in rq.contexts {
                writeItem(&buffer, type: 0x20) { item in
                    item.writeInteger(context.id)
                    item.writeBytes([0, 0, 0])
                    writeItem(&item, type: 0x30, bytes: Array(context.abstractSyntax.utf8))
                    for syntax in context.transferSyntaxes { writeItem(&item, type: 0x40, bytes: Array(syntax.utf8)) }
                }
            }
            writeUserInformation(&buffer, rq.userInformation)
        case .associateAccept(let ac):
            writeAssociateHeader(&buffer, version: ac.protocolVersion, called: ac.calledAETitle, calling: ac.callingAETitle)
            writeItem(&buffer, type: 0x10, bytes: Array(ac.applicationContext.utf8))
            for context in ac.contexts {
                writeItem(&buffer, type: 0x21) { item in
                    item.writeInteger(context.id)
                    item.writeInteger(UInt8(0))
                    item.writeInteger(context.resultCode)
                    item.writeInteger(UInt8(0))
                    writeItem(&item, type: 0x40, bytes: Array(context.transferSyntax.utf8))
                }
            }
            writeUserInformation(&buffer, ac.userInformation)
        case .associateReject(let rj):
            buffer.writeBytes([0, rj.result, rj.source, rj.reason])
        case .data(let values):
            for value in values {
                buffer.writeInteger(UInt32(truncatingIfNeeded: value.data.count + 2))
                buffer.writeInteger(value.contextID)
                buffer.writeInteger(value.controlHeader)
                buffer.writeBytes(value.data)
            }
        case .releaseRequest, .releaseResponse:
            buffer.writeInteger(UInt32(0))
        case .abort(let abort):
            buffer.writeBytes([0, 0, abort.source, abort.reason])
        }
        buffer.setInteger(UInt32(truncatingIfNeeded: buffer.writerIndex - bodyStart), at: lengthIndex)
    }

    /// The PDU as bytes.
    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }

    /// Decodes one PDU whose type byte is `type` from `body`, the bytes after the 6-byte header.
    /// - Throws: `NetworkError.malformedPDU` when the body does not parse; the message names the
    ///   PDU and the offset within it.
    public static func decode(type: UInt8, body: ByteBuffer) throws -> PDU {
        var reader = PDUReader(buffer: body, pdu: pduName(type))
        switch type {
        case 0x01, 0x02:
            let version = try reader.uint16()
            try reader.skip(2)
            let called = try reader.aeTitle()
            let calling = try reader.aeTitle()
            try reader.skip(32)
            var applicationContext = dicomApplicationContext
            var proposed: [ProposedContext] = []
            var results: [ContextResult] = []
            var user = UserInformation(maximumLength: 0, implementationClassUID: "")
            while reader.remaining > 0 {
                let (itemType, item) = try reader.item()
                var sub = PDUReader(buffer: item, pdu: reader.pdu, base: reader.offset - item.readableBytes)
                switch itemType {
                case 0x10:
                    applicationContext = sub.text()
                case 0x20:
                    let id = try sub.uint8()
                    try sub.skip(3)
                    var context = ProposedContext(id: id, abstractSyntax: "", transferSyntaxes: [])
                    while sub.remaining > 0 {
                        let (subType, value) = try sub.item()
                        var text = PDUReader(buffer: value, pdu: reader.pdu)
                        if subType == 0x30 { context.abstractSyntax = text.text() }
                        if subType == 0x40 { context.transferSyntaxes.append(text.text()) }
                    }
                    proposed.append(context)
                case 0x21:
                    let id = try sub.uint8()
                    try sub.skip(1)
                    let result = try sub.uint8()
                    try sub.skip(1)
                    var syntax = ""
                    while sub.remaining > 0 {
                        let (subType, value) = try sub.item()
                        var text = PDUReader(buffer: value, pdu: reader.pdu)
                        if subType == 0x40 { syntax = text.text() }
                    }
                    results.append(ContextResult(id: id, resultCode: result, transferSyntax: syntax))
                case 0x50:
                    user = try decodeUserInformation(&sub)
                default:
                    break  // unknown items are ignored (PS3.8 9.3.1)
                }
            }
            if type == 0x01 {
                var rq = AssociateRequest(calledAETitle: called, callingAETitle: calling, contexts: proposed, userInformation: user)
                rq.protocolVersion = version
                rq.applicationContext = applicationContext
                return .associateRequest(rq)
            }
            var ac = AssociateAccept(calledAETitle: called, callingAETitle: calling, contexts: results, userInformation: user)
            ac.protocolVersion = version
            ac.applicationContext = applicationContext
            return .associateAccept(ac)
        case 0x03:
            try reader.skip(1)
            return .associateReject(AssociateReject(result: try reader.uint8(), source: try reader.uint8(), reason: try reader.uint8()))
        case 0x04:
            var values: [PresentationDataValue] = []
            while reader.remaining > 0 {
                let length = try reader.uint32()
                guard length >= 2, Int64(length) <= Int64(reader.remaining) else {
                    throw reader.error("a PDV item length of \(length) does not fit in the \(reader.remaining) bytes left")
                }
                let id = try reader.uint8()
                let header = try reader.uint8()
                let data = try reader.bytes(Int(length) - 2)
                values.append(PresentationDataValue(contextID: id, isCommand: header & 1 != 0, isLast: header & 2 != 0, data: data))
            }
            return .data(values)
        case 0x05:
            return .releaseRequest
        case 0x06:
            return .releaseResponse
        case 0x07:
            try reader.skip(2)
            return .abort(Abort(source: try reader.uint8(), reason: try reader.uint8()))
        default:
            throw NetworkError(.malformedPDU, "unknown PDU type 0x\(hex(type))")
        }
    }

    static func pduName(_ type: UInt8) -> String {
        switch type {
        case 0x01: "A-ASSOCIATE-RQ"
        case 0x02: "A-ASSOCIATE-AC"
        case 0x03: "A-ASSOCIATE-RJ"
        case 0x04: "P-DATA-TF"
        case 0x05: "A-RELEASE-RQ"
        case 0x06: "A-RELEASE-RP"
        case 0x07: "A-ABORT"
        default: "PDU type 0x\(hex(type))"
        }
    }
}

/// Writes the fixed part of A-ASSOCIATE-RQ/AC after the PDU header.
private func writeAssociateHeader(_ buffer: inout ByteBuffer, version: UInt16, called: String, calling: String) {
    buffer.writeInteger(version)
    buffer.writeInteger(UInt16(0))
    buffer.writeBytes(aeTitleField(called))
    buffer.writeBytes(aeTitleField(calling))
    buffer.writeBytes([UInt8](repeating: 0, count: 32))
}

/// An AE title as its 16-byte field, space padded (PS3.8 9.3.2).
func aeTitleField(_ title: String) -> [UInt8] {
    var bytes = Array(title.utf8.prefix(16))
    while bytes.count < 16 { bytes.append(0x20) }
    return bytes
}

/// An item or sub-item: type, reserved byte, 2-byte length, value.
private func writeItem(_ buffer: inout ByteBuffer, type: UInt8, bytes: [UInt8]) {
    buffer.writeInteger(type)
    buffer.writeInteger(UInt8(0))
    buffer.writeInteger(UInt16(truncatingIfNeeded: bytes.count))
    buffer.writeBytes(bytes)
}

private func writeItem(_ buffer: inout ByteBuffer, type: UInt8, _ body: (inout ByteBuffer) -> Void) {
    buffer.writeInteger(type)
    buffer.writeInteger(UInt8(0))
    let lengthIndex = buffer.writerIndex
    buffer.writeInteger(UInt16(0))
    let start = buffer.writerIndex
    body(&buffer)
    buffer.setInteger(UInt16(truncatingIfNeeded: buffer.writerIndex - start), at: lengthIndex)
}

private func writeUserInformation(_ buffer: inout ByteBuffer, _ user: UserInformation) {
    writeItem(&buffer, type: 0x50) { item in
        var maximum = ByteBuffer()
        maximum.writeInteger(user.maximumLength)
        writeItem(&item, type: 0x51, bytes: Array(maximum.readableBytesView))
        writeItem(&item, type: 0x52, bytes: Array(user.implementationClassUID.utf8))
        if let name = user.implementationVersionName { writeItem(&item, type: 0x55, bytes: Array(name.utf8.prefix(16))) }
        if let identity = user.userIdentity {
            writeItem(&item, type: 0x58) { sub in
                sub.writeInteger(identity.kind.rawValue)
                sub.writeInteger(UInt8(identity.positiveResponseRequested ? 1 : 0))
                sub.writeInteger(UInt16(truncatingIfNeeded: identity.primaryField.count))
                sub.writeBytes(identity.primaryField)
                sub.writeInteger(UInt16(truncatingIfNeeded: identity.secondaryField.count))
                sub.writeBytes(identity.secondaryField)
            }
        }
        if let response = user.userIdentityResponse {
            writeItem(&item, type: 0x59) { sub in
                sub.writeInteger(UInt16(truncatingIfNeeded: response.count))
                sub.writeBytes(response)
            }
        }
    }
}

private func decodeUserInformation(_ reader: inout PDUReader) throws -> UserInformation {
    var user = UserInformation(maximumLength: 0, implementationClassUID: "")
    while reader.remaining > 0 {
        let (type, value) = try reader.item()
        var sub = PDUReader(buffer: value, pdu: reader.pdu, base: reader.offset - value.readableBytes)
        switch type {
        case 0x51: user.maximumLength = try sub.uint32()
        case 0x52: user.implementationClassUID = sub.text()
        case 0x55: user.implementationVersionName = sub.text()
        case 0x58:
            let rawKind = try sub.uint8()
            let positive = try sub.uint8() != 0
            let primary = try sub.bytes(Int(try sub.uint16()))
            let secondary = sub.remaining >= 2 ? try sub.bytes(Int(try sub.uint16())) : []
            if let kind = UserIdentity.Kind(rawValue: rawKind) {
                user.userIdentity = UserIdentity(kind: kind, positiveResponseRequested: positive, primaryField: primary, secondaryField: secondary)
            }
        case 0x59:
            user.userIdentityResponse = try sub.bytes(Int(try sub.uint16()))
        default:
            break  // asynchronous operations, role selection, extended negotiation: not used
        }
    }
    return user
}

/// A bounds-checked reader over a PDU body: every read throws instead of trapping.
struct PDUReader {
    var buffer: ByteBuffer
    let pdu: String
    /// Offset of the buffer's first byte within the PDU body, for messages.
    let base: Int
    private let start: Int

    init(buffer: ByteBuffer, pdu: String, base: Int = 0) {
        self.buffer = buffer
        self.pdu = pdu
        self.base = base
        self.start = buffer.readerIndex
    }

    var remaining: Int { buffer.readableBytes }
    /// Offset of the next byte within the PDU body.
    var offset: Int { base + buffer.readerIndex - start }

    func error(_ message: String) -> NetworkError {
        NetworkError(.malformedPDU, "\(pdu): \(message) (at byte \(offset) of the PDU body)")
    }

    mutating func uint8() throws -> UInt8 {
        guard let value = buffer.readInteger(as: UInt8.self) else { throw error("ends early") }
        return value
    }

    mutating func uint16() throws -> UInt16 {
        guard let value = buffer.readInteger(as: UInt16.self) else { throw error("ends early") }
        return value
    }

    mutating func uint32() throws -> UInt32 {
        guard let value = buffer.readInteger(as: UInt32.self) else { throw error("ends early") }
        return value
    }

    mutating func skip(_ count: Int) throws {
        guard buffer.readableBytes >= count else { throw error("ends early") }
        buffer.moveReaderIndex(forwardBy: count)
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, let bytes = buffer.readBytes(length: count) else {
            throw error("a value of \(count) bytes runs past the end (\(buffer.readableBytes) left)")
        }
        return bytes
    }

    /// An item: type, reserved byte, 2-byte length and its value.
    mutating func item() throws -> (UInt8, ByteBuffer) {
        let type = try uint8()
        try skip(1)
        let length = Int(try uint16())
        guard let value = buffer.readSlice(length: length) else {
            throw error("item 0x\(hex(type)) of \(length) bytes runs past the end (\(buffer.readableBytes) left)")
        }
        return (type, value)
    }

    /// A 16-byte AE title, without its padding.
    mutating func aeTitle() throws -> String {
        let field = try bytes(16)
        return String(decoding: field, as: UTF8.self).trimmingPadding()
    }

    /// The rest as text, without trailing NUL or space padding.
    mutating func text() -> String {
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        return String(decoding: bytes, as: UTF8.self).trimmingPadding()
    }
}

extension String {
    /// Without leading and trailing spaces and trailing NULs.
    func trimmingPadding() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last == " " || last == "\0" { scalars = scalars.dropLast() }
        while let first = scalars.first, first == " " { scalars = scalars.dropFirst() }
        return String(scalars)
    }
}

/// Two hexadecimal digits per byte, upper case.
func hex<T: FixedWidthInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    let width = T.bitWidth / 4
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
