import DICOM
import XCTest

@testable import DICOMValidation

/// Conditions of attributes inside sequence items, evaluated on the top-level data set:
/// Multiplex Group Time Offset in the Waveform module (PS3.3 C.10.9).
final class IODItemConditionsTests: XCTestCase {
    private let offset = "(0018,1068)"

    /// The IOD findings about Multiplex Group Time Offset for a 12-lead ECG with two multiplex
    /// groups, the first with an offset, after `change`.
    private func offsetFindings(_ change: (inout DataSet) -> Void) -> [String] {
        var dataSet = DataSet()
        dataSet.setString(.sopClassUID, .UI, "1.2.840.10008.5.1.4.1.1.9.1.1")
        var first = DataSet()
        first.setString(.multiplexGroupTimeOffset, .DS, "0")
        first.setString(.waveformOriginality, .CS, "ORIGINAL")
        var second = DataSet()
        second.setString(.waveformOriginality, .CS, "ORIGINAL")
        dataSet.set(Element(.waveformSequence, .SQ, value: .sequence([Item(first), Item(second)])))
        change(&dataSet)
        var sink = FindingSink(file: "test.dcm")
        IODChecks.check(dataSet, into: &sink)
        return sink.findings.filter { $0.tagPath.description.hasSuffix(offset) }.map { "\($0.code) \($0.tagPath)" }
    }

    func test_multiplexGroupTimeOffsetAbsent_withAcquisitionTimeSynchronized_isType1CMissing() {
        let result = offsetFindings { $0.setString(.acquisitionTimeSynchronized, .CS, "Y") }
        XCTAssertEqual(result, ["iod.type1c.missing (5400,0100)[1]/\(offset)"])
    }

    func test_multiplexGroupTimeOffset_withoutSynchronizedTime_mayBePresentOrAbsent() {
        XCTAssertEqual(offsetFindings { $0.setString(.acquisitionTimeSynchronized, .CS, "N") }, [])
        XCTAssertEqual(offsetFindings { _ in }, [])
    }

    func test_multiplexGroupTimeOffsetEmpty_isType1CEmpty() {
        let result = offsetFindings { dataSet in
            _ = dataSet.modify(.waveformSequence) { element in
                element.items[0].dataSet.setString(.multiplexGroupTimeOffset, .DS, "")
            }
        }
        XCTAssertEqual(result, ["iod.type1c.empty (5400,0100)[0]/\(offset)"])
    }

    func test_itemCondition_isNotAppliedToATopLevelAttributeOfTheSameTag() {
        // The rule is for items of the Waveform Sequence; a top-level element is not the module's.
        let result = offsetFindings { dataSet in
            dataSet.setString(.acquisitionTimeSynchronized, .CS, "Y")
            dataSet.setString(.multiplexGroupTimeOffset, .DS, "")
        }
        XCTAssertEqual(result, ["iod.type1c.missing (5400,0100)[1]/\(offset)"])
    }
}
