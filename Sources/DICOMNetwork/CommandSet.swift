/// A DIMSE command set (PS3.7 section 9.3 and 6.3.1): group 0000 elements, always encoded in
/// implicit VR little endian whatever the presentation context's transfer syntax.
public struct CommandSet: Sendable, Equatable {
    /// Element tags of group 0000 (PS3.7 Annex E).
    public enum Field: UInt16, Sendable {
        case groupLength = 0x0000
        case affectedSOPClassUID = 0x0002
        case commandField = 0x0100
        case messageID = 0x0110
        case messageIDBeingRespondedTo = 0x0120
        case moveOriginatorAETitle = 0x1030
        case moveOriginatorMessageID = 0x1031
        case priority = 0x0700
        case commandDataSetType = 0x0800
        case status = 0x0900
        case offendingElement = 0x0901
        case errorComment = 0x0902
        case errorID = 0x0903
        case affectedSOPInstanceUID = 0x1000
    }

    /// Command Field values used here (PS3.7 E.1).
    public enum Command: UInt16, Sendable {
        case cStoreRequest = 0x0001
        case cStoreResponse = 0x8001
        case cEchoRequest = 0x0030
        case cEchoResponse = 0x8030
    }

    /// Command Data Set Type value meaning "no data set" (PS3.7 E.1).
    public static let noDataSet: UInt16 = 0x0101

    /// (element number, value bytes), in ascending element order, group length excluded.
    public private(set) var elements: [(UInt16, [UInt8])] = []

    public init() {}

    public static func == (lhs: CommandSet, rhs: CommandSet) -> Bool {
        lhs.elements.elementsEqual(rhs.elements) { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public mutating func set(_ field: Field, uint16 value: UInt16) {
        set(element: field.rawValue, [UInt8(value & 0xFF), UInt8(value >> 8)])
    }

    public mutating func set(_ field: Field, uid value: String) {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(0) }
        set(element: field.rawValue, bytes)
    }

    public mutating func set(_ field: Field, text value: String) {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(0x20) }
        set(element: field.rawValue, bytes)
    }

    mutating func set(element: UInt16, _ bytes: [UInt8]) {
        guard element != 0 else { return }
        if let index = elements.firstIndex(where: { $0.0 == element }) {
            elements[index].1 = bytes
        } else {
            elements.append((element, bytes))
            elements.sort { $0.0 < $1.0 }
        }
    }

    public func bytes(_ field: Field) -> [UInt8]? { elements.first { $0.0 == field.rawValue }?.1 }

    public func uint16(_ field: Field) -> UInt16? {
        guard let value = bytes(field), value.count >= 2 else { return nil }
        return UInt16(value[0]) | UInt16(value[1]) << 8
    }

    /// A UI or text value without its padding.
    public func string(_ field: Field) -> String? {
        bytes(field).map { String(decoding: $0, as: UTF8.self).trimmingPadding() }
    }

    /// Whether a data set follows the command.
    public var hasDataSet: Bool { (uint16(.commandDataSetType) ?? CommandSet.noDataSet) != CommandSet.noDataSet }

    /// The command set in implicit VR little endian, starting with Command Group Length.
    public func encoded() -> [UInt8] {
        var body: [UInt8] = []
        for (element, value) in elements {
            appendHeader(&body, element: element, length: value.count)
            body += value
        }
        var out: [UInt8] = []
        appendHeader(&out, element: 0, length: 4)
        out += littleEndian(UInt32(truncatingIfNeeded: body.count))
        return out + body
    }

    /// Decodes an implicit VR little endian command set.
    /// - Throws: `NetworkError.malformedCommand` when an element runs past the end or is not of
    ///   group 0000.
    public static func decode(_ bytes: [UInt8]) throws -> CommandSet {
        var command = CommandSet()
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 8 else {
                throw NetworkError(.malformedCommand, "command set ends inside an element header at byte \(offset)")
            }
            let group = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
            let element = UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8
            let length = Int(UInt32(bytes[offset + 4]) | UInt32(bytes[offset + 5]) << 8 | UInt32(bytes[offset + 6]) << 16 | UInt32(bytes[offset + 7]) << 24)
            offset += 8
            guard group == 0 else {
                throw NetworkError(.malformedCommand, "element (\(hex(group)),\(hex(element))) at byte \(offset - 8) is not of the command group 0000")
            }
            guard length <= bytes.count - offset else {
                throw NetworkError(.malformedCommand, "element (0000,\(hex(element))) of \(length) bytes runs past the end of the command set")
            }
            command.set(element: element, Array(bytes[offset..<offset + length]))
            offset += length
        }
        return command
    }

    /// C-ECHO-RQ (PS3.7 9.3.5.1).
    public static func echoRequest(messageID: UInt16) -> CommandSet {
        var command = CommandSet()
        command.set(.affectedSOPClassUID, uid: verificationSOPClass)
        command.set(.commandField, uint16: Command.cEchoRequest.rawValue)
        command.set(.messageID, uint16: messageID)
        command.set(.commandDataSetType, uint16: noDataSet)
        return command
    }

    /// C-STORE-RQ (PS3.7 9.3.1.1), priority medium.
    public static func storeRequest(messageID: UInt16, sopClass: String, sopInstance: String) -> CommandSet {
        var command = CommandSet()
        command.set(.affectedSOPClassUID, uid: sopClass)
        command.set(.commandField, uint16: Command.cStoreRequest.rawValue)
        command.set(.messageID, uint16: messageID)
        command.set(.priority, uint16: 0)
        command.set(.commandDataSetType, uint16: 0x0000)
        command.set(.affectedSOPInstanceUID, uid: sopInstance)
        return command
    }
}

/// The Verification SOP Class (PS3.4 A.4).
public let verificationSOPClass = "1.2.840.10008.1.1"

private func appendHeader(_ bytes: inout [UInt8], element: UInt16, length: Int) {
    bytes += [0, 0, UInt8(element & 0xFF), UInt8(element >> 8)]
    bytes += littleEndian(UInt32(truncatingIfNeeded: length))
}

private func littleEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
}
