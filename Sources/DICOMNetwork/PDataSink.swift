import DICOM
import NIOCore

/// A byte sink that cuts what is written into P-DATA-TF PDUs of one presentation data value each
/// (PS3.8 9.3.5, Annex E), each within the peer's maximum length, and hands them on in batches.
/// The last fragment of a message is sent with the "last" bit when the message is finished, so
/// a data set is streamed from disk without ever being held whole.
final class PDataSink: ByteSink {
    let contextID: UInt8
    /// Most data bytes in one PDV (the peer's maximum PDU length less the PDV item header).
    let fragmentLimit: Int
    /// Whether the fragments written are of the command (true) or of the data set.
    var isCommand = false
    /// Bytes gathered before a batch of PDUs is handed to `emit`.
    let batchSize: Int
    private let emit: (ByteBuffer) throws -> Void

    private var batch = ByteBuffer()
    /// Where the open PDU starts in `batch`, and how many data bytes it holds.
    private var open: (start: Int, payload: Int)?

    init(contextID: UInt8, fragmentLimit: Int, batchSize: Int = 256 * 1024, emit: @escaping (ByteBuffer) throws -> Void) {
        self.contextID = contextID
        self.fragmentLimit = max(1, fragmentLimit)
        self.batchSize = batchSize
        self.emit = emit
        batch.reserveCapacity(batchSize + fragmentLimit + 12)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            if let current = open, current.payload == fragmentLimit {
                try closePDU(last: false)
            }
            if open == nil { openPDU() }
            guard let current = open else { return }
            let take = min(bytes.count - offset, fragmentLimit - current.payload)
            batch.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + take]))
            open = (current.start, current.payload + take)
            offset += take
        }
    }

    /// Reads `length` bytes of `source` from `offset` straight into the PDUs being built: the
    /// file's bytes are copied once, from the page cache into the outgoing buffer.
    /// - Throws: I/O errors of the source, or when it ends before `length` bytes.
    func stream(from source: any ByteSource, offset: Int64, length: Int64) throws {
        var done: Int64 = 0
        while done < length {
            if let current = open, current.payload == fragmentLimit {
                try closePDU(last: false)
            }
            if open == nil { openPDU() }
            guard let current = open else { return }
            let want = Int(min(length - done, Int64(fragmentLimit - current.payload)))
            let position = offset + done
            let read = try batch.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { space in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: space[0..<want]), at: position)
            }
            guard read > 0 else {
                throw DICOMError(.ioError, "the file ended \(length - done) bytes early while being sent", file: source.name, offset: position)
            }
            open = (current.start, current.payload + read)
            done += Int64(read)
        }
    }

    /// Part of `ByteSink`: the data set writer calls it at its end; the message is finished by
    /// `finishMessage`.
    func finish() throws {}

    /// Ends the current message (command or data set): its last fragment gets the last bit.
    func finishMessage() throws {
        if open == nil { openPDU() }
        try closePDU(last: true)
    }

    /// Hands on every complete PDU gathered so far.
    func flush() throws {
        guard batch.readableBytes > 0 else { return }
        let out = batch
        batch = ByteBuffer()
        batch.reserveCapacity(batchSize + fragmentLimit + 12)
        try emit(out)
    }

    private func openPDU() {
        let start = batch.writerIndex
        batch.writeInteger(UInt8(0x04))
        batch.writeInteger(UInt8(0))
        batch.writeInteger(UInt32(0))  // PDU length, set on close
        batch.writeInteger(UInt32(0))  // PDV item length, set on close
        batch.writeInteger(contextID)
        batch.writeInteger(UInt8(0))  // message control header, set on close
        open = (start, 0)
    }

    private func closePDU(last: Bool) throws {
        guard let current = open else { return }
        open = nil
        batch.setInteger(UInt32(truncatingIfNeeded: current.payload + 6), at: current.start + 2)
        batch.setInteger(UInt32(truncatingIfNeeded: current.payload + 2), at: current.start + 6)
        batch.setInteger(UInt8((isCommand ? 1 : 0) | (last ? 2 : 0)), at: current.start + 11)
        if batch.readableBytes >= batchSize { try flush() }
    }
}
