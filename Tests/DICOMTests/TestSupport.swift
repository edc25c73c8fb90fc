import Foundation
import XCTest

@_exported import DICOMTestSupport

@testable import DICOM

/// Builds encoded elements by hand, for tests of the reader on exact byte layouts.
struct Bytes {
    var encoding: Encoding = .explicitLittle

    func u16(_ v: UInt16) -> [UInt8] {
        let b = [UInt8(v & 0xFF), UInt8(v >> 8)]
        return encoding.isBigEndian ? b.reversed() : b
    }

    func u32(_ v: UInt32) -> [UInt8] {
        let b = (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) }
        return encoding.isBigEndian ? b.reversed() : b
    }

    func tag(_ t: Tag) -> [UInt8] { u16(t.group) + u16(t.element) }

    /// One element with the given raw value bytes and length field (the value's count unless
    /// `length` is given, e.g. 0xFFFFFFFF).
    func element(_ t: Tag, _ vr: VR, _ value: [UInt8], length: UInt32? = nil) -> [UInt8] {
        let l = length ?? UInt32(value.count)
        guard encoding.isExplicitVR else { return tag(t) + u32(l) + value }
        let code = Array(vr.rawValue.utf8)
        if vr.hasLongExplicitLength { return tag(t) + code + [0, 0] + u32(l) + value }
        return tag(t) + code + u16(UInt16(l)) + value
    }

    func text(_ t: Tag, _ vr: VR, _ s: String) -> [UInt8] {
        var v = Array(s.utf8)
        if v.count % 2 == 1 { v.append(vr == .UI ? 0 : 0x20) }
        return element(t, vr, v)
    }

    func item(_ content: [UInt8], undefined: Bool = false) -> [UInt8] {
        tag(.item) + u32(undefined ? 0xFFFF_FFFF : UInt32(content.count)) + content
            + (undefined ? tag(.itemDelimitationItem) + u32(0) : [])
    }

    var sequenceDelimiter: [UInt8] { tag(.sequenceDelimitationItem) + u32(0) }

    /// A Part-10 file: zero preamble, DICM, meta with group length, then `dataSet`.
    static func part10(transferSyntax: String, dataSet: [UInt8], sopClass: String = "1.2.840.10008.5.1.4.1.1.7", sopInstance: String = "1.2.3.4") -> [UInt8] {
        let m = Bytes(encoding: .explicitLittle)
        var group = m.element(Tag(0x0002, 0x0001), .OB, [0, 1])
        group += m.text(Tag(0x0002, 0x0002), .UI, sopClass)
        group += m.text(Tag(0x0002, 0x0003), .UI, sopInstance)
        group += m.text(Tag(0x0002, 0x0010), .UI, transferSyntax)
        let length = m.element(Tag(0x0002, 0x0000), .UL, m.u32(UInt32(group.count)))
        return [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + length + group + dataSet
    }
}

/// Every value of a data set, flattened to (path, bytes without trailing padding), for comparing
/// data sets across encodings.
func flattenedValues(_ dataSet: DataSet, prefix: String = "") throws -> [String: [UInt8]] {
    var result: [String: [UInt8]] = [:]
    for element in dataSet.elements where !element.tag.isGroupLength {
        let key = prefix + element.tag.description
        switch element.value {
        case .sequence(let items):
            result[key] = Array("items:\(items.count)".utf8)
            for (i, item) in items.enumerated() {
                result.merge(try flattenedValues(item.dataSet, prefix: "\(key)[\(i)]/")) { a, _ in a }
            }
        case .encapsulated(let pixels):
            result[key] = try pixels.items.flatMap { try $0.load() }
        default:
            var bytes = try element.loadBytes() ?? []
            while let last = bytes.last, last == 0 || last == 0x20 { bytes.removeLast() }
            result[key] = bytes
        }
    }
    return result
}
