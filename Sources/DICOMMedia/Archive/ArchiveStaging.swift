import CArchive
import DICOM
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One regular file unpacked from an archive.
public struct ArchiveMember: Sendable, Hashable {
    /// Its path inside the archive (`DICOM/PAT00001/IMG00001`), without a leading `./`.
    public var name: String
    /// Where its bytes were unpacked to.
    public var stagedPath: String
    public var size: Int64
}

/// What reading one archive gave: its members, the entries refused (links, devices, unsafe
/// names), and the error that stopped the reading early, if any.
public struct ArchiveContents: Sendable {
    public var archive: String
    /// The folder its members were unpacked into; `<archive>!/` stands for it in messages.
    public var stagedRoot: String
    public var members: [ArchiveMember] = []
    /// Entries that were not unpacked, with why (each one a warning for the user).
    public var refused: [(name: String, reason: String)] = []
    /// Why the archive could not be read to its end (members read before it are kept), or why
    /// it was refused as a whole (a limit reached: then no member is kept).
    public var error: String?
}

/// A private folder that archive members are unpacked into for the length of one command, so
/// that every reader works on them as on files, nothing is loaded into memory, and no member
/// can land outside the folder. Removed when the value goes away; a folder left by a killed
/// run is removed by the next run that unpacks an archive.
///
/// Member names are checked before anything is written: absolute paths, `..` components,
/// links, devices and other special files are refused, never followed; unpacking stops at the
/// `ArchiveLimits` (total size, ratio to the archive's size, member count).
public final class ArchiveStaging: @unchecked Sendable {
    /// The private folder (mode 0700).
    public let root: String
    private let lock = NSLock()
    private var archiveCount = 0
    static let prefix = "\(AtomicFile.temporaryPrefix)archive-"

