import DICOM
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One changed file in the audit log: who changed it, when, why, from which bytes to which, and
/// every attribute changed. Each record carries the SHA-256 of the line before it, so any edit,
/// deletion or reordering of earlier lines breaks the chain.
public struct AuditRecord: Codable, Sendable, Equatable {
    /// The run that made the change; `undo --entry` takes it.
    public var entry: String
    /// UTC, ISO 8601 (`2026-11-22T10:15:00Z`).
    public var time: String
    public var `operator`: String
    public var reason: String
    public var version: String
    public var commandLine: [String]
    /// correct, edit, undo (split, merge and repair use the same log).
    public var action: String
    public var input: String
    public var inputSHA256: String
    public var output: String
    public var outputSHA256: String
    public var sopInstanceUID: String?
    /// Where the input's original bytes were kept (in-place runs).
    public var backup: String?
    /// For an undo record, the entry it undid.
    public var undoes: String?
    public var changes: [Change]
    /// SHA-256 (hex) of the previous line of the log; 64 zeros for the first.
    public var previous: String

    public init(
        entry: String, time: String, operator: String, reason: String, version: String, commandLine: [String], action: String,
        input: String, inputSHA256: String, output: String, outputSHA256: String, sopInstanceUID: String?, backup: String? = nil,
        undoes: String? = nil, changes: [Change], previous: String = AuditLog.chainStart
    ) {
        self.entry = entry
        self.time = time
        self.operator = `operator`
        self.reason = reason
        self.version = version
        self.commandLine = commandLine
        self.action = action
        self.input = input
        self.inputSHA256 = inputSHA256
        self.output = output
        self.outputSHA256 = outputSHA256
        self.sopInstanceUID = sopInstanceUID
        self.backup = backup
        self.undoes = undoes
        self.changes = changes
        self.previous = previous
    }
}

/// What the records of one run share.
public struct AuditContext: Sendable {
    public var entry: String
    public var `operator`: String
    public var reason: String
    public var version: String
    public var commandLine: [String]
    public var action: String

    /// - Parameter operator: nil takes the login name of the user running dicomfix.
    public init(entry: String = AuditContext.newEntryID(), operator: String?, reason: String, version: String, commandLine: [String], action: String) {
        self.entry = entry
        self.operator = `operator` ?? AuditContext.loginName()
        self.reason = reason
        self.version = version
        self.commandLine = commandLine
        self.action = action
    }

    /// `20261122T101500Z-1a2b3c4d`: sortable by time, unique by the random suffix.
    public static func newEntryID(date: Date = Date()) -> String {
        let suffix = (0..<4).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return AuditLog.timestamp(date).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") + "-" + suffix
    }

    /// The login name: `LOGNAME`, else `USER` (as POSIX login and sudo set them, and as
    /// Python's getpass reads them), else the session's login name (getlogin), else the name
    /// of the effective user id.
    static func loginName(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for variable in ["LOGNAME", "USER"] {
            if let name = environment[variable]?.trimmingCharacters(in: .whitespaces), !name.isEmpty { return name }
        }
        if let name = getlogin().map({ String(cString: $0) }), !name.isEmpty { return name }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}

/// A problem `AuditLog.verify` found.
public struct AuditProblem: Sendable, CustomStringConvertible {
    /// 1-based line of the log.
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// The append-only JSON Lines audit log shared by correct, edit, undo, split, merge and repair.
///
/// Appends hold an exclusive `flock` on the file, so concurrent runs writing the same log
/// interleave whole records and keep the chain intact.
public struct AuditLog: Sendable {
    public static let chainStart = String(repeating: "0", count: 64)
    public let path: String

    public init(path: String) { self.path = path }

    /// Appends `records` in order, chaining each to the line before it, and flushes to disk.
    /// - Parameter flush: false leaves the flush to the caller (a change job flushes the log
    ///   with the batch of files the records describe, in one journal commit).
    /// - Returns: the records as written (with `previous` filled in).
    /// - Throws: `DICOMError.ioError` when the log cannot be opened, locked or written.
    @discardableResult
    public func append(_ records: [AuditRecord], flush: Bool = true) throws -> [AuditRecord] {
        guard !records.isEmpty else { return [] }
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw ioError("cannot open the audit log") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw ioError("cannot lock the audit log") }
        defer { flock(fd, LOCK_UN) }
        var previous = try lastLineDigest(fd)
        var written: [AuditRecord] = []
        var bytes: [UInt8] = []
        for var record in records {
            record.previous = previous
            let line = try Self.encode(record)
            previous = FileDigest.sha256(line)
            bytes += line
            bytes.append(0x0A)
            written.append(record)
        }
        try bytes.withUnsafeBytes { raw in
            guard var base = raw.baseAddress else { return }
            var left = raw.count
            while left > 0 {
                let n = write(fd, base, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ioError("cannot write the audit log")
                }
                left -= n
                base += n
            }
        }
        if flush { guard fsync(fd) == 0 else { throw ioError("cannot flush the audit log") } }
        return written
    }

