#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regular files below a folder, found with `readdir` (the entry's type from the folder
/// itself, `lstat` only where the file system does not give it): FileManager's enumerator
/// looks up every file's owner and group by name, reading /etc/passwd once per file.
enum FolderWalk {
    /// The paths, relative to `root`, of the regular files at any depth below it. Names that
    /// start with a dot are left out, and hidden folders are not entered; symbolic links are
    /// not followed. Order: as listed (callers sort).
    /// - Returns: nil when `root` cannot be listed.
    static func regularFiles(under root: String) -> [String]? {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        guard let top = entries(of: base.isEmpty ? "/" : base) else { return nil }
        var found: [String] = []
        var pending: [(relative: String, entries: [(name: String, kind: Kind)])] = [("", top)]
        while let (relative, list) = pending.popLast() {
            for (name, kind) in list where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                let resolved = kind == .unknown ? Self.kind(ofPath: base + "/" + path) : kind
                switch resolved {
                case .regular: found.append(path)
                case .folder: if let inside = entries(of: base + "/" + path) { pending.append((path, inside)) }
                case .other, .unknown: continue
                }
            }
        }
        return found
    }

    enum Kind { case regular, folder, other, unknown }

    private static func entries(of folder: String) -> [(name: String, kind: Kind)]? {
        guard let handle = opendir(folder) else { return nil }
        defer { closedir(handle) }
        var list: [(name: String, kind: Kind)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != ".." else { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .folder
            case Int32(DT_UNKNOWN): kind = .unknown
            default: kind = .other
            }
            list.append((name, kind))
        }
        return list
    }

    private static func kind(ofPath path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .folder
        default: return .other
        }
    }
}
