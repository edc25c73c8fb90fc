import DICOM

/// Where an instance is after a split or merge.
public struct Location: Sendable, Hashable {
    public var study: String
    public var series: String

    public init(study: String, series: String) {
        self.study = study
        self.series = series
    }
}

/// The moves a split or merge makes: by instance, by whole series, and (merge) study UIDs that
/// are replaced everywhere.
public struct Relocation: Sendable {
    public var instances: [String: Location] = [:]
    public var series: [String: Location] = [:]
    public var studies: [String: String] = [:]

    public init() {}

    /// Where the instance `instance` of `series` in `study` is afterwards.
    func locate(study: String, series: String, instance: String?) -> Location {
        if let instance, let moved = instances[instance] { return moved }
        if let moved = self.series[series] { return moved }
        return Location(study: studies[study] ?? study, series: series)
    }
}

/// Rewrites the references in a data set that a split or merge breaks or that must follow it:
/// hierarchical references (study -> series -> instances: Current Requested Procedure Evidence,
/// Pertinent Other Evidence, Studies Containing Other Referenced Instances, and RT Referenced
/// Study Sequence -> RT Referenced Series -> Contour Image), regrouped under the study and series
/// each referenced instance now belongs to; and Referenced Study Sequence items. Original
/// Attributes Sequence items (PS3.3 C.12.1.1.9) are left as recorded.
enum ReferenceRewriter {
    /// The shape of a hierarchical reference: which tags hold the study UID, the series items
    /// and the instance items.
    struct Shape {
        let studyUID: Tag
        let seriesSequence: Tag
        let instanceSequences: [Tag]

        /// PS3.3 Table C.17-3 (Hierarchical SOP Instance Reference Macro) and C.12.2.
        static let standard = Shape(
            studyUID: .studyInstanceUID, seriesSequence: .referencedSeriesSequence,
            instanceSequences: [.referencedSOPSequence, .referencedInstanceSequence, .referencedImageSequence])
        /// PS3.3 C.8.8.3 (RT Referenced Study Sequence).
        static let rt = Shape(studyUID: .referencedSOPInstanceUID, seriesSequence: .rtReferencedSeriesSequence, instanceSequences: [.contourImageSequence])
    }

    /// Rewrites `dataSet`'s references; `studies` replaces study UIDs in Referenced Study
    /// Sequence items (a moved file's own old study); `ownStudy` is the study the data set was
    /// in, which a top-level Referenced Series Sequence without study UIDs (presentation states,
    /// PS3.3 C.11.11) refers to.
    /// - Returns: one change per top-level element rewritten.
    static func apply(_ relocation: Relocation, studies: [String: String], ownStudy: String, to dataSet: inout DataSet) throws -> [Change] {
        var changes: [Change] = []
        let characterSet = dataSet.specificCharacterSet()
        // Original Attributes items record old values, old references included: history, not
        // references to follow (rewriting them would also change a finished file on a rerun).
        for element in dataSet.elements where element.isSequence && element.tag != .originalAttributesSequence {
            let rewritten: Element?
            if element.tag == .referencedSeriesSequence, !element.items.contains(where: { $0.dataSet.contains(.studyInstanceUID) }) {
                rewritten = regroupOwnStudy(element, ownStudy: ownStudy, relocation)
            } else {
                rewritten = rewrite(element, relocation, studies, depth: 0)
            }
            guard let rewritten else { continue }
            dataSet.set(rewritten)
            changes.append(try Change(path: TagPath.root.appending(element.tag), tag: element.tag, vr: .SQ, old: element, new: rewritten, characterSet: characterSet))
        }
        return changes
    }

    private static func rewrite(_ element: Element, _ relocation: Relocation, _ studies: [String: String], depth: Int) -> Element? {
        guard depth < 16 else { return nil }
        var items = element.items
        var changed = false
        let shape = [Shape.standard, Shape.rt].first { shape in
            items.contains { $0.dataSet.contains(shape.seriesSequence) && $0.dataSet.contains(shape.studyUID) }
        }
        if let shape, let regrouped = regroup(items, shape: shape, relocation) {
            items = regrouped
            changed = true
        }
        let studyMap = relocation.studies.merging(studies) { _, specific in specific }
        if element.tag == .referencedStudySequence {
            for index in items.indices {
                guard let uid = items[index].dataSet.string(.referencedSOPInstanceUID), let target = studyMap[uid] else { continue }
                var nested = items[index].dataSet
                _ = nested.setString(.referencedSOPInstanceUID, .UI, target)
                items[index].dataSet = nested
                changed = true
            }
        }
        for index in items.indices {
            var nested = items[index].dataSet
            var nestedChanged = false
            for inner in nested.elements where inner.isSequence && inner.tag != .originalAttributesSequence {
                if let rewritten = rewrite(inner, relocation, studies, depth: depth + 1) {
                    nested.set(rewritten)
                    nestedChanged = true
                }
            }
            if nestedChanged {
                items[index].dataSet = nested
                changed = true
            }
        }
        guard changed else { return nil }
        var result = element
        result.items = items
        return result
    }

