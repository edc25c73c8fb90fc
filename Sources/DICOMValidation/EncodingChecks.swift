import DICOM

/// The encoding of every data element, items included (PS3.5 6.2, 6.4, 7): VR against the data
/// dictionary, value lengths, character repertoires and value syntax, value multiplicity,
/// padding, private creators, group lengths, undefined lengths and retired attributes.
///
/// Problems the reader already reports (odd lengths, out-of-order and duplicate elements, an
/// undefined length on a non-sequence in explicit VR) are not repeated. Values left in the file
/// (bulk data) are not loaded: only their lengths are checked.
enum EncodingChecks {
    /// Adds a finding for every encoding problem of `dataSet` and its items.
    /// - Parameters:
    ///   - characterSet: the Specific Character Set in force at the top level; items that declare
    ///     their own (0008,0005) override it for their elements (PS3.5 7.5.3).
    static func check(_ dataSet: DataSet, characterSet: SpecificCharacterSet, into sink: inout FindingSink) {
        check(dataSet, characterSet: characterSet, path: .root, into: &sink)
    }

    private static func check(_ dataSet: DataSet, characterSet: SpecificCharacterSet, path: TagPath, into sink: inout FindingSink) {
        checkGroupLengths(dataSet, path: path, into: &sink)
        for element in dataSet.elements {
            let context = ElementContext(element, path: path.appending(element.tag))
            checkDictionary(context, into: &sink)
            checkPrivateCreator(context, in: dataSet, into: &sink)
            checkReservedGroup(context, into: &sink)
            checkLengths(context, into: &sink)
            StringValueChecks.check(context, characterSet: characterSet, into: &sink)
            if case .sequence(let items) = element.value {
                for (index, item) in items.enumerated() {
                    let itemCharacterSet = item.dataSet.specificCharacterSet(inherited: characterSet)
                    check(item.dataSet, characterSet: itemCharacterSet, path: context.path.item(index), into: &sink)
                }
            }
        }
    }

    // MARK: Dictionary: VR and retirement

    /// The VR against the dictionary's (PS3.5 6.2, PS3.6 6); retired attributes as information.
    private static func checkDictionary(_ context: ElementContext, into sink: inout FindingSink) {
        let element = context.element
        guard let entry = context.entry else { return }
        if entry.isRetired {
            sink.add(context.finding(
                .info, "attribute.retired", "\(context.label) is retired from the standard",
                reference: "PS3.6 6"))
        }
        if case .encapsulated = element.value, element.vr != .OB {
            // OW is a VR of Pixel Data, but not of its encapsulated (compressed) form.
            sink.add(context.finding(
                .error, "vr.encapsulated-not-ob", "\(context.label) holds encapsulated fragments but has VR \(element.vr); encapsulated Pixel Data is OB",
                found: element.vr.rawValue, expected: "OB", reference: "PS3.5 A.4"))
            return
        }
        guard !element.tag.isGroupLength, element.vr != .UN, entry.vr != .UN, !context.allowedVRs.contains(element.vr)
        else { return }
        let expected = context.allowedVRs.map(\.rawValue).joined(separator: " or ")
        if element.vr == .SQ, element.hasUndefinedLength, let encoded = element.encoded {
            // The reader read a value of undefined length as a sequence. In explicit VR it has
            // said so already (read.length.undefined-non-sequence); in implicit VR it has not.
            if !encoded.encoding.isExplicitVR {
                sink.add(context.finding(
                    .error, "length.undefined-not-allowed",
                    "\(context.label) has undefined length, which only SQ, UN and encapsulated Pixel Data may have; read as a sequence",
                    found: "undefined length", expected: "a defined length for \(expected)", reference: "PS3.5 7.1"))
            }
            return
        }
        sink.add(context.finding(
            .error, "vr.dictionary-mismatch", "\(context.label) has VR \(element.vr); the data dictionary gives \(expected)",
            found: element.vr.rawValue, expected: expected, reference: "PS3.5 6.2, PS3.6 6"))
    }

    // MARK: Private data elements

    /// A private data element needs its private creator in the same data set; elements
    /// (gggg,0001) to (gggg,000F) of private groups are not allowed (PS3.5 7.8.1).
    private static func checkPrivateCreator(_ context: ElementContext, in dataSet: DataSet, into sink: inout FindingSink) {
        let tag = context.element.tag
        guard tag.isPrivate, !tag.isGroupLength else { return }
        if let creatorTag = tag.privateCreatorTag {
            guard !dataSet.contains(creatorTag) else { return }
            sink.add(context.finding(
                .error, "element.private-without-creator",
                "private element \(tag) has no private creator \(creatorTag) reserving its block",
                expected: "\(creatorTag) present", reference: "PS3.5 7.8.1"))
        } else if tag.element < 0x0010 {
            sink.add(context.finding(
                .error, "element.private-reserved",
                "\(tag) is in a private group but elements (gggg,0001)-(gggg,000F) may not be used",
                reference: "PS3.5 7.8.1"))
        }
    }

    /// The odd groups 0001, 0003, 0005, 0007 and FFFF are neither standard nor private: no data
    /// element may use them (PS3.5 7.8.1). Item and delimiter tags (FFFE) are even and not here.
    private static func checkReservedGroup(_ context: ElementContext, into sink: inout FindingSink) {
        let group = context.element.tag.group
        guard group & 1 == 1, group <= 0x0007 || group == 0xFFFF else { return }
        let digits = String(group, radix: 16, uppercase: true)
        let hex = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        sink.add(context.finding(
            .error, "element.group-reserved",
            "\(context.element.tag) is in group \(hex), which no data element may use",
            found: hex, expected: "a standard (even) or private (odd, 0009-FFFD) group",
            reference: "PS3.5 7.8.1"))
    }

