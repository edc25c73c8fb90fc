import DICOM

/// PS3.15 Table E.1-1, generated from the standard by `Scripts/generate-profile`
/// (Generated/ProfileTable.swift): for each attribute the Basic Profile action and what each
/// option changes.
public enum ProfileTable {
    /// One row of the table.
    public struct Row: Sendable {
        /// The tag; for a repeating group, the group with its `xx` digits zero.
        public let tag: Tag
        /// The mask the row's tags share: `t.rawValue & mask == tag.rawValue`.
        public let mask: UInt32
        public let name: String
        /// Whether the attribute occurs in a standard composite IOD.
        public let isInStandardIOD: Bool
        public let basicAction: ProfileAction
        /// The action each option listed for the attribute (K or C).
        public let optionActions: [ProfileOption: ProfileAction]

        /// The action to apply with `options` selected, before resolving alternatives: the
        /// Basic Profile action unless a selected option lists the attribute. When several
        /// selected options list it, K (retain) wins over C (clean).
        public func action(with options: Set<ProfileOption>) -> ProfileAction {
            let chosen = optionActions.filter { options.contains($0.key) }.map(\.value)
            if chosen.contains(.keep) { return .keep }
            if chosen.contains(.clean) { return .clean }
            return basicAction
        }
    }

    /// The row for `tag`, or nil when the table does not list it (private data elements are
    /// handled by `privateAttributes`, not here).
    public static func row(for tag: Tag) -> Row? {
        if let index = exactIndex(tag.rawValue) { return row(at: index) }
        for index in maskedRows where tag.rawValue & masks[index] == tags[index] {
            // (60xx,eeee) applies to even groups only (PS3.5 7.6).
            if tags[index] >> 24 == 0x60 && tag.group & 1 == 1 { continue }
            return row(at: index)
        }
        return nil
    }

    /// The row "Private Attributes" ((gggg,eeee) with gggg odd): X, or C (keep the safe
    /// ones) with retain-safe-private.
    public static var privateAttributes: (basic: ProfileAction, retainSafePrivate: ProfileAction?) {
        (action(privateAttributesBasicAction) ?? .remove, optionAction(privateAttributesRetainSafePrivate))
    }

    /// Every tag row, in tag order.
    public static var rows: [Row] { tags.indices.map(row(at:)) }

    /// The number of rows, the private attributes row included (621 in 2024b).
    public static var rowCount: Int { generatedRowCount }

    private static func row(at index: Int) -> Row {
        var options: [ProfileOption: ProfileAction] = [:]
        for (option, column) in optionColumns {
            if let action = optionAction(column[index]) { options[option] = action }
        }
        return Row(
            tag: Tag(rawValue: tags[index]), mask: masks[index], name: names[index].description,
            isInStandardIOD: inStandardIOD[index], basicAction: action(basicActions[index]) ?? .remove,
            optionActions: options)
    }

    private static let optionColumns: [(ProfileOption, [UInt8])] = [
        (.retainSafePrivate, retainSafePrivate), (.retainUIDs, retainUIDs),
        (.retainDeviceIdentity, retainDeviceIdentity), (.retainInstitutionIdentity, retainInstitutionIdentity),
        (.retainPatientCharacteristics, retainPatientCharacteristics),
        (.retainLongFullDates, retainLongitudinalFullDates),
        (.retainLongModifiedDates, retainLongitudinalModifiedDates), (.cleanDescriptors, cleanDescriptors),
        (.cleanStructuredContent, cleanStructuredContent), (.cleanGraphics, cleanGraphics),
    ]

    /// The rows whose mask is not a single tag.
    private static let maskedRows: [Int] = masks.indices.filter { masks[$0] != 0xFFFF_FFFF }

    private static func exactIndex(_ value: UInt32) -> Int? {
        var low = 0
        var high = tags.count
        while low < high {
            let middle = (low + high) / 2
            if tags[middle] < value {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < tags.count, tags[low] == value, masks[low] == 0xFFFF_FFFF else { return nil }
        return low
    }

    private static func action(_ code: UInt8) -> ProfileAction? {
        let all = ProfileAction.allCases
        return Int(code) < all.count ? all[Int(code)] : nil
    }

    private static func optionAction(_ code: UInt8) -> ProfileAction? {
        code == 0 ? nil : action(code - 1)
    }
}
