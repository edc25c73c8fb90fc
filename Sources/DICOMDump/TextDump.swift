import DICOM

/// Renders a file as text, one line per element in the spirit of dcmdump:
/// `(0010,0010) PN [Doe^Jane]  # 8, 1 PatientName`, sequences and items indented with item
/// numbers, private elements with their creator, bulk data as length and offset. Lines go to
/// `emit`; nothing is printed here.
public struct TextDump {
    public var options: DumpOptions

    public init(options: DumpOptions = DumpOptions()) { self.options = options }

    /// Renders `file`, handing each line (without its newline) to `emit`.
    public func render(_ file: DicomFile, emit: (String) -> Void) {
        renderLines(file) { emit(String(decoding: $0, as: UTF8.self)) }
    }

    /// Appends the dump of `file` to `output` as UTF-8 text, each line ending in a newline: the
    /// same lines as `render(_:emit:)`, without making a `String` for each.
    /// - Parameters:
    ///   - threshold: when `output` holds at least this many bytes after a line, `flush` is
    ///     called with it (and may write and empty it), so that a large dump need not be held.
    public func render(
        _ file: DicomFile, into output: inout [UInt8], flushingAt threshold: Int = .max, flush: (inout [UInt8]) -> Void = { _ in }
    ) {
        renderLines(file) { line in
            output.append(contentsOf: line)
            output.append(UInt8(ascii: "\n"))
            if output.count >= threshold { flush(&output) }
        }
    }

    /// Builds the lines one at a time in one reused buffer, handing each to `body`.
    private func renderLines(_ file: DicomFile, _ body: ([UInt8]) -> Void) {
        var line = TextLine()
        func comment(_ text: String) {
            line.clear()
            line.append(text)
            body(line.bytes)
        }
        if options.showMeta && !file.meta.isEmpty {
            comment("# File Meta Information (\(file.container.rawValue))")
            render(file.meta, characterSet: LazyCharacterSet(.defaultRepertoire), depth: 0, line: &line, body)
        }
        comment("# Data set: \(file.transferSyntax.name)")
        render(file.dataSet, characterSet: LazyCharacterSet(file.dataSet, inherited: nil), depth: 0, line: &line, body)
        if file.stoppedAt != nil { comment("# (reading stopped before the end)") }
        if options.showDiagnostics {
            for diagnostic in file.diagnostics { comment("# \(diagnostic)") }
        }
    }

    private func render(
        _ dataSet: DataSet, characterSet: LazyCharacterSet, depth: Int, line: inout TextLine, _ body: ([UInt8]) -> Void
    ) {
        // Elements are borrowed in place, not copied out one by one (each copy retains the
        // references it holds).
        dataSet.elements.withUnsafeBufferPointer { elements in
            for index in elements.indices {
                render(elements[index], in: dataSet, characterSet: characterSet, depth: depth, line: &line, body)
            }
        }
    }

    /// The line of one element, then its items if it is a sequence.
    private func render(
        _ element: Element, in dataSet: DataSet, characterSet: LazyCharacterSet, depth: Int, line: inout TextLine,
        _ body: ([UInt8]) -> Void
    ) {
        line.clear()
        line.appendSpaces(2 * depth)
        append(element, in: dataSet, characterSet: characterSet, to: &line)
        body(line.bytes)
        guard case .sequence(let items) = element.value else { return }
        for (index, item) in items.enumerated() {
            line.clear()
            line.appendSpaces(2 * depth + 2)
            line.append("Item ")
            line.append(decimal: index)
            line.append(item.hasUndefinedLength ? " (undefined length)" : " (defined length)")
            appendOffset(item.offset, to: &line)
            body(line.bytes)
            let itemCharacterSet =
                item.dataSet.contains(.specificCharacterSet) ? LazyCharacterSet(item.dataSet, inherited: characterSet) : characterSet
            render(item.dataSet, characterSet: itemCharacterSet, depth: depth + 2, line: &line, body)
        }
    }

    /// `(gggg,eeee) VR value`, padded to 52 columns, then ` # length, VM Keyword` and the offset.
    private func append(_ element: Element, in dataSet: DataSet, characterSet: LazyCharacterSet, to line: inout TextLine) {
        let start = line.count
        line.append(element.tag)
        line.append(byte: UInt8(ascii: " "))
        line.append(element.vr.rawValue)
        line.append(byte: UInt8(ascii: " "))
        let valueColumns = ValueText.append(element, characterSet: characterSet.value, maxLength: options.maxValueLength, to: &line)
        line.appendSpaces(52 - (line.count - start - valueColumns.bytes + valueColumns.characters))
        line.append(" # ")
        switch element.value {
        case .sequence, .encapsulated:
            if element.hasUndefinedLength {
                line.append("u/l")
            } else if let span = element.encoded {
                line.append(decimal: span.length - (span.encoding.isExplicitVR ? 12 : 8))
            } else {
                line.append("?")
            }
        default: line.append(decimal: element.value.byteCount)
        }
        line.append(", ")
        line.append(decimal: ValueText.multiplicity(element))
        line.append(byte: UInt8(ascii: " "))
        appendName(of: element.tag, in: dataSet, to: &line)
        appendOffset(element.offset, to: &line)
    }

    private func appendOffset(_ offset: Int64?, to line: inout TextLine) {
        guard options.showOffsets, let offset else { return }
        line.append(" @")
        line.append(decimal: offset)
    }

    /// The keyword, `PrivateCreator`, `Private (CREATOR)` or `Unknown`.
    private func appendName(of tag: Tag, in dataSet: DataSet, to line: inout TextLine) {
        if tag.isPrivate {
            if tag.isPrivateCreator {
                line.append("PrivateCreator")
            } else if let creator = dataSet.privateCreator(of: tag) {
                line.append("Private (" + creator + ")")
            } else {
                line.append(tag.isGroupLength ? "GroupLength" : "Private (no creator)")
            }
            return
        }
        if let keyword = DataDictionary.keyword(for: tag), keyword.withUTF8Buffer({ !$0.isEmpty }) {
            return line.append(keyword)
        }
        guard let entry = DataDictionary.entry(for: tag) else { return line.append("Unknown") }
        if entry.keyword.withUTF8Buffer({ !$0.isEmpty }) {
            line.append(entry.keyword)
        } else if entry.name.withUTF8Buffer({ !$0.isEmpty }) {
            entry.name.withUTF8Buffer { name in line.append(name.lazy.filter { $0 != UInt8(ascii: " ") }) }
        } else {
            line.append("Unknown")
        }
    }
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

/// The Specific Character Set in force in a data set, worked out only when a value needs it:
/// ASCII values, most of them, read the same in every character set.
final class LazyCharacterSet {
    private let dataSet: DataSet?
    private let inherited: LazyCharacterSet?
    private var resolved: SpecificCharacterSet?

    /// The character set of `dataSet`, or of its parent (`inherited`) when it names none.
    init(_ dataSet: DataSet, inherited: LazyCharacterSet?) {
        self.dataSet = dataSet
        self.inherited = inherited
    }

    init(_ characterSet: SpecificCharacterSet) {
        dataSet = nil
        inherited = nil
        resolved = characterSet
    }

    var value: SpecificCharacterSet {
        if let resolved { return resolved }
        let parent = inherited?.value ?? .defaultRepertoire
        let value = dataSet?.specificCharacterSet(inherited: parent) ?? parent
        resolved = value
        return value
    }
}
