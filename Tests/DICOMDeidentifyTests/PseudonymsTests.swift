import DICOM
import DICOMTestSupport
import XCTest

@testable import DICOMDeidentify

final class PseudonymsTests: XCTestCase {
    func key() throws -> DeidentificationKey { try DeidentificationKey(bytes: Array(0..<32)) }
    func pseudonyms() throws -> Pseudonyms { Pseudonyms(key: try key()) }

    func test_uid_isKeyedDeterministicAndUnder2_25() throws {
        let uid = try pseudonyms().uid("1.2.3.4.5")
        XCTAssertTrue(uid.hasPrefix("2.25."))
        XCTAssertLessThanOrEqual(uid.count, 44)
        XCTAssertEqual(uid, Pseudonyms(key: try key()).uid("1.2.3.4.5"))
        XCTAssertEqual(uid, try pseudonyms().uid("1.2.3.4.5\0"), "padding does not count")
        XCTAssertNotEqual(uid, try pseudonyms().uid("1.2.3.4.6"))
        XCTAssertNotEqual(uid, Pseudonyms(key: try DeidentificationKey(bytes: Array(1...32))).uid("1.2.3.4.5"))
        XCTAssertFalse(uid.dropFirst(5).hasPrefix("0"), "no leading zero in a UID component")
    }

    func test_uid_keepsStandardUIDs() throws {
        XCTAssertEqual(try pseudonyms().uid(UID.ctImageStorage), UID.ctImageStorage)
        XCTAssertEqual(try pseudonyms().uid("1.2.840.10008.1.2.1"), "1.2.840.10008.1.2.1")
    }

    func test_patientName_sameForCaseSpacesAndTrailingSeparators() throws {
        let base = try pseudonyms().patientName("Doe^Jane")
        XCTAssertEqual(try pseudonyms().patientName("DOE^JANE^^"), base)
        XCTAssertEqual(try pseudonyms().patientName(" doe ^ jane "), base)
        XCTAssertEqual(try pseudonyms().patientName("Doe^Jane=="), base)
        XCTAssertNotEqual(try pseudonyms().patientName("Doe^John"), base)
        XCTAssertTrue(base.hasPrefix("ANON^"))
        XCTAssertLessThanOrEqual(base.count, 64)
    }

    func test_patientID_isKeyedAndFitsLO() throws {
        XCTAssertEqual(try pseudonyms().patientID("12345 "), try pseudonyms().patientID("12345"))
        XCTAssertNotEqual(try pseudonyms().patientID("12345"), try pseudonyms().patientID("12346"))
        XCTAssertLessThanOrEqual(try pseudonyms().patientID("12345").count, 64)
    }

    func test_dateOffset_isPerPatientAndBetweenOneDayAndTenYearsBack() throws {
        let offset = try pseudonyms().dateOffset(patientID: "A", patientName: "X")
        XCTAssertEqual(offset, try pseudonyms().dateOffset(patientID: "A", patientName: "other name"))
        XCTAssertTrue((-3652 ... -1).contains(offset))
    }

    func test_decimal_ofBigEndianBytes() throws {
        XCTAssertEqual(decimal([0x01, 0x00]), "256")
        XCTAssertEqual(decimal([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), "18446744073709551615")
        XCTAssertEqual(decimal([0, 0]), "0")
    }

    func test_keyFile_roundTripsAndIsNeverOverwritten() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("k.key").path
        try DeidentificationKey.createFile(at: path)
        let first = try DeidentificationKey(contentsOf: path)
        let second = try DeidentificationKey(contentsOf: path)
        XCTAssertEqual(Pseudonyms(key: first).uid("1.2.3"), Pseudonyms(key: second).uid("1.2.3"))
        XCTAssertFalse(first.isEphemeral)
        XCTAssertThrowsError(try DeidentificationKey.createFile(at: path))
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o600)
    }

    func test_keyFile_malformed_isRefusedWithTheFileName() throws {
        let dir = try temporaryDirectory(self)
        let path = dir.appendingPathComponent("bad.key").path
        try "dicomfix-deidentification-key 1\nnothex\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DeidentificationKey(contentsOf: path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
        XCTAssertThrowsError(try DeidentificationKey(contentsOf: dir.appendingPathComponent("missing").path))
    }

    func test_dateShift_movesDatesRangesAndDateTimes() throws {
        XCTAssertEqual(DateShift.shiftDA("20240301", by: -1), "20240229")
        XCTAssertEqual(DateShift.shiftDA("20240101-20240110", by: -365), "20230101-20230110")
        XCTAssertEqual(DateShift.shiftDA("20240101\\20240102", by: 1), "20240102\\20240103")
        XCTAssertEqual(DateShift.shiftDA("garbage", by: 1), "", "what is not a date is not kept")
        XCTAssertEqual(DateShift.shiftDT("20240301120000.5+0100", by: -1), "20240229120000.5+0100")
        XCTAssertEqual(DateShift.shiftDate("20241231", by: 1), "20250101")
        XCTAssertNil(DateShift.shiftDate("20241301", by: 1))
    }

    func test_shard_partitionsPathsDisjointlyAndCompletely() throws {
        let paths = (0..<200).map { "study/series-\($0 % 7)/image-\($0).dcm" }
        let shards = try (0..<3).map { try Shard(index: $0, count: 3) }
        var seen: [String: Int] = [:]
        for shard in shards {
            for path in paths where shard.contains(relativePath: path) { seen[path, default: 0] += 1 }
        }
        XCTAssertEqual(seen.count, paths.count)
        XCTAssertTrue(seen.values.allSatisfy { $0 == 1 })
        XCTAssertThrowsError(try Shard(parsing: "3/3"))
        XCTAssertThrowsError(try Shard(parsing: "a/b"))
        XCTAssertEqual(try Shard(parsing: "2/5").description, "2/5")
    }

    func test_crosswalkCSV_escapesAndSorts() throws {
        let csv = Crosswalk.csv([
            CrosswalkEntry(kind: .uid, original: "1.2", replacement: "2.25.1"),
            CrosswalkEntry(kind: .patientName, original: "Doe, \"Jane\"", replacement: "ANON^X"),
            CrosswalkEntry(kind: .uid, original: "1.2", replacement: "2.25.1"),
        ])
        XCTAssertEqual(csv, "kind,original,replacement\r\npatient-name,\"Doe, \"\"Jane\"\"\",ANON^X\r\nuid,1.2,2.25.1\r\n")
    }
}
