import DICOM

/// The IOD a data set claims by its SOP Class UID (PS3.3 Annex A): every module the IOD
/// requires is there, type 1 attributes are present with a value and type 2 attributes are
/// present (PS3.5 7.4), inside sequence items too; a few key attributes hold enumerated values.
///
/// Type 1C and 2C attributes are checked where `IODConditions` can evaluate their condition
/// from the data set (a type 1C attribute that is present needs a value whatever its condition);
/// SR content items are held only to their own Value Type's attributes (`SRContentItemAttributes`);
/// the others are not (the tables carry no condition texts), nor are modules
/// added to PS3.3 after 2020 (no attribute table), and functional group macros. A conditional (C) or user-optional (U) module is checked like a mandatory one when it
/// is present, that is when one of its type 1 or 2 attributes that no other module of the IOD
/// lists is in the data set; when only its own type 3 (or 1C/2C) attributes are, just the items
/// of its sequences are checked.
enum IODChecks {
    /// Adds the IOD findings for a top-level data set to `sink`.
    static func check(_ dataSet: DataSet, into sink: inout FindingSink) {
        let sopClassPath = TagPath.root.appending(.sopClassUID)
        guard let sopClass = dataSet.string(.sopClassUID, characterSet: .defaultRepertoire), !sopClass.isEmpty else {
            let found = dataSet.contains(.sopClassUID) ? "empty" : "absent"
            sink.add(Finding(
                .error, "iod.sop-class.missing", "SOP Class UID \(Tag.sopClassUID) is \(found): the IOD cannot be determined",
                path: sopClassPath, offset: dataSet[.sopClassUID]?.offset, found: found, expected: "present (type 1)",
                reference: "PS3.3 C.12.1"))
            return
        }
        guard let iod = IODTables.iod(forSOPClass: sopClass) else {
            sink.add(Finding(
                .info, "iod.unknown", "no IOD definition for SOP class \(sopClass); IOD checks skipped",
                path: sopClassPath, found: sopClass, reference: "PS3.4 B.5"))
            return
        }
        var walk = IODWalk(iod: iod, sink: sink)
        walk.checkModules(of: dataSet)
        sink = walk.sink
        IODEnumeratedValues.check(dataSet, iod: iod, into: &sink)
        SRValueTypeConstraints.check(dataSet, into: &sink)
    }
}

/// One walk of a data set against an IOD; remembers the findings already made so that an
/// attribute listed by several modules (General Image and Image Plane, say) is reported once.
struct IODWalk {
    let iod: IODDefinition
    var sink: FindingSink
    private var reported: Set<String> = []
    /// The data set being checked: the conditions of attributes inside items are evaluated on it.
    private var topLevel = DataSet()
    /// How many modules of the IOD list each top-level tag (repeating groups excluded).
    private let listings: [Tag: Int]

    init(iod: IODDefinition, sink: FindingSink) {
        self.iod = iod
        self.sink = sink
        var listings: [Tag: Int] = [:]
        for entry in iod.modules {
            for tag in Set(entry.module.attributes.filter { !$0.isRepeatingGroup }.map(\.tag)) {
                listings[tag, default: 0] += 1
            }
        }
        self.listings = listings
    }

    /// Checks every module with an attribute table: mandatory ones always, the others when present.
    mutating func checkModules(of dataSet: DataSet) {
        topLevel = dataSet
        for entry in iod.modules where entry.module.hasAttributeTable {
            let module = entry.module
            let plain = module.attributes.filter { !$0.isRepeatingGroup }
            let repeating = module.attributes.filter(\.isRepeatingGroup)
            if case .mandatory = entry.usage {
                let anyPresent =
                    plain.contains { dataSet.contains($0.tag) } || !repeatingGroups(of: repeating, in: dataSet).isEmpty
                if !anyPresent && !module.attributes.isEmpty {
                    addModuleMissing(module)
                    continue
                }
            } else {
                switch presence(of: plain, repeating: repeating, in: dataSet) {
                case .absent: continue
                case .present: break
                case .itemsOnly:
                    // Present attributes, and conditional ones whose condition can be evaluated
                    // (Window Center present requires Window Width).
                    let present = plain.filter {
                        dataSet.contains($0.tag) || ($0.type.isConditional && IODConditions.rule(module: module.id, tag: $0.tag) != nil)
                    }
                    check(present, in: dataSet, at: .root, context: Context(module: module))
                    continue
                }
            }
            let context = Context(module: module)
            check(plain, in: dataSet, at: .root, context: context)
            for group in repeatingGroups(of: repeating, in: dataSet) {
                let inGroup = repeating.map {
                    ModuleAttribute(
                        tag: Tag(group, $0.tag.element), type: $0.type, children: $0.children)
                }
                check(inGroup, in: dataSet, at: .root, context: context)
            }
        }
    }

