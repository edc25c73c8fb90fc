/// Selects elements by keyword (`PatientName`), tag (`0010,0010`, `(0010,0010)`, `00100010`) or
/// a path into sequences (`ReferencedSeriesSequence[0].SeriesInstanceUID`, `[*]` for every item,
/// `[+]` for a new item when editing). `TagPath` descriptions (`(0008,1115)[0]/(0020,000E)`) parse too.
public struct TagSelector: Sendable, CustomStringConvertible {
    public enum ItemChoice: Sendable, Equatable {
        case index(Int)
        case all
        /// `[+]`: a new item appended to the sequence (for edits; matches nothing when reading).
        case append
    }

    public struct Step: Sendable {
        public var tag: Tag
        /// The item to go into; nil on the last step.
        public var item: ItemChoice?
    }

    public let steps: [Step]
    public let description: String

    /// Parses a selector; nil when a keyword is unknown or the syntax is wrong.
    public init?(_ text: String) {
        var steps: [Step] = []
        let parts = splitPath(text)
        guard !parts.isEmpty else { return nil }
        for (index, part) in parts.enumerated() {
            var name = Substring(part)
            var item: ItemChoice?
            if let open = name.firstIndex(of: "["), name.last == "]" {
                let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
                if inside == "*" {
                    item = .all
                } else if inside == "+" {
                    item = .append
                } else if let number = Int(inside), number >= 0 {
                    item = .index(number)
                } else {
                    return nil
                }
                name = name[..<open]
            }
            guard let tag = Tag(parsing: name) ?? DataDictionary.tag(forKeyword: String(name)) else { return nil }
            if index < parts.count - 1 && item == nil { item = .all }
            steps.append(Step(tag: tag, item: index < parts.count - 1 ? item : nil))
        }
        self.steps = steps
        self.description = text
    }

    /// A selected element: where it is and the character set in effect there.
    public struct Match: Sendable {
        public var path: TagPath
        public var element: Element
        public var characterSet: SpecificCharacterSet
    }

    /// Every element the selector reaches in `dataSet`.
    public func matches(in dataSet: DataSet) -> [Match] {
        var results: [Match] = []
        walk(dataSet, step: 0, path: .root, characterSet: dataSet.specificCharacterSet(), into: &results)
        return results
    }

    private func walk(_ dataSet: DataSet, step: Int, path: TagPath, characterSet: SpecificCharacterSet, into results: inout [Match]) {
        guard step < steps.count, let element = dataSet[steps[step].tag] else { return }
        let here = path.appending(element.tag)
        guard let choice = steps[step].item else {
            results.append(Match(path: here, element: element, characterSet: characterSet))
            return
        }
        let items = element.items
        let indices: [Int]
        switch choice {
        case .all: indices = Array(items.indices)
        case .index(let i): indices = items.indices.contains(i) ? [i] : []
        case .append: indices = []
        }
        for i in indices {
            let nested = items[i].dataSet
            walk(nested, step: step + 1, path: here.item(i), characterSet: nested.specificCharacterSet(inherited: characterSet), into: &results)
        }
    }
}

/// Splits at `.` and `/` outside brackets and parentheses.
private func splitPath(_ text: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    for character in text {
        switch character {
        case "(", "[": depth += 1
        case ")", "]": depth -= 1
        default: break
        }
        if (character == "." || character == "/") && depth == 0 {
            parts.append(current)
            current = ""
        } else {
            current.append(character)
        }
    }
    parts.append(current)
    return parts.filter { !$0.isEmpty }
}
