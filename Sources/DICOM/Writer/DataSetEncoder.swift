/// Encodes data sets into a sink in one encoding (PS3.5 7.1 to 7.5). Elements and items that
/// still hold their original bytes in the same encoding are copied verbatim; everything else is
/// encoded from its value. Group lengths are recomputed only for groups that changed.
struct DataSetEncoder {
    let encoding: Encoding
    let sink: any ByteSink

    /// Whether `element` can be copied as it was read.
    @inline(__always)
    func isReusable(_ span: EncodedSpan?) -> Bool {
        guard let span else { return false }
        return span.encoding == encoding
    }

    func write(_ dataSet: DataSet) throws {
        let dirtyGroups = changedGroups(dataSet)
        for element in dataSet.elements {
            if element.tag.isGroupLength, dirtyGroups.contains(element.tag.group) {
                let length = try groupLength(dataSet, group: element.tag.group)
                try writeElement(Element(element.tag, .UL, bytes: uint32LE(UInt32(clamping: length))))
            } else {
                try writeElement(element)
            }
        }
    }

    /// Groups with a group length element whose content changed (in this encoding).
    private func changedGroups(_ dataSet: DataSet) -> Set<UInt16> {
        guard dataSet.elements.contains(where: { $0.tag.isGroupLength }) else { return [] }
        var groups = dataSet.touchedGroups
        for element in dataSet.elements where !isReusable(element.encoded) {
            groups.insert(element.tag.group)
        }
        return groups
    }

    /// Bytes of the elements of `group` after its group length element.
    private func groupLength(_ dataSet: DataSet, group: UInt16) throws -> Int64 {
        var total: Int64 = 0
        for element in dataSet.elements where element.tag.group == group && !element.tag.isGroupLength {
            total += try encodedLength(of: element)
        }
        return total
    }

    func writeElement(_ element: Element) throws {
        if isReusable(element.encoded), let span = element.encoded {
            try sink.copy(from: span.source, offset: span.offset, length: span.length)
            return
        }
        switch element.value {
        case .bytes(let bytes):
            let padded = bytes.count % 2 == 1
            let vr = headerVR(element.vr, length: Int64(bytes.count) + (padded ? 1 : 0))
            try writeHeader(element.tag, vr, length: UInt32(bytes.count + (padded ? 1 : 0)))
            if encoding.isBigEndian && element.vr.swapUnit > 1 {
                var swapped = bytes
                swapBytes(&swapped, unit: element.vr.swapUnit)
                try sink.write(swapped)
            } else {
                try sink.write(bytes)
            }
            if padded { try sink.write([element.vr.paddingByte]) }
        case .bulk(let bulk):
            let padded = bulk.length % 2 == 1
            let total = bulk.length + (padded ? 1 : 0)
            guard total < 0xFFFF_FFFF else { throw tooLong(element.tag, total) }
            try writeHeader(element.tag, headerVR(element.vr, length: total), length: UInt32(total))
            let unit = bulk.isBigEndian != encoding.isBigEndian ? max(bulk.swapUnit, element.vr.swapUnit) : 1
            try sink.copy(from: bulk.source, offset: bulk.offset, length: bulk.length, swapUnit: unit)
            if padded { try sink.write([element.vr.paddingByte]) }
        case .sequence(let items):
            let vr: VR = .SQ
            if element.hasUndefinedLength {
                try writeHeader(element.tag, vr, length: 0xFFFF_FFFF)
            } else {
                let length = try items.reduce(Int64(0)) { $0 + (try encodedLength(of: $1)) }
                guard length < 0xFFFF_FFFF else { throw tooLong(element.tag, length) }
                try writeHeader(element.tag, vr, length: UInt32(length))
            }
            for item in items { try writeItem(item) }
            if element.hasUndefinedLength { try writeDelimiter(.sequenceDelimitationItem) }
        case .encapsulated(let pixels):
            try writeHeader(element.tag, element.vr == .OW ? .OW : .OB, length: 0xFFFF_FFFF)
            for fragment in pixels.items {
                guard fragment.length < 0xFFFF_FFFF else { throw tooLong(element.tag, fragment.length) }
                try writeTag(.item)
                try sink.write(uint32(UInt32(fragment.length)))
                try sink.copy(from: fragment.source, offset: fragment.offset, length: fragment.length)
            }
            try writeDelimiter(.sequenceDelimitationItem)
        }
    }