    /// How much of a C or U module to check.
    enum Presence {
        /// None of the attributes only this module lists is in the data set.
        case absent
        /// One of its type 1 or 2 attributes that no other module of the IOD lists is present, or
        /// an element of one of its repeating groups: check it like a mandatory module.
        case present
        /// Only attributes of type 3, 1C or 2C that are its own are present: the module is there
        /// but whether its type 1 and 2 attributes must be cannot be told; check the items of
        /// the sequences that are present.
        case itemsOnly
    }

    private func presence(of plain: [ModuleAttribute], repeating: [ModuleAttribute], in dataSet: DataSet) -> Presence {
        let own = plain.filter { listings[$0.tag, default: 0] == 1 && dataSet.contains($0.tag) }
        if own.contains(where: { $0.type == .type1 || $0.type == .type2 })
            || !repeatingGroups(of: repeating, in: dataSet).isEmpty
        {
            return .present
        }
        return own.isEmpty ? .absent : .itemsOnly
    }

    /// The even groups 6000-60FE (PS3.5 7.6) in which the data set has an element that one of
    /// `repeating` matches, ascending.
    private func repeatingGroups(of repeating: [ModuleAttribute], in dataSet: DataSet) -> [UInt16] {
        guard !repeating.isEmpty else { return [] }
        var groups: Set<UInt16> = []
        for element in dataSet.elements where repeating.contains(where: { $0.matches(element.tag) }) {
            groups.insert(element.tag.group)
        }
        return groups.sorted()
    }

    /// The module whose attributes are being checked, named by the messages.
    struct Context {
        let module: ModuleDefinition
    }

    /// Type 1 and 2 requirements of `attributes` in `dataSet` (the top level or one item), then
    /// the items of every sequence present, against the sequence's item attributes.
    private mutating func check(
        _ attributes: [ModuleAttribute], in dataSet: DataSet, at path: TagPath, context: Context
    ) {
        // A content item has the attributes of its own Value Type's macro only (PS3.3 C.18).
        let isContentItemModule = SRContentItemAttributes.moduleIDs.contains(context.module.id)
        for attribute in attributes where !isContentItemModule || SRContentItemAttributes.applies(attribute.tag, to: dataSet) {
            let attributePath = path.appending(attribute.tag)
            let rule = attribute.type.isConditional
                ? IODConditions.rule(module: context.module.id, tag: attribute.tag).flatMap { $0.inItems == !path.isEmpty ? $0 : nil }
                : nil
            let required = rule.flatMap { $0.isRequired(path.isEmpty ? dataSet : topLevel, iod) }
            guard let element = dataSet[attribute.tag] else {
                switch attribute.type {
                case .type1: addMissing(attribute, path: attributePath, typeName: "1", code: "iod.type1.missing", context: context)
                case .type2: addMissing(attribute, path: attributePath, typeName: "2", code: "iod.type2.missing", context: context)
                case .type1C, .type2C:
                    if let rule, required == true { addConditionalMissing(attribute, rule: rule, path: attributePath, context: context) }
                case .type3: break
                }
                continue
            }
            if attribute.type == .type1 && Self.isEmpty(element) {
                addEmpty(attribute, element: element, path: attributePath, context: context)
            }
            if attribute.type == .type1C, Self.isEmpty(element) {
                // Present, a type 1C attribute needs a value whether or not its condition can be
                // evaluated: when the condition holds it is type 1, otherwise it is there only as
                // "may be present otherwise", again with a value (PS3.5 7.4.3).
                addConditionalEmpty(attribute, rule: rule, element: element, path: attributePath, context: context)
            }
            if let rule, required == false, rule.forbiddenOtherwise {
                add(Finding(
                    .error, "iod.conditional.not-allowed",
                    "\(Self.name(of: attribute.tag)) is present, but the \(context.module.name) module allows it only when \(rule.condition) (type \(attribute.type.rawValue))",
                    path: attributePath, offset: element.offset, found: "present", expected: "absent unless \(rule.condition)",
                    reference: rule.reference))
            }
            guard !attribute.children.isEmpty, element.isSequence else { continue }
            for (index, item) in element.items.enumerated() {
                check(attribute.children, in: item.dataSet, at: attributePath.item(index), context: context)
            }
        }
    }

