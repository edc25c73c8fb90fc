/// Where an element sits in a data set: the chain of sequence elements and item numbers that
/// lead to it, printed `(0008,1115)[2]/(0020,000E)` (items counted from 0).
public struct TagPath: Hashable, Sendable, CustomStringConvertible {
    public struct Component: Hashable, Sendable {
        public var tag: Tag
        /// The item index inside `tag` when the path goes on into a sequence item.
        public var item: Int?
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    public static let root = TagPath()

    /// This path with `tag` appended.
    public func appending(_ tag: Tag) -> TagPath {
        TagPath(components + [Component(tag: tag, item: nil)])
    }

    /// This path (ending in a sequence tag) with an item index on its last component.
    public func item(_ index: Int) -> TagPath {
        guard var last = components.last else { return self }
        last.item = index
        return TagPath(components.dropLast() + [last])
    }

    public var isEmpty: Bool { components.isEmpty }

    public var description: String {
        components.map { c in c.item.map { "\(c.tag)[\($0)]" } ?? c.tag.description }
            .joined(separator: "/")
    }
}

/// How serious a problem is.
public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A problem found while reading or writing, with where it is: byte offset in the (decoded)
/// stream and tag path. Tolerated problems are collected as diagnostics; a strict read policy
/// turns them into errors.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var severity: Severity
    /// A stable dotted code, e.g. `read.value.truncated`.
    public var code: String
    public var message: String
    /// Byte offset of the problem in the file (in the inflated data set for deflated files).
    public var offset: Int64?
    public var path: TagPath

    public init(_ severity: Severity, _ code: String, _ message: String, offset: Int64? = nil, path: TagPath = .root) {
        self.severity = severity
        self.code = code
        self.message = message
        self.offset = offset
        self.path = path
    }

    public var description: String {
        var parts = ["\(severity): \(message) [\(code)]"]
        if let offset { parts.append("at offset \(offset)") }
        if !path.isEmpty { parts.append("in \(path)") }
        return parts.joined(separator: " ")
    }
}

/// An error of the DICOM codec layer: what went wrong, where, and why.
public struct DICOMError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case cannotOpen, ioError, notDICOM, malformed, unsupported, strictPolicy, refusedOverwrite, tooLarge
    }

    public var code: Code
    public var message: String
    public var file: String?
    public var offset: Int64?
    public var path: TagPath?
    /// The underlying system error number, when there is one.
    public var errno: Int32?

    public init(
        _ code: Code, _ message: String, file: String? = nil, offset: Int64? = nil, path: TagPath? = nil,
        errno: Int32? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.offset = offset
        self.path = path
        self.errno = errno
    }

    public var description: String {
        var text = file.map { "\($0): " } ?? ""
        text += message
        if let offset { text += " (at offset \(offset)" + (path.map { $0.isEmpty ? "" : ", \($0)" } ?? "") + ")" }
        return text
    }
}
