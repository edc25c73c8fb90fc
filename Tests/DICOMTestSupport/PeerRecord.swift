import Foundation
import XCTest

/// What the pynetdicom SCP saw, read from the JSON lines it appends to its `--record` file (see
/// Tests/DICOMNetworkTests/Peers/pynetdicom_scp.py): user identities, P-DATA-TF PDU lengths,
/// associations opened and closed, C-STORE requests with the status answered.
public struct PeerRecord: Sendable {
    /// One line of the record.
    public struct Entry: Sendable {
        public var event: String
        public var time: Double
        public var fields: [String: String]
        public var numbers: [String: Double]
    }

    public var entries: [Entry]

    /// Reads `url`; a record that does not exist yet is empty.
    public init(contentsOf url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            entries = []
            return
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        entries = try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw XCTSkip("the peer's record has a line that is not a JSON object: \(line)")
            }
            var fields: [String: String] = [:]
            var numbers: [String: Double] = [:]
            for (key, value) in object {
                if let text = value as? String { fields[key] = text }
                if let number = value as? NSNumber { numbers[key] = number.doubleValue }
            }
            return Entry(event: fields["event"] ?? "", time: numbers["time"] ?? 0, fields: fields, numbers: numbers)
        }
    }

    /// The entries of one kind, in the order the peer wrote them.
    public func events(_ name: String) -> [Entry] { entries.filter { $0.event == name } }

    /// The PDU Length field of every P-DATA-TF PDU received.
    public var pDataLengths: [Int] { events("pdata").compactMap { $0.numbers["length"].map { Int($0) } } }

    /// The most associations that were open at the same time.
    public var maximumConcurrentAssociations: Int {
        var open = 0, most = 0
        for entry in entries where entry.event == "accepted" || entry.event == "closed" {
            open += entry.event == "accepted" ? 1 : -1
            most = max(most, open)
        }
        return most
    }

    /// When each attempt to store `uid` arrived, in order.
    public func storeTimes(of uid: String) -> [Double] {
        events("store").filter { $0.fields["uid"] == uid }.map(\.time)
    }
}
