import DICOM

/// Renders a file as text, one line per element in the spirit of dcmdump:
/// `(0010,0010) PN [Doe^Jane]  # 8, 1 PatientName`, sequences and items indented with item
/// numbers, private elements with their creator, bulk data as length and offset. Lines go to
/// `emit`; nothing is printed here.
public struct TextDump {
    public var options: DumpOptions

    public init(options: DumpOptions = DumpOptions()) { self.options = options }

    public func render(_ file: DicomFile, emit: (String) -> Void) {
        if options.showMeta && !file.meta.isEmpty {
            emit("# File Meta Information (\(file.container.rawValue))")
            render(file.meta, characterSet: .defaultRepertoire, depth: 0, emit: emit)
        }
        emit("# Data set: \(file.transferSyntax.name)")
        render(file.dataSet, characterSet: file.dataSet.specificCharacterSet(), depth: 0, emit: emit)
        if file.stoppedAt != nil { emit("# (reading stopped before the end)") }
        if options.showDiagnostics {
            for diagnostic in file.diagnostics { emit("# \(diagnostic)") }
        }
    }

    func render(_ dataSet: DataSet, characterSet: SpecificCharacterSet, depth: Int, emit: (String) -> Void) {
        let indent = String(repeating: "  ", count: depth)
        for element in dataSet {
            emit(indent + line(for: element, in: dataSet, characterSet: characterSet))
            guard case .sequence(let items) = element.value else { continue }
            for (index, item) in items.enumerated() {
                let length = item.hasUndefinedLength ? "undefined length" : "defined length"
                emit(indent + "  " + "Item \(index) (\(length))" + offsetText(item.offset))
                let itemCharacterSet = item.dataSet.specificCharacterSet(inherited: characterSet)
                render(item.dataSet, characterSet: itemCharacterSet, depth: depth + 2, emit: emit)
            }
        }
    }

    func line(for element: Element, in dataSet: DataSet, characterSet: SpecificCharacterSet) -> String {
        let value = ValueText.render(element, characterSet: characterSet, maxLength: options.maxValueLength)
        var text = "\(element.tag) \(element.vr) \(value)"
        if text.count < 52 { text += String(repeating: " ", count: 52 - text.count) }
        let length: String
        switch element.value {
        case .sequence, .encapsulated:
            if element.hasUndefinedLength {
                length = "u/l"
            } else if let span = element.encoded {
                length = "\(span.length - (span.encoding.isExplicitVR ? 12 : 8))"
            } else {
                length = "?"
            }
        default: length = "\(element.value.byteCount)"
        }
        return text + " # \(length), \(ValueText.multiplicity(element)) \(name(of: element.tag, in: dataSet))" + offsetText(element.offset)
    }

    func offsetText(_ offset: Int64?) -> String {
        guard options.showOffsets, let offset else { return "" }
        return " @\(offset)"
    }

    /// The keyword, `Private Creator`, `Private (CREATOR)` or `Unknown`.
    func name(of tag: Tag, in dataSet: DataSet) -> String {
        if tag.isPrivate {
            if tag.isPrivateCreator { return "PrivateCreator" }
            if let creator = dataSet.privateCreator(of: tag) { return "Private (\(creator))" }
            return tag.isGroupLength ? "GroupLength" : "Private (no creator)"
        }
        guard let entry = DataDictionary.entry(for: tag) else { return "Unknown" }
        let keyword = entry.keyword.description
        if !keyword.isEmpty { return keyword }
        return entry.name.description.isEmpty ? "Unknown" : entry.name.description.replacingSpaces()
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { split(separator: " ").joined() }
}

extension TextDump {
    /// A value as printed by a filtered dump: text without brackets, numbers, or a description.
    public func value(of element: Element, characterSet: SpecificCharacterSet) -> String {
        if element.vr.isString, let text = element.string(characterSet: characterSet) {
            return ValueText.cut(text, options.maxValueLength)
        }
        return ValueText.render(element, characterSet: characterSet, maxLength: options.maxValueLength)
    }
}
