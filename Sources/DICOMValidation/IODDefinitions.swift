import DICOM

/// Whether an attribute of a module must be present and have a value (PS3.5 section 7.4).
public enum AttributeType: String, Sendable, CaseIterable {
    /// Required, with a value.
    case type1 = "1"
    /// Required with a value when the module's condition holds.
    case type1C = "1C"
    /// Required, possibly empty.
    case type2 = "2"
    /// Required, possibly empty, when the module's condition holds.
    case type2C = "2C"
    /// Optional.
    case type3 = "3"

    /// Type 1C or 2C: the requirement depends on a condition the tables do not carry (the 2020
    /// attribute tables were extracted without their descriptions).
    public var isConditional: Bool { self == .type1C || self == .type2C }
}

/// How an IOD uses a module or a functional group macro (PS3.3 section A.1.3).
public enum ModuleUsage: Sendable, Hashable {
    /// M: always present.
    case mandatory
    /// C: present when the condition, quoted from PS3.3, holds.
    case conditional(String)
    /// U: may be present.
    case userOptional
}

/// Whether a functional group macro belongs to the Multi-frame Functional Groups Module
/// (PS3.3 C.7.6.16) or to the Current Frame Functional Groups Module of real-time video IODs
/// (PS3.3 C.7.6.27).
public enum FunctionalGroupScope: Sendable, Hashable {
    case multiFrame
    case currentFrame
}

/// One attribute of a module or macro table (PS3.3), with the attributes of its sequence items.
public struct ModuleAttribute: Sendable {
    /// The tag; for a repeating-group attribute such as (60xx,0010) the `xx` digits are zero.
    public let tag: Tag
    public let type: AttributeType
    /// True for an attribute of a repeating group (60xx,eeee), PS3.5 section 7.6: it applies to
    /// each even group 6000-60FE.
    public let isRepeatingGroup: Bool
    /// The attributes of each item of the sequence; empty for an attribute that is not a
    /// sequence, and for a sequence whose items the table does not describe.
    public let children: [ModuleAttribute]

    public init(
        tag: Tag, type: AttributeType, isRepeatingGroup: Bool = false,
        children: [ModuleAttribute] = []
    ) {
        self.tag = tag
        self.type = type
        self.isRepeatingGroup = isRepeatingGroup
        self.children = children
    }

    /// Whether `tag` is this attribute: equal, or in one of its repeating groups.
    public func matches(_ tag: Tag) -> Bool {
        guard isRepeatingGroup else { return tag == self.tag }
        return tag.rawValue & 0xFF01_FFFF == self.tag.rawValue
    }
}

/// A module of PS3.3 Annex C, or a functional group macro, with its attributes.
public struct ModuleDefinition: Sendable {
    /// The innolitics id (`patient`, `sop-common`, `pixel-measures`).
    public let id: String
    /// The name in PS3.3 (`Patient`, `SOP Common`, `Pixel Measures`).
    public let name: String
    /// The attributes in table order, macros expanded; nested sequences carry their items.
    public let attributes: [ModuleAttribute]
    /// False when the 2020 attribute tables lack the module (it was added to PS3.3 later):
    /// `attributes` is then empty and says nothing about what the module requires.
    public let hasAttributeTable: Bool

    public init(
        id: String, name: String, attributes: [ModuleAttribute], hasAttributeTable: Bool = true
    ) {
        self.id = id
        self.name = name
        self.attributes = attributes
        self.hasAttributeTable = hasAttributeTable
    }

    /// The top-level attribute for `tag`, if the module lists it.
    public func attribute(_ tag: Tag) -> ModuleAttribute? {
        attributes.first { $0.matches(tag) }
    }
}

/// A composite IOD (PS3.3 Annex A): its modules and, for enhanced multi-frame IODs, its
/// functional group macros.
public struct IODDefinition: Sendable {
    /// A module of the IOD with its usage and information entity.
    public typealias ModuleEntry = (
        module: ModuleDefinition, usage: ModuleUsage, informationEntity: String
    )
    /// A functional group macro of the IOD with its usage and functional groups module.
    public typealias MacroEntry = (
        macro: ModuleDefinition, usage: ModuleUsage, scope: FunctionalGroupScope
    )

    /// The innolitics id (`ct-image`).
    public let id: String
    /// The name in PS3.3 (`CT Image`).
    public let name: String
    /// The modules in the order of the IOD's table, with usage and information entity
    /// (`Patient`, `Study`, `Series`, `Image`, ...).
    public let modules: [ModuleEntry]
    /// The functional group macros. With scope `.multiFrame` (PS3.3 C.7.6.16) a macro's attributes
    /// belong in the item of the Shared Functional Groups Sequence (5200,9229) or in every item of
    /// the Per-Frame Functional Groups Sequence (5200,9230); with `.currentFrame` (PS3.3 C.7.6.27)
    /// in the item of the Current Frame Functional Groups Sequence (0006,0001). Empty for IODs
    /// without functional groups.
    public let functionalGroupMacros: [MacroEntry]

    public init(
        id: String, name: String, modules: [ModuleEntry], functionalGroupMacros: [MacroEntry] = []
    ) {
        self.id = id
        self.name = name
        self.modules = modules
        self.functionalGroupMacros = functionalGroupMacros
    }

    /// The IOD's entry for a module id, if it has that module.
    public func module(id: String) -> ModuleEntry? {
        modules.first { $0.module.id == id }
    }
}