    /// Creates the folder in `TMPDIR` (else /tmp), first removing folders left by runs that no
    /// longer exist.
    public init() throws {
        Self.removeAbandoned(in: TemporaryFolder.directory)
        root = try TemporaryFolder.make("archive-\(getpid())-")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Removes staging folders whose process is gone (`.dicomfix-tmp-archive-PID-XXXXXX`).
    static func removeAbandoned(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Unpacks the regular files of the archive at `path` into a folder of its own under the
    /// staging root.
    public func unpack(_ path: String, limits: ArchiveLimits = .standard) -> ArchiveContents {
        let folder: String = lock.withLock {
            archiveCount += 1
            return (root as NSString).appendingPathComponent(String(archiveCount))
        }
        var contents = ArchiveContents(archive: path, stagedRoot: folder)
        guard mkdir(folder, 0o700) == 0 else {
            contents.error = "cannot create \(folder): \(String(cString: strerror(errno)))"
            return contents
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            contents.error = "cannot read the archive: \(String(cString: strerror(errno)))"
            return contents
        }
        let archiveSize = max(Int64(info.st_size), 1)

        guard let reader = archive_read_new() else {
            contents.error = "libarchive could not start"
            return contents
        }
        defer { archive_read_free(reader) }
        archive_read_support_filter_all(reader)
        archive_read_support_format_all(reader)
        guard archive_read_open_filename(reader, path, 1 << 16) == ARCHIVE_OK else {
            contents.error = "not a readable archive: \(Self.message(reader))"
            return contents
        }
        var total: Int64 = 0
        var seen = Set<String>()
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN, let entry else {
                contents.error = "the archive is damaged: \(Self.message(reader))"
                break
            }
            let rawName = archive_entry_pathname_utf8(entry).map { String(cString: $0) }
                ?? archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let type = archive_entry_filetype(entry) & S_IFMT
            if type == S_IFDIR && archive_entry_hardlink(entry) == nil { continue }
            if let reason = Self.refusal(name: rawName, type: type, isHardLink: archive_entry_hardlink(entry) != nil) {
                contents.refused.append((rawName, reason))
                continue
            }
            let name = Self.normalized(rawName)
            guard seen.insert(name.uppercased()).inserted else {
                contents.refused.append((rawName, "a second member with this name (names are compared ignoring case)"))
                continue
            }
            guard contents.members.count < limits.maximumMembers else {
                contents.error = "more than \(limits.maximumMembers) members (DICOMFIX_ARCHIVE_MAX_MEMBERS)"
                break
            }
            let staged = (folder as NSString).appendingPathComponent(name)
            do {
                let size = try unpackData(reader, to: staged, under: folder, maximumSize: limits.maximumBytes) { written in
                    total += written
                    if total > limits.maximumBytes {
                        return "unpacking stopped at \(total) bytes: more than \(limits.maximumBytes) (DICOMFIX_ARCHIVE_MAX_BYTES); a compression bomb?"
                    }
                    if total > limits.ratioGrace, total / archiveSize > limits.maximumRatio {
                        return "unpacking stopped at \(total) bytes from a \(archiveSize)-byte archive: more than \(limits.maximumRatio) times its size (DICOMFIX_ARCHIVE_MAX_RATIO); a compression bomb?"
                    }
                    return nil
                }
                contents.members.append(ArchiveMember(name: name, stagedPath: staged, size: size))
            } catch let error as UnpackError {
                switch error {
                case .limit(let message):
                    // A bomb: keep nothing of this archive.
                    try? FileManager.default.removeItem(atPath: folder)
                    contents.members = []
                    contents.error = message
                    return contents
                case .member(let message):
                    unlink(staged)
                    contents.refused.append((rawName, message))
                case .archive(let message):
                    contents.error = "the archive is damaged at \(rawName): \(message)"
                }
                if contents.error != nil { break }
            } catch {
                contents.refused.append((rawName, "\(error)"))
            }
        }
        contents.members.sort { $0.name < $1.name }
        return contents
    }

    private enum UnpackError: Error {
        case limit(String)
        case member(String)
        case archive(String)
    }

    /// Writes the current entry's data to `staged` (creating its folders under `folder`), asking
    /// `check` after each block whether a limit is reached.
    private func unpackData(
        _ reader: OpaquePointer, to staged: String, under folder: String, maximumSize: Int64, check: (Int64) -> String?
    ) throws -> Int64 {
        let parent = (staged as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw UnpackError.member("cannot be unpacked: a member of the same name as its folder")
        }
        let fd = open(staged, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw UnpackError.member("cannot be unpacked: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var size: Int64 = 0
        var block: UnsafeRawPointer?
        var length = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(reader, &block, &length, &offset)
            if status == ARCHIVE_EOF { break }
            guard status >= ARCHIVE_WARN else { throw UnpackError.archive(Self.message(reader)) }
            guard let block, length > 0 else { continue }
            // A sparse member's blocks come with offsets: its apparent size counts too.
            let (end, overflow) = Int64(offset).addingReportingOverflow(Int64(length))
            guard offset >= 0, !overflow, end <= maximumSize else {
                throw UnpackError.limit("a member claims \(offset) + \(length) bytes: more than \(maximumSize) (DICOMFIX_ARCHIVE_MAX_BYTES)")
            }
            var done = 0
            while done < length {
                let n = pwrite(fd, block + done, length - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw UnpackError.member("cannot be unpacked: \(String(cString: strerror(errno)))")
                }
                done += n
            }
            size = max(size, end)
            if let message = check(Int64(length)) { throw UnpackError.limit(message) }
        }
        if ftruncate(fd, off_t(size)) != 0 { throw UnpackError.member("cannot be unpacked: \(String(cString: strerror(errno)))") }
        return size
    }

    /// Why an entry is not unpacked, or nil when it is a regular file with a safe name.
    static func refusal(name: String, type: mode_t, isHardLink: Bool) -> String? {
        if isHardLink { return "a hard link: refused, not followed" }
        switch type {
        case S_IFREG: break
        case S_IFLNK: return "a symbolic link: refused, not followed"
        case S_IFCHR, S_IFBLK: return "a device file: refused"
        case S_IFIFO: return "a named pipe: refused"
        case S_IFSOCK: return "a socket: refused"
        default: return "not a regular file: refused"
        }
        if name.hasPrefix("/") || name.hasPrefix("\\") || (name.count >= 2 && Array(name.utf8)[1] == 0x3A) {
            return "an absolute path: refused"
        }
        let components = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        if components.contains("..") { return "a path with '..': refused" }
        if normalized(name).isEmpty { return "an empty name: refused" }
        return nil
    }

    /// The name without `./` components and repeated slashes.
    static func normalized(_ name: String) -> String {
        name.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    private static func message(_ reader: OpaquePointer) -> String {
        archive_error_string(reader).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
