/// The archive and disc-image formats dicomfix reads and writes through libarchive.
public enum ArchiveFormat: String, CaseIterable, Sendable {
    case iso
    case zip
    case tar
    case tarGzip = "tar.gz"

    /// The format a file name's extension names (`.iso`, `.zip`, `.tar`, `.tar.gz`, `.tgz`, any
    /// case), or nil for any other name.
    public init?(fileName: String) {
        let name = fileName.lowercased()
        if name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz") {
            self = .tarGzip
        } else if name.hasSuffix(".tar") {
            self = .tar
        } else if name.hasSuffix(".zip") {
            self = .zip
        } else if name.hasSuffix(".iso") {
            self = .iso
        } else {
            return nil
        }
    }
}

/// Bounds on what reading an archive may unpack, so that a compression bomb cannot fill the
/// disk: the total of member sizes, and the ratio of unpacked bytes to the archive's own size
/// (checked once more than `ratioGrace` bytes have been unpacked).
public struct ArchiveLimits: Sendable, Hashable {
    /// The most bytes unpacked from one archive.
    public var maximumBytes: Int64
    /// The most bytes unpacked per byte of the archive file.
    public var maximumRatio: Int64
    /// The most members read from one archive.
    public var maximumMembers: Int
    /// Unpacked bytes below which the ratio is not checked (small archives of blank images
    /// compress extremely well and are harmless).
    public var ratioGrace: Int64

    public init(maximumBytes: Int64 = 64 << 30, maximumRatio: Int64 = 200, maximumMembers: Int = 1_000_000, ratioGrace: Int64 = 64 << 20) {
        self.maximumBytes = maximumBytes
        self.maximumRatio = maximumRatio
        self.maximumMembers = maximumMembers
        self.ratioGrace = ratioGrace
    }

    /// The default limits.
    public static let standard = ArchiveLimits()

    /// The limits set by `DICOMFIX_ARCHIVE_MAX_BYTES`, `DICOMFIX_ARCHIVE_MAX_RATIO` and
    /// `DICOMFIX_ARCHIVE_MAX_MEMBERS` in `environment` (sizes accept K, M, G and T suffixes),
    /// the defaults for those not set; nil with a message when a value cannot be read.
    public static func from(environment: [String: String]) -> Result<ArchiveLimits, ArchiveLimitsError> {
        var limits = ArchiveLimits.standard
        if let text = environment["DICOMFIX_ARCHIVE_MAX_BYTES"] {
            guard let value = parseSize(text), value > 0 else { return .failure(ArchiveLimitsError(variable: "DICOMFIX_ARCHIVE_MAX_BYTES", value: text)) }
            limits.maximumBytes = value
        }
        if let text = environment["DICOMFIX_ARCHIVE_MAX_RATIO"] {
            guard let value = Int64(text), value > 0 else { return .failure(ArchiveLimitsError(variable: "DICOMFIX_ARCHIVE_MAX_RATIO", value: text)) }
            limits.maximumRatio = value
        }
        if let text = environment["DICOMFIX_ARCHIVE_MAX_MEMBERS"] {
            guard let value = Int(text), value > 0 else { return .failure(ArchiveLimitsError(variable: "DICOMFIX_ARCHIVE_MAX_MEMBERS", value: text)) }
            limits.maximumMembers = value
        }
        return .success(limits)
    }

    /// `123`, `10K`, `64M`, `2G`, `1T` (powers of 1024) as a byte count.
    static func parseSize(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        let trimmed = text.uppercased().hasSuffix("B") ? String(text.uppercased().dropLast()) : text.uppercased()
        guard let last = trimmed.last else { return nil }
        if let unit = units[last] {
            guard let number = Int64(trimmed.dropLast()) else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: unit)
            return overflow ? nil : product
        }
        return Int64(trimmed)
    }
}

/// An archive limit variable that does not hold a usable value.
public struct ArchiveLimitsError: Error, Sendable, CustomStringConvertible {
    public var variable: String
    public var value: String
    public var description: String { "\(variable)=\(value) is not a positive number" }
}
