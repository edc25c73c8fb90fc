import DICOM

/// Private data elements known to be safe to keep with retain-safe-private (PS3.15 E.3.10):
/// PS3.15 Table E.3.10-1 "Safe Private Attributes", every row, hand-entered.
///
/// Source: the table as printed in the standard's text, read from the reStructuredText
/// conversion of PS3.15 in github.com/chsasank/dicom_standard (`source/part15/chapter_E.rst`,
/// an edition of about 2017). The machine-readable extract in ../shared/standard does not carry
/// the table, so it cannot be generated. Rows added by later editions (CP-1672 and after) are not
/// in this list; elements not listed are removed, so the list can only err on the side of
/// removing too much.
enum SafePrivateAttributes {
    /// (private creator, group, element bytes within the block): the rows of Table E.3.10-1.
    private static let table: [(creator: String, group: UInt16, elements: [UInt8])] = [
        ("Philips PET Private Group", 0x7053, [0x00, 0x09]),  // SUV factor, activity concentration factor
        ("ELSCINT1", 0x00E1, [0x21, 0x50]),  // DLP, acquisition duration
        ("ELSCINT1", 0x01E1, [0x26]),  // phantom type
        ("ELSCINT1", 0x01F1, [0x01, 0x07, 0x26, 0x27]),  // acquisition type, table velocity, pitch, rotation time
        ("GEMS_ACQU_01", 0x0019, [0x23, 0x24, 0x27, 0x9E]),  // table speed, mid scan time, rotation speed, pulse sequence name
        ("GEMS_PARM_01", 0x0043, [0x27, 0x39, 0x6F]),  // scan pitch ratio, B value, table entry and gradient coil
        ("GEMS_HELIOS_01", 0x0045, [0x01, 0x02]),  // macro rows in detector, macro width at iso centre
        ("GEIIS PACS", 0x0903, [0x10, 0x11, 0x12]),  // reject, significant, confidential flags
        ("Philips Imaging DD 001", 0x2001, [0x03, 0x04]),  // diffusion B-factor, direction
        ("SIEMENS MR HEADER", 0x0019, [0x0C, 0x0D, 0x0E, 0x27]),  // B value, directionality, gradient direction, B matrix
        ("GEMS_SERS_01", 0x0025, [0x07]),  // images in series
        ("HOLOGIC, Inc.", 0x7E01, [0x01, 0x02, 0x10, 0x11, 0x12]),  // codec version, type, data sequences, content
        ("NQHeader", 0x0099, [0x01, 0x02, 0x04, 0x05, 0x10, 0x20, 0x21]),  // version, analyzed series, return code and message, MI, units, ICV
        ("NQLeft", 0x0199, [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16]),  // left brain volumes
        ("NQRight", 0x0299, [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16]),  // right brain volumes
        ("Philips MR Imaging DD 001", 0x2005, [0x0D, 0x0E]),  // scale intercept, scale slope
        ("SIEMENS Ultrasound SC2000", 0x0119, [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x10, 0x11, 0x12, 0x13, 0x21]),  // acoustic meta information
        ("SIEMENS Ultrasound SC2000", 0x0129, [0x00, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x10, 0x11, 0x12, 0x20, 0x21, 0x22, 0x29, 0x30]),  // MPR views, bookmarks, cine parameters
        ("SIEMENS Ultrasound SC2000", 0x0139, [0x01]),  // physio capture ROI
        ("SIEMENS Ultrasound SC2000", 0x0149, [0x01, 0x02, 0x03]),  // BROI points, strip and R-wave timestamps
        ("SIEMENS Ultrasound SC2000", 0x7FD1, [0x01, 0x09, 0x10, 0x11]),  // acoustic image, volume version, payload
        ("SIEMENS SYNGO ULTRA-SOUND TOYON DATA STREAMING", 0x7FD1, [0x01, 0x09, 0x10, 0x11]),  // padding, version, payload
    ]

    private static let entries: Set<Entry> = Set(
        table.flatMap { row in row.elements.map { Entry(row.creator, row.group, $0) } })
    private static let creators: Set<String> = Set(table.map(\.creator))

    /// The number of safe data elements listed.
    static var count: Int { entries.count }

    private struct Entry: Hashable {
        let creator: String
        let group: UInt16
        let element: UInt8

        init(_ creator: String, _ group: UInt16, _ element: UInt8) {
            self.creator = creator
            self.group = group
            self.element = element
        }
    }

    /// Whether the private data element `tag`, in a block reserved by `creator`, is safe.
    static func isSafe(_ tag: Tag, creator: String?) -> Bool {
        guard let creator, tag.element >= 0x1000 else { return false }
        return entries.contains(Entry(creator.trimming(" \0"), tag.group, UInt8(truncatingIfNeeded: tag.element)))
    }

    /// Whether any element of `creator`'s blocks can be safe (its creator element is then kept).
    static func hasSafeElements(creator: String?) -> Bool {
        guard let creator else { return false }
        return creators.contains(creator.trimming(" \0"))
    }
}