    // MARK: Lengths

    /// Undefined lengths, sizes of fixed-size binary values, and the VM of binary values.
    private static func checkLengths(_ context: ElementContext, into sink: inout FindingSink) {
        let element = context.element
        switch element.value {
        case .sequence:
            return
        case .encapsulated:
            if element.tag != Tag(0x7FE0, 0x0010) {
                sink.add(context.finding(
                    .error, "length.undefined-not-allowed",
                    "\(context.label) holds encapsulated fragments, which only Pixel Data (7FE0,0010) may",
                    found: "undefined length", expected: "a defined length", reference: "PS3.5 7.1, A.4"))
            }
            return
        case .bytes, .bulk:
            break
        }
        if element.hasUndefinedLength {
            sink.add(context.finding(
                .error, "length.undefined-not-allowed",
                "\(context.label) (\(element.vr)) has undefined length, which only SQ, UN and encapsulated Pixel Data may have",
                found: "undefined length", expected: "a defined length", reference: "PS3.5 7.1"))
        }
        let byteCount = element.value.byteCount
        guard let size = binaryUnit(element.vr) else { return }
        guard byteCount % Int64(size) == 0 else {
            // An odd length read from a file is the reader's read.value.odd-length.
            let readerReported = byteCount % 2 == 1 && element.offset != nil
            if !(size == 2 && readerReported) {
                sink.add(context.finding(
                    .error, "vr.fixed-length-mismatch",
                    "\(context.label) is \(byteCount) bytes long, not a multiple of \(size) as \(element.vr) requires",
                    found: "\(byteCount) bytes", expected: "a multiple of \(size)", reference: "PS3.5 6.2"))
            }
            return
        }
        guard let fixed = element.vr.fixedValueSize, byteCount > 0, let entry = context.entry,
            context.allowedVRs.contains(element.vr)
        else { return }
        let count = Int(byteCount / Int64(fixed))
        if !entry.multiplicity.allows(count) {
            sink.add(context.vmFinding(count: count, multiplicity: entry.multiplicity))
        }
    }

    /// The size every value length of `vr` must be a multiple of; nil for VRs without one.
    private static func binaryUnit(_ vr: VR) -> Int? {
        switch vr {
        case .OW: return 2
        case .OF, .OL: return 4
        case .OD, .OV: return 8
        default: return vr.fixedValueSize
        }
    }

    // MARK: Group lengths

    /// A group length (gggg,0000) must equal the encoded size of the rest of its group
    /// (PS3.5 7.2). Checked only when every element of the group was read from a file and the
    /// group is unchanged; File Meta Information is the reader's.
    private static func checkGroupLengths(_ dataSet: DataSet, path: TagPath, into sink: inout FindingSink) {
        for element in dataSet.elements where element.tag.isGroupLength && element.tag.group != 0x0002 {
            let group = element.tag.group
            guard !dataSet.touchedGroups.contains(group), let bytes = element.inlineBytes, bytes.count == 4 else { continue }
            let declared = Int64(bytes[0]) | Int64(bytes[1]) << 8 | Int64(bytes[2]) << 16 | Int64(bytes[3]) << 24
            var actual: Int64 = 0
            var complete = true
            for member in dataSet.elements where member.tag.group == group && !member.tag.isGroupLength {
                guard let span = member.encoded else {
                    complete = false
                    break
                }
                actual += span.length
            }
            guard complete, declared != actual else { continue }
            let context = ElementContext(element, path: path.appending(element.tag))
            sink.add(context.finding(
                .error, "group-length.wrong",
                "group length \(element.tag) says \(declared) bytes but group \(String(group, radix: 16, uppercase: true)) is encoded in \(actual)",
                found: "\(declared)", expected: "\(actual)", reference: "PS3.5 7.2"))
        }
    }
}

/// One element being checked, with its place and its dictionary entry.
struct ElementContext {
    let element: Element
    let path: TagPath
    /// The dictionary entry; nil for private data elements and unknown tags.
    let entry: DictionaryEntry?

    init(_ element: Element, path: TagPath) {
        self.element = element
        self.path = path
        let tag = element.tag
        self.entry = (tag.isPrivate && !tag.isPrivateCreator) ? nil : DataDictionary.entry(for: tag)
    }

    /// The VRs the dictionary allows; empty without an entry.
    var allowedVRs: [VR] { entry.map { [$0.vr] + $0.alternativeVRs } ?? [] }

    /// `Patient's Name (0010,0010)`, or the bare tag when the dictionary does not know it.
    var label: String {
        guard let entry, !entry.name.description.isEmpty else { return element.tag.description }
        return "\(entry.name) \(element.tag)"
    }

    func finding(
        _ severity: Severity, _ code: String, _ message: String, found: String? = nil, expected: String? = nil,
        reference: String = "PS3.5 6.2"
    ) -> Finding {
        Finding(severity, code, message, path: path, offset: element.offset, found: found, expected: expected, reference: reference)
    }

    func vmFinding(count: Int, multiplicity: ValueMultiplicity) -> Finding {
        finding(
            .error, "vm.mismatch",
            "\(label) has \(count) value\(count == 1 ? "" : "s"); the data dictionary allows VM \(multiplicity)",
            found: "\(count)", expected: multiplicity.description, reference: "PS3.5 6.4, PS3.6 6")
    }
}