    /// A type 1 value is empty when it has no bytes, or is a sequence without items.
    static func isEmpty(_ element: Element) -> Bool {
        switch element.value {
        case .sequence(let items): items.isEmpty
        case .encapsulated: false
        case .bytes, .bulk: element.value.byteCount == 0
        }
    }

    /// The attribute's keyword and tag, e.g. `PatientName (0010,0010)`.
    static func name(of tag: Tag) -> String {
        let keyword = DataDictionary.entry(for: tag)?.keyword.description ?? ""
        return keyword.isEmpty ? tag.description : "\(keyword) \(tag)"
    }

    private mutating func addMissing(
        _ attribute: ModuleAttribute, path: TagPath, typeName: String, code: String, context: Context
    ) {
        let place = path.components.count > 1 ? " in item \(TagPath(Array(path.components.dropLast())))" : ""
        add(Finding(
            .error, code,
            "\(Self.name(of: attribute.tag)) is missing\(place): the \(context.module.name) module of the \(iod.name) IOD requires it (type \(typeName))",
            path: path, found: "absent", expected: "present (type \(typeName))",
            reference: "PS3.3 \(context.module.name)"))
    }

    private mutating func addConditionalMissing(_ attribute: ModuleAttribute, rule: ConditionalRule, path: TagPath, context: Context) {
        let type = attribute.type.rawValue
        add(Finding(
            .error, "iod.type\(type.lowercased()).missing",
            "\(Self.name(of: attribute.tag)) is missing: the \(context.module.name) module of the \(iod.name) IOD requires it when \(rule.condition) (type \(type))",
            path: path, found: "absent", expected: "present (type \(type): \(rule.condition))", reference: rule.reference))
    }

    private mutating func addConditionalEmpty(
        _ attribute: ModuleAttribute, rule: ConditionalRule?, element: Element, path: TagPath, context: Context
    ) {
        let when = rule.map { " when \($0.condition)" } ?? ", if present at all,"
        let what = element.isSequence ? "has no items" : "is empty"
        add(Finding(
            .error, "iod.type1c.empty",
            "\(Self.name(of: attribute.tag)) \(what): the \(context.module.name) module of the \(iod.name) IOD requires a value\(when) (type 1C)",
            path: path, offset: element.offset, found: element.isSequence ? "no items" : "empty", expected: "a value (type 1C)",
            reference: rule?.reference ?? "PS3.5 7.4.3, PS3.3 \(context.module.name)"))
    }

    private mutating func addEmpty(_ attribute: ModuleAttribute, element: Element, path: TagPath, context: Context) {
        let what = element.isSequence ? "has no items" : "is empty"
        add(Finding(
            .error, "iod.type1.empty",
            "\(Self.name(of: attribute.tag)) \(what): the \(context.module.name) module of the \(iod.name) IOD requires a value (type 1)",
            path: path, offset: element.offset, found: element.isSequence ? "no items" : "empty",
            expected: element.isSequence ? "at least one item (type 1)" : "a value (type 1)",
            reference: "PS3.3 \(context.module.name)"))
    }

    private mutating func addModuleMissing(_ module: ModuleDefinition) {
        // Not through `add`: every missing module is its own finding, all at the root path.
        sink.add(Finding(
            .error, "iod.module.missing",
            "the \(module.name) module, mandatory in the \(iod.name) IOD, is missing: none of its attributes is present",
            found: "absent", expected: "present (usage M)", reference: "PS3.3 \(module.name)"))
    }

    /// Adds a finding unless one with the same code and path was made already.
    private mutating func add(_ finding: Finding) {
        let key = finding.code + " " + finding.tagPath
        guard reported.insert(key).inserted else { return }
        sink.add(finding)
    }
}