    /// One referenced instance (or a series referenced without instances) and where it goes.
    private struct Leaf {
        var studyItem: Item
        var seriesItem: Item
        var instanceSequence: Tag?
        var instance: Item?
        var target: Location
    }

    /// The items regrouped by the location of each referenced instance; nil when nothing moves.
    private static func regroup(_ items: [Item], shape: Shape, _ relocation: Relocation) -> [Item]? {
        var leaves: [Leaf] = []
        var moves = false
        for studyItem in items {
            let study = studyItem.dataSet.string(shape.studyUID) ?? ""
            for seriesItem in studyItem.dataSet[shape.seriesSequence]?.items ?? [] {
                let series = seriesItem.dataSet.string(.seriesInstanceUID) ?? ""
                let sequenceTag = shape.instanceSequences.first { seriesItem.dataSet.contains($0) }
                let instances = sequenceTag.flatMap { seriesItem.dataSet[$0]?.items } ?? []
                if instances.isEmpty {
                    let target = relocation.locate(study: study, series: series, instance: nil)
                    moves = moves || target != Location(study: study, series: series)
                    leaves.append(Leaf(studyItem: studyItem, seriesItem: seriesItem, instanceSequence: sequenceTag, instance: nil, target: target))
                }
                for instance in instances {
                    let target = relocation.locate(study: study, series: series, instance: instance.dataSet.string(.referencedSOPInstanceUID))
                    moves = moves || target != Location(study: study, series: series)
                    leaves.append(Leaf(studyItem: studyItem, seriesItem: seriesItem, instanceSequence: sequenceTag, instance: instance, target: target))
                }
            }
        }
        guard moves else { return nil }
        // Group in the order first met: study, then series within it.
        var studyOrder: [String] = []
        var seriesOrder: [String: [String]] = [:]
        var byPlace: [Location: [Leaf]] = [:]
        for leaf in leaves {
            if seriesOrder[leaf.target.study] == nil {
                studyOrder.append(leaf.target.study)
                seriesOrder[leaf.target.study] = []
            }
            if byPlace[leaf.target] == nil { seriesOrder[leaf.target.study, default: []].append(leaf.target.series) }
            byPlace[leaf.target, default: []].append(leaf)
        }
        var result: [Item] = []
        for study in studyOrder {
            var seriesItems: [Item] = []
            var template: Item?
            for series in seriesOrder[study] ?? [] {
                guard let group = byPlace[Location(study: study, series: series)], let first = group.first else { continue }
                template = template ?? first.studyItem
                var seriesSet = first.seriesItem.dataSet
                _ = seriesSet.setString(.seriesInstanceUID, .UI, series)
                if let tag = first.instanceSequence, var sequence = seriesSet[tag] {
                    sequence.items = group.compactMap(\.instance)
                    seriesSet.set(sequence)
                }
                var seriesItem = first.seriesItem
                seriesItem.dataSet = seriesSet
                seriesItems.append(seriesItem)
            }
            guard var studyItem = template, var seriesSequence = studyItem.dataSet[shape.seriesSequence] else { continue }
            var studySet = studyItem.dataSet
            _ = studySet.setString(shape.studyUID, .UI, study)
            seriesSequence.items = seriesItems
            studySet.set(seriesSequence)
            studyItem.dataSet = studySet
            result.append(studyItem)
        }
        return result
    }

    /// The references of `ownStudy`'s series and instances (series items without a study UID),
    /// one series item per series each instance is now in; nil when none moves. The split or
    /// merge plan has made sure they all stay in one study with the referencing file.
    static func regroupOwnStudy(_ element: Element, ownStudy: String, _ relocation: Relocation) -> Element? {
        var order: [String] = []
        var groups: [String: (template: Item, sequence: Tag?, instances: [Item])] = [:]
        var moves = false
        for seriesItem in element.items {
            let series = seriesItem.dataSet.string(.seriesInstanceUID) ?? ""
            let sequenceTag = Shape.standard.instanceSequences.first { seriesItem.dataSet.contains($0) }
            let instances = sequenceTag.flatMap { seriesItem.dataSet[$0]?.items } ?? []
            let targets: [(String, Item?)] =
                instances.isEmpty
                ? [(relocation.locate(study: ownStudy, series: series, instance: nil).series, nil)]
                : instances.map { (relocation.locate(study: ownStudy, series: series, instance: $0.dataSet.string(.referencedSOPInstanceUID)).series, $0) }
            for (target, instance) in targets {
                moves = moves || target != series
                if groups[target] == nil {
                    order.append(target)
                    groups[target] = (seriesItem, sequenceTag, [])
                }
                if let instance { groups[target]?.instances.append(instance) }
            }
        }
        guard moves else { return nil }
        var result = element
        result.items = order.compactMap { series in
            guard let group = groups[series] else { return nil }
            var item = group.template
            var dataSet = item.dataSet
            _ = dataSet.setString(.seriesInstanceUID, .UI, series)
            if let tag = group.sequence, var sequence = dataSet[tag] {
                sequence.items = group.instances
                dataSet.set(sequence)
            }
            item.dataSet = dataSet
            return item
        }
        return result
    }
}
