import DICOM

/// Private data elements known to be safe to keep with retain-safe-private (PS3.15 E.3.10): a
/// hand-kept subset of Table E.3.10-1 (the extract of the standard this project generates from
/// does not carry that table). Everything not listed is removed, so the list can only err on
/// the side of removing too much.
enum SafePrivateAttributes {
    /// (private creator, group, element byte within the block).
    private static let entries: Set<Entry> = [
        // Siemens MR diffusion: B value, directionality, gradient direction, B matrix.
        Entry("SIEMENS MR HEADER", 0x0019, 0x0C), Entry("SIEMENS MR HEADER", 0x0019, 0x0D),
        Entry("SIEMENS MR HEADER", 0x0019, 0x0E), Entry("SIEMENS MR HEADER", 0x0019, 0x27),
        // GE CT acquisition: table speed, scan pitch ratio.
        Entry("GEMS_ACQU_01", 0x0019, 0x23), Entry("GEMS_PARM_01", 0x0043, 0x27),
        // Philips PET: SUV factor, activity concentration scale factor.
        Entry("Philips PET Private Group", 0x7053, 0x00), Entry("Philips PET Private Group", 0x7053, 0x09),
    ]

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
        return entries.contains(Entry(creator, tag.group, UInt8(truncatingIfNeeded: tag.element)))
    }

    /// Whether any element of `creator`'s blocks can be safe (its creator element is then kept).
    static func hasSafeElements(creator: String?) -> Bool {
        guard let creator else { return false }
        return entries.contains { $0.creator == creator }
    }
}
