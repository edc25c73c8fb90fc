import DICOM
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files (`.dicomfix-tmp-*`, see `AtomicFile`) that a run killed mid-write leaves
/// behind, removed by the next run. Only files last modified before that run started are
/// removed, so a write in progress in another run is left alone.
enum Leftovers {
    /// Removes the leftovers in `folder` itself (not below it) modified before `date`.
    static func remove(in folder: String, olderThan date: Date) {
        let directory = folder.isEmpty ? "." : folder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(AtomicFile.temporaryPrefix) {
            removeIfOlder((directory as NSString).appendingPathComponent(name), than: date)
        }
    }

    /// Removes every leftover under `folder`, at any depth, modified before `date`.
    static func remove(under folder: String, olderThan date: Date) {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
        while let relative = walker.nextObject() as? String {
            guard (relative as NSString).lastPathComponent.hasPrefix(AtomicFile.temporaryPrefix) else { continue }
            removeIfOlder((folder as NSString).appendingPathComponent(relative), than: date)
        }
    }

    private static func removeIfOlder(_ path: String, than date: Date) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        let modified = Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
        if modified < date.timeIntervalSince1970 { unlink(path) }
    }
}