    /// Every record of the log, in order.
    /// - Throws: `DICOMError` when the log cannot be read or a line is not a record.
    public func records() throws -> [AuditRecord] {
        try lines().enumerated().map { index, line in
            do {
                return try JSONDecoder().decode(AuditRecord.self, from: Data(line))
            } catch {
                throw DICOMError(.malformed, "line \(index + 1) is not an audit record: \(error)", file: path)
            }
        }
    }

    /// Checks the hash chain: every record must name the SHA-256 of the line before it.
    ///
    /// The chain alone cannot tell a log whose last lines were cut off from a shorter log. A
    /// head kept from an earlier verify closes that gap: pass it as `expectedHead` and the log
    /// must still hold the line with that SHA-256 (lines appended since are fine).
    /// - Parameter expectedHead: the SHA-256 (hex) of a line the log must still hold.
    /// - Returns: the problems found (empty when the log is intact), the SHA-256 of the last
    ///   line (keep it elsewhere to detect later truncation of the log) and the number of lines.
    public func verify(expectedHead: String? = nil) throws -> (problems: [AuditProblem], head: String, lines: Int) {
        var problems: [AuditProblem] = []
        var previous = Self.chainStart
        let all = try lines()
        var expectedFound = expectedHead == nil
        for (index, line) in all.enumerated() {
            if let record = try? JSONDecoder().decode(AuditRecord.self, from: Data(line)) {
                if record.previous != previous {
                    problems.append(
                        AuditProblem(
                            line: index + 1,
                            message: "hash chain broken: the record names \(record.previous.prefix(12))... as the line before it, but that line hashes to \(previous.prefix(12))... (a line was edited, removed or moved)"
                        ))
                }
            } else {
                problems.append(AuditProblem(line: index + 1, message: "not an audit record (JSON could not be read)"))
            }
            previous = FileDigest.sha256(line)
            if let expectedHead, previous == expectedHead.lowercased() { expectedFound = true }
        }
        if !expectedFound, let expectedHead {
            problems.append(
                AuditProblem(
                    line: all.count,
                    message: "no line hashes to the expected head \(expectedHead.prefix(12))...: the log was truncated (or is not the log that head was taken from)"
                ))
        }
        return (problems, previous, all.count)
    }

    // MARK: Encoding and reading

    static func encode(_ record: AuditRecord) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(record))
    }

    /// The lines of the log, without their newlines (a missing log has none).
    private func lines() throws -> [[UInt8]] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DICOMError(.ioError, "cannot read the audit log", file: path)
        }
        return data.split(separator: 0x0A, omittingEmptySubsequences: true).map { Array($0) }
    }

    /// SHA-256 of the last non-empty line of the open log (the chain start when empty).
    private func lastLineDigest(_ fd: Int32) throws -> String {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError("cannot read the audit log") }
        var end = Int64(info.st_size)
        var tail: [UInt8] = []
        let chunk = 64 * 1024
        while end > 0 {
            let start = max(0, end - Int64(chunk))
            var buffer = [UInt8](repeating: 0, count: Int(end - start))
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
            guard n == buffer.count else { throw ioError("cannot read the audit log") }
            tail = buffer + tail
            end = start
            var trimmed = tail[...]
            while trimmed.last == 0x0A { trimmed = trimmed.dropLast() }
            if trimmed.isEmpty { continue }
            if let newline = trimmed.lastIndex(of: 0x0A) {
                return FileDigest.sha256(Array(trimmed[(newline + 1)...]))
            }
            if start == 0 { return FileDigest.sha256(Array(trimmed)) }
        }
        return Self.chainStart
    }

    private func ioError(_ message: String) -> DICOMError {
        let err = errno
        return DICOMError(.ioError, "\(message): \(String(cString: strerror(err)))", file: path, errno: err)
    }

    /// `2026-11-22T10:15:00Z`.
    public static func timestamp(_ date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