    func writeItem(_ item: Item) throws {
        if isReusable(item.encoded), let span = item.encoded {
            try sink.copy(from: span.source, offset: span.offset, length: span.length)
            return
        }
        try writeTag(.item)
        if item.hasUndefinedLength {
            try sink.write(uint32(0xFFFF_FFFF))
        } else {
            let length = try dataSetLength(item.dataSet)
            guard length < 0xFFFF_FFFF else { throw tooLong(.item, length) }
            try sink.write(uint32(UInt32(length)))
        }
        try write(item.dataSet)
        if item.hasUndefinedLength { try writeDelimiter(.itemDelimitationItem) }
    }

    /// The VR to put in an explicit header: a value too long for a 16-bit length goes as UN
    /// (PS3.5 6.2.2 note).
    private func headerVR(_ vr: VR, length: Int64) -> VR {
        (!vr.hasLongExplicitLength && length > 0xFFFF) ? .UN : vr
    }

    private func writeHeader(_ tag: Tag, _ vr: VR, length: UInt32) throws {
        try writeTag(tag)
        if encoding.isExplicitVR {
            let (c0, c1) = vr.code
            if vr.hasLongExplicitLength {
                try sink.write([c0, c1, 0, 0] + uint32(length))
            } else {
                try sink.write([c0, c1] + uint16(UInt16(truncatingIfNeeded: length)))
            }
        } else {
            try sink.write(uint32(length))
        }
    }

    private func writeTag(_ tag: Tag) throws {
        try sink.write(uint16(tag.group) + uint16(tag.element))
    }

    private func writeDelimiter(_ tag: Tag) throws {
        try writeTag(tag)
        try sink.write(uint32(0))
    }

    // MARK: Lengths

    func encodedLength(of element: Element) throws -> Int64 {
        if isReusable(element.encoded), let span = element.encoded { return span.length }
        let headerVRLength: (VR, Int64) -> Int64 = { vr, length in
            guard self.encoding.isExplicitVR else { return 8 }
            return self.headerVR(vr, length: length).hasLongExplicitLength ? 12 : 8
        }
        switch element.value {
        case .bytes(let bytes):
            let length = Int64(bytes.count + bytes.count % 2)
            return headerVRLength(element.vr, length) + length
        case .bulk(let bulk):
            let length = bulk.length + bulk.length % 2
            return headerVRLength(element.vr, length) + length
        case .sequence(let items):
            let content = try items.reduce(Int64(0)) { $0 + (try encodedLength(of: $1)) }
            return (encoding.isExplicitVR ? 12 : 8) + content + (element.hasUndefinedLength ? 8 : 0)
        case .encapsulated(let pixels):
            return 12 + pixels.items.reduce(Int64(0)) { $0 + 8 + $1.length } + 8
        }
    }

    func encodedLength(of item: Item) throws -> Int64 {
        if isReusable(item.encoded), let span = item.encoded { return span.length }
        return 8 + (try dataSetLength(item.dataSet)) + (item.hasUndefinedLength ? 8 : 0)
    }

    func dataSetLength(_ dataSet: DataSet) throws -> Int64 {
        try dataSet.elements.reduce(Int64(0)) { $0 + (try encodedLength(of: $1)) }
    }

    // MARK: Numbers in the target byte order

    func uint16(_ value: UInt16) -> [UInt8] {
        let b0 = UInt8(truncatingIfNeeded: value), b1 = UInt8(truncatingIfNeeded: value >> 8)
        return encoding.isBigEndian ? [b1, b0] : [b0, b1]
    }

    func uint32(_ value: UInt32) -> [UInt8] {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return encoding.isBigEndian ? bytes.reversed() : bytes
    }

    private func tooLong(_ tag: Tag, _ length: Int64) -> DICOMError {
        DICOMError(.tooLarge, "\(tag) would need \(length) bytes, more than a 32-bit length can hold")
    }
}

/// A 32-bit number in little-endian byte order (the in-memory form of values).
func uint32LE(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}
