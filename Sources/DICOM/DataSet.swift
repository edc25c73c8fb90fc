/// An ordered collection of data elements (PS3.5 section 7).
///
/// Elements keep the order they were read in, so that a file whose elements are out of order
/// (which validation reports) is still written back as it was; new elements go in tag order.
public struct DataSet: Sendable {
    public private(set) var elements: [Element]
    /// Groups that gained or lost an element since reading; their group length is recomputed.
    public private(set) var touchedGroups: Set<UInt16> = []
    private var isOrdered: Bool

    public init() {
        self.elements = []
        self.isOrdered = true
    }

    /// A data set of these elements in this order.
    public init(elements: [Element]) {
        self.elements = elements
        self.isOrdered = zip(elements, elements.dropFirst()).allSatisfy { $0.tag < $1.tag }
    }

    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }

    /// Whether elements are in ascending tag order without duplicates (PS3.5 7.1).
    public var isInTagOrder: Bool { isOrdered }

    /// Index of the first element with `tag`, or nil.
    public func index(of tag: Tag) -> Int? {
        if isOrdered {
            return binarySearch(count: elements.count, { elements[$0].tag }, tag)
        }
        return elements.firstIndex { $0.tag == tag }
    }

    public func contains(_ tag: Tag) -> Bool { index(of: tag) != nil }

    /// The element with `tag`; setting nil removes it, setting an element replaces or inserts.
    public subscript(tag: Tag) -> Element? {
        get { index(of: tag).map { elements[$0] } }
        set {
            if let newValue {
                precondition(newValue.tag == tag, "element stored under another tag")
                set(newValue)
            } else {
                remove(tag)
            }
        }
    }

    /// Replaces the element with the same tag, or inserts it in tag order.
    public mutating func set(_ element: Element) {
        if let index = index(of: element.tag) {
            elements[index] = element
            elements[index].encoded = nil
        } else {
            let position = elements.firstIndex { $0.tag > element.tag } ?? elements.endIndex
            var fresh = element
            fresh.encoded = nil
            elements.insert(fresh, at: position)
            touchedGroups.insert(element.tag.group)
        }
    }

    /// Removes the element with `tag` (the first, if duplicated); returns it.
    @discardableResult
    public mutating func remove(_ tag: Tag) -> Element? {
        guard let index = index(of: tag) else { return nil }
        touchedGroups.insert(tag.group)
        return elements.remove(at: index)
    }

    /// Removes every element after the first with the same tag (PS3.5 7.1 allows no repeats; the
    /// reader keeps them, reported as `read.element.duplicate`); returns how many went.
    @discardableResult
    public mutating func removeRepeatedElements() -> Int {
        // Strictly ascending tags (the usual case) repeat none.
        if isOrdered { return 0 }
        var seen: Set<Tag> = []
        var kept: [Element] = []
        kept.reserveCapacity(elements.count)
        for element in elements {
            if seen.insert(element.tag).inserted {
                kept.append(element)
            } else {
                touchedGroups.insert(element.tag.group)
            }
        }
        let removed = elements.count - kept.count
        if removed > 0 {
            elements = kept
            isOrdered = zip(elements, elements.dropFirst()).allSatisfy { $0.tag < $1.tag }
        }
        return removed
    }

    /// Removes every element for which `shouldRemove` is true.
    public mutating func removeAll(where shouldRemove: (Element) -> Bool) {
        for element in elements where shouldRemove(element) { touchedGroups.insert(element.tag.group) }
        elements.removeAll(where: shouldRemove)
    }

    /// Changes the element with `tag` in place, if present; returns whether it was.
    @discardableResult
    public mutating func modify(_ tag: Tag, _ change: (inout Element) throws -> Void) rethrows -> Bool {
        guard let index = index(of: tag) else { return false }
        try change(&elements[index])
        return true
    }

    /// Appends an element as read from a file, whatever its order (the parser's entry point).
    mutating func appendRead(_ element: Element) {
        if let last = elements.last, !(last.tag < element.tag) { isOrdered = false }
        elements.append(element)
    }
}

extension DataSet: Sequence {
    public func makeIterator() -> IndexingIterator<[Element]> { elements.makeIterator() }
}
