import DICOM
import Foundation

/// Private temporary folders (mode 0700) in `TMPDIR`, named with dicomfix's temporary prefix so
/// that leftovers are recognisable.
enum TemporaryFolder {
    /// The folder temporary files go in: `TMPDIR`, else /tmp.
    static var directory: String {
        ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// Creates `TMPDIR/.dicomfix-tmp-<name>XXXXXX` and returns its path.
    static func make(_ name: String) throws -> String {
        let directory = self.directory
        var template = Array("\(directory)/\(AtomicFile.temporaryPrefix)\(name)XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            throw DICOMError(.ioError, "cannot create a temporary folder in \(directory)", file: directory, errno: errno)
        }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
