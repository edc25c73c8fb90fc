#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that it is either wholly there or not at all: the bytes go to a temporary
/// file in the destination's folder, which is flushed to disk and then renamed over the
/// destination. On any error the temporary file is removed. (`WriteBatch` does the same for
/// many files with one flush per batch.)
///
/// A process killed while writing (kill -9, power loss) leaves its temporary file behind. Its
/// name says which process made it (`.dicomfix-tmp-PID@HOST~NAME.XXXXXX`), and the first write
/// of a later run into the same folder removes the temporaries of processes of this machine that
/// no longer run (`removeStaleTemporaries(in:)`).
public enum AtomicFile {
    /// The prefix of temporary files, so that a later run can recognise and remove leftovers.
    public static let temporaryPrefix = ".dicomfix-tmp-"

    /// Creates or replaces `path` with what `body` writes to the sink.
    /// - Parameters:
    ///   - mode: permissions of the new file; by default those of the file being replaced, else
    ///     0644.
    ///   - beforeReplacing: called once the new bytes are on disk, just before they replace
    ///     `path` (a change job appends its audit record there, so that no file is ever changed
    ///     without its record). If it throws, `path` is left as it was.
    public static func write(
        to path: String, mode: mode_t? = nil, beforeReplacing: (() throws -> Void)? = nil, _ body: (any ByteSink) throws -> Void
    ) throws {
        let batch = WriteBatch(maxFiles: 1)
        try batch.stage(to: path, mode: mode, body)
        if let failure = try batch.commit(beforeReplacing: beforeReplacing).first { throw failure.error }
    }

    /// The folder a path's file is in: its temporary files go there (`.` for a bare name).
    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}

extension AtomicFile {
    /// Removes the temporary files in `directory` that interrupted runs left behind: regular
    /// files named with `temporaryPrefix` whose owner is a process of this machine that no longer
    /// runs, and any such file (whatever its owner) not modified for a day. Temporary files of
    /// runs still going, here or on another machine sharing the folder, are left alone.
    /// - Returns: the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var removed: [String] = []
        let now = time(nil)
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix(temporaryPrefix) else { continue }
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else { continue }
            #if canImport(Darwin)
            let modified = info.st_mtimespec.tv_sec
            #else
            let modified = info.st_mtim.tv_sec
            #endif
            let old = now - modified > 24 * 3600
            guard old || StaleTemporaries.ownerIsGone(name: name) else { continue }
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }
}

/// Who owns a temporary file (`PID@HOST`), and which folders this process has already cleaned.
enum StaleTemporaries {
    /// `PID@HOST` of this process.
    static let owner: String = "\(getpid())@\(hostName)"

    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name.filter { $0 != "/" && $0 != "~" }
    }()

    private static let cleaned = LockedSet()

    /// Whether this is the first write of this process into `directory` (and records it).
    static func firstWrite(into directory: String) -> Bool { cleaned.insert(directory) }

    /// Whether a temporary file's name says it belongs to a process of this machine that no
    /// longer runs. Names of other machines, or without an owner, are never judged gone.
    static func ownerIsGone(name: String) -> Bool {
        let rest = name.dropFirst(AtomicFile.temporaryPrefix.count)
        guard let tilde = rest.firstIndex(of: "~"), let at = rest[..<tilde].firstIndex(of: "@"),
            let pid = Int32(rest[..<at]), pid > 0, String(rest[rest.index(after: at)..<tilde]) == hostName
        else { return false }
        if pid == getpid() { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

/// A set of strings behind a mutex, for state shared by the threads of a parallel run.
final class LockedSet: @unchecked Sendable {
    private let lock = Lock()
    private var members: Set<String> = []

    /// Inserts `member`; true when it was not there yet.
    func insert(_ member: String) -> Bool {
        lock.withLock { members.insert(member).inserted }
    }
}
