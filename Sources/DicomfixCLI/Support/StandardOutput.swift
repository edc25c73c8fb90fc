#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to stdout with `write(2)`, no buffering of its own (callers hand over whole files'
/// output); a closed pipe (`| head`) ends the program quietly.
final class StandardOutput: Sendable {
    init() { signal(SIGPIPE, SIG_IGN) }

    func write(_ bytes: [UInt8]) {
        if !writeAll(1, bytes) { exit(0) }
    }

    /// Writes `text` as it is, without adding a newline.
    func write(text: String) {
        write(Array(text.utf8))
    }
}

/// Prints a line on stderr.
func printError(_ message: String) {
    _ = writeAll(2, Array((message + "\n").utf8))
}

/// Writes all of `bytes` to the file descriptor, retrying short writes; false on an error.
private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else { return true }
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, base + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
