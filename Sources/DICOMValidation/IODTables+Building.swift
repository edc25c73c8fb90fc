import DICOM

/// Building the values of IODTables from the generated columns, and searching them.
extension IODTables {
    /// Every attribute list of IODTables+Attributes.swift, in order. A list's item lists come
    /// before it, so each is built once from lists already built and shared (copy on write)
    /// wherever it occurs: the Code Sequence macro is one array however many sequences use it.
    static let builtAttributeLists: [[ModuleAttribute]] = {
        let listCount = max(attributeListStarts.count - 1, 0)
        let nodeCount = attributeTags.count
        var lists: [[ModuleAttribute]] = []
        lists.reserveCapacity(listCount)
        for list in 0..<listCount {
            let start = min(Int(attributeListStarts[list]), nodeCount)
            let end = min(max(Int(attributeListStarts[list + 1]), start), nodeCount)
            var attributes: [ModuleAttribute] = []
            attributes.reserveCapacity(end - start)
            for node in start..<end {
                let code = attributeTypeCodes[node]
                let items = Int(attributeItemLists[node])
                attributes.append(
                    ModuleAttribute(
                        tag: Tag(rawValue: attributeTags[node]),
                        type: attributeType(code: code & 0x7F),
                        isRepeatingGroup: code & 0x80 != 0,
                        children: items < lists.count ? lists[items] : []))
            }
            lists.append(attributes)
        }
        return lists
    }()

    /// The modules of IODTables+Modules.swift, in the order of `moduleIDs`.
    static let builtModules: [ModuleDefinition] = definitions(
        ids: moduleIDs, names: moduleNames, lists: moduleAttributeLists,
        hasTable: moduleHasAttributeTable)

    /// The functional group macros of IODTables+Modules.swift, in the order of `macroIDs`.
    static let builtMacros: [ModuleDefinition] = definitions(
        ids: macroIDs, names: macroNames, lists: macroAttributeLists,
        hasTable: macroHasAttributeTable)

    /// The IODs of IODTables+IODs.swift, in the order of `iodIDs`.
    static let builtIODs: [IODDefinition] = iodIDs.indices.map { iod in
        var modules: [IODDefinition.ModuleEntry] = []
        for row in rows(iodModuleStarts, iod, count: iodModules.count) {
            let module = Int(iodModules[row])
            let entity = Int(iodModuleEntities[row])
            guard module < builtModules.count else { continue }
            modules.append(
                (
                    module: builtModules[module],
                    usage: usage(code: iodModuleUsages[row], condition: iodModuleConditions[row]),
                    informationEntity: entity < informationEntities.count
                        ? informationEntities[entity].description : ""
                ))
        }
        var macros: [IODDefinition.MacroEntry] = []
        for row in rows(iodMacroStarts, iod, count: iodMacros.count) {
            let macro = Int(iodMacros[row])
            guard macro < builtMacros.count else { continue }
            macros.append(
                (
                    macro: builtMacros[macro],
                    usage: usage(code: iodMacroUsages[row], condition: iodMacroConditions[row]),
                    scope: iodMacroScopes[row] == 1 ? .currentFrame : .multiFrame
                ))
        }
        return IODDefinition(
            id: iodIDs[iod].description, name: iodNames[iod].description, modules: modules,
            functionalGroupMacros: macros)
    }

    private static func definitions(
        ids: [StaticString], names: [StaticString], lists: [UInt16], hasTable: [Bool]
    ) -> [ModuleDefinition] {
        ids.indices.map { index in
            let list = Int(lists[index])
            return ModuleDefinition(
                id: ids[index].description, name: names[index].description,
                attributes: list < builtAttributeLists.count ? builtAttributeLists[list] : [],
                hasAttributeTable: hasTable[index])
        }
    }

    /// The rows `starts[index]..<starts[index + 1]`, clamped to `0..<count`.
    private static func rows(_ starts: [UInt16], _ index: Int, count: Int) -> Range<Int> {
        guard index + 1 < starts.count else { return 0..<0 }
        let start = min(Int(starts[index]), count)
        return start..<min(max(Int(starts[index + 1]), start), count)
    }

    /// Type code `i` is `AttributeType.allCases[i]`; the generator writes no other codes.
    static func attributeType(code: UInt8) -> AttributeType {
        let all = AttributeType.allCases
        return Int(code) < all.count ? all[Int(code)] : .type3
    }

    private static func usage(code: UInt8, condition: UInt16) -> ModuleUsage {
        switch code {
        case 0: return .mandatory
        case 1:
            let index = Int(condition)
            return .conditional(
                index < usageConditions.count ? usageConditions[index].description : "")
        default: return .userOptional
        }
    }

    /// Binary search of `keys`, sorted by their UTF-8 bytes, for `key`; nil when absent.
    static func sortedIndex(of key: String, in keys: [StaticString]) -> Int? {
        var key = key
        return key.withUTF8 { target in
            var low = 0
            var high = keys.count - 1
            while low <= high {
                let mid = low + (high - low) / 2
                let order = keys[mid].withUTF8Buffer { compareBytes($0, target) }
                if order == 0 { return mid }
                if order < 0 { low = mid + 1 } else { high = mid - 1 }
            }
            return nil
        }
    }

    /// Lexicographic comparison of two byte strings: negative, zero or positive.
    static func compareBytes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>)
        -> Int
    {
        for (left, right) in zip(lhs, rhs) where left != right {
            return left < right ? -1 : 1
        }
        return lhs.count - rhs.count
    }
}
