import DICOM
import DICOMValidation

/// What the IOD of an instance requires of its attributes, level by level: the context in which
/// PS3.15 E.3.1 resolves the alternative action codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*).
///
/// Built from the generated PS3.3 tables of `DICOMValidation`. At the top level the attributes of
/// every module of the IOD are merged (an attribute in several modules takes its strictest type);
/// inside a sequence item the context is the sequence's item attributes, and inside the items of
/// the Shared and Per-frame Functional Groups Sequences the attributes of the IOD's functional
/// group macros. An attribute the tables do not describe has no requirement (nil).
public struct AttributeRequirements: Sendable {
    private struct Node: Sendable {
        var level: RequirementLevel
        var children: AttributeRequirements
    }

    private var exact: [Tag: Node] = [:]
    /// Repeating-group attributes (60xx,eeee), keyed by (6000,eeee).
    private var repeating: [Tag: Node] = [:]

    /// No requirements: every alternative resolves to its loosest action.
    public static let none = AttributeRequirements()

    public init() {}

    /// The requirements of the IOD of `sopClassUID`, or `.none` for a SOP class the tables lack.
    public init(sopClassUID: String) {
        guard let iod = IODTables.iod(forSOPClass: sopClassUID) else { return }
        for entry in iod.modules {
            add(entry.module.attributes)
        }
        var macros = AttributeRequirements()
        for entry in iod.functionalGroupMacros {
            macros.add(entry.macro.attributes)
        }
        if !iod.functionalGroupMacros.isEmpty {
            for tag in [Tag.sharedFunctionalGroupsSequence, .perFrameFunctionalGroupsSequence, Tag(0x0006, 0x0001)] {
                var node = exact[tag] ?? Node(level: .optional, children: AttributeRequirements())
                node.children.merge(macros)
                exact[tag] = node
            }
        }
    }

    /// The requirement level of `tag` here, or nil when the IOD does not list it at this level.
    public func level(of tag: Tag) -> RequirementLevel? {
        node(tag)?.level
    }

    /// The context inside the items of the sequence `tag`.
    public func items(of tag: Tag) -> AttributeRequirements {
        node(tag)?.children ?? .none
    }

    private func node(_ tag: Tag) -> Node? {
        if let node = exact[tag] { return node }
        if tag.group & 0xFF01 == 0x6000 { return repeating[Tag(0x6000, tag.element)] }
        return nil
    }

    private mutating func add(_ attributes: [ModuleAttribute]) {
        for attribute in attributes {
            var children = AttributeRequirements()
            children.add(attribute.children)
            let node = Node(level: RequirementLevel(attribute.type), children: children)
            if attribute.isRepeatingGroup {
                repeating[attribute.tag] = Self.combine(repeating[attribute.tag], node)
            } else {
                exact[attribute.tag] = Self.combine(exact[attribute.tag], node)
            }
        }
    }

    private mutating func merge(_ other: AttributeRequirements) {
        for (tag, node) in other.exact { exact[tag] = Self.combine(exact[tag], node) }
        for (tag, node) in other.repeating { repeating[tag] = Self.combine(repeating[tag], node) }
    }

    private static func combine(_ existing: Node?, _ new: Node) -> Node {
        guard var existing else { return new }
        existing.level = max(existing.level, new.level)
        existing.children.merge(new.children)
        return existing
    }
}

extension RequirementLevel {
    /// The level of a PS3.3 attribute type.
    public init(_ type: AttributeType) {
        switch type {
        case .type1, .type1C: self = .required
        case .type2, .type2C: self = .requiredEmptyAllowed
        case .type3: self = .optional
        }
    }
}
