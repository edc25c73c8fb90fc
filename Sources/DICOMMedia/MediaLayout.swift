import Foundation

/// File IDs on media (PS3.10 8.2 and 8.5, PS3.12 Annex F for ISO 9660 media): at most eight
/// components, each of one to eight characters from `A-Z`, `0-9` and `_`.
public enum MediaLayout {
    /// The most components a File ID may have.
    public static let maximumComponents = 8
    /// The most characters in one component.
    public static let maximumComponentLength = 8

    /// Why `components` is not a valid File ID, or nil when it is.
    public static func problem(with components: [String]) -> String? {
        if components.isEmpty { return "the File ID is empty" }
        if components.count > maximumComponents {
            return "\(components.count) levels of folders and file (at most \(maximumComponents))"
        }
        for component in components where !isValidComponent(component) {
            return "'\(component)' is not 1 to \(maximumComponentLength) characters of A-Z, 0-9 and _"
        }
        return nil
    }

    /// Whether one File ID component is 1 to 8 characters of upper-case letters, digits and `_`.
    public static func isValidComponent(_ component: String) -> Bool {
        let bytes = Array(component.utf8)
        guard (1...maximumComponentLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// A component made of `prefix` and a number, eight characters (`PAT00001`); numbers too
    /// large for the prefix use fewer prefix characters.
    public static func numberedComponent(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        let kept = String(prefix.prefix(max(0, maximumComponentLength - digits.count)))
        let zeros = max(0, maximumComponentLength - kept.count - digits.count)
        return kept + String(repeating: "0", count: zeros) + digits
    }

    /// The media-safe File ID of the `image`-th instance of the `series`-th series of the
    /// `study`-th study of the `patient`-th patient (numbers from 1):
    /// `DICOM/PAT00001/STU00001/SER00001/IMG00001`.
    public static func fileID(patient: Int, study: Int, series: Int, instance: Int) -> [String] {
        [
            "DICOM", numberedComponent("PAT", patient), numberedComponent("STU", study), numberedComponent("SER", series),
            numberedComponent("IMG", instance),
        ]
    }

    /// The components of `path` relative to `root`, or nil when it is not inside `root`.
    public static func relativeComponents(of path: String, under root: String) -> [String]? {
        let base = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let full = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        guard full.count > base.count, Array(full.prefix(base.count)) == base else { return nil }
        return Array(full.dropFirst(base.count))
    }
}

/// Finds the files a DICOMDIR references, ignoring case: CDs mounted on Linux often show
/// `dicom/pat00001/img00001` for `DICOM/PAT00001/IMG00001`, and ISO 9660 names may carry a `;1`
/// version or a trailing dot. Folder listings are cached.
public final class FileIDResolver {
    private let root: String
    private var listings: [String: [String: String]] = [:]

    public init(root: String) { self.root = root }

    /// How a File ID was found.
    public struct Match: Sendable, Hashable {
        /// The path on disk.
        public var path: String
        /// Whether the names on disk differ from the File ID (case, version suffix).
        public var differsInCase: Bool
    }

    /// The file for `components` under the root, or nil when there is none.
    public func resolve(_ components: [String]) -> Match? {
        var current = root
        var differs = false
        for (index, component) in components.enumerated() {
            let exact = (current as NSString).appendingPathComponent(component)
            var isDirectory: ObjCBool = false
            let isLast = index == components.count - 1
            if FileManager.default.fileExists(atPath: exact, isDirectory: &isDirectory), isDirectory.boolValue != isLast {
                current = exact
                continue
            }
            guard let name = listing(current)[Self.normalised(component)] else { return nil }
            differs = true
            current = (current as NSString).appendingPathComponent(name)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: current, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return Match(path: current, differsInCase: differs)
    }

    private func listing(_ folder: String) -> [String: String] {
        if let cached = listings[folder] { return cached }
        var names: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let key = Self.normalised(name)
            if names[key] == nil { names[key] = name }
        }
        listings[folder] = names
        return names
    }

    /// Upper case, without an ISO 9660 version (`;1`) or a trailing dot.
    static func normalised(_ name: String) -> String {
        var text = name.uppercased()
        if let semicolon = text.lastIndex(of: ";") { text = String(text[..<semicolon]) }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
