import NIOCore

/// Frames the byte stream of an association into PDUs (PS3.8 9.3.1): a 6-byte header, type and
/// big-endian length, then the body, decoded by `PDU.decode`. A PDU longer than
/// `maximumLength` is refused before it is buffered, so a broken or hostile peer cannot make
/// this side hold unbounded memory.
public struct PDUFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = PDU

    /// Largest PDU body accepted.
    public let maximumLength: Int

    public init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let pdu = try Self.frame(&buffer, maximumLength: maximumLength) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(pdu))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let pdu = try Self.frame(&buffer, maximumLength: maximumLength) {
            context.fireChannelRead(Self.wrapInboundOut(pdu))
        }
        return .needMoreData
    }

    /// Takes one whole PDU off the front of `buffer`, or returns nil (consuming nothing) when
    /// more bytes are needed. The framing step, separate from the channel for tests.
    /// - Throws: `NetworkError.pduTooLarge` or `.malformedPDU`.
    public static func frame(_ buffer: inout ByteBuffer, maximumLength: Int) throws -> PDU? {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt32.self)
        else { return nil }
        guard (0x01...0x07).contains(type) else {
            throw NetworkError(.malformedPDU, "unknown PDU type 0x\(hex(type)): the peer does not speak the DICOM upper layer protocol")
        }
        guard Int64(length) <= Int64(maximumLength) else {
            throw NetworkError(.pduTooLarge, "\(PDU.pduName(type)) of \(length) bytes is longer than the \(maximumLength) bytes this side accepts")
        }
        guard buffer.readableBytes >= 6 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 6)
        guard let body = buffer.readSlice(length: Int(length)) else { return nil }
        return try PDU.decode(type: type, body: body)
    }
}
