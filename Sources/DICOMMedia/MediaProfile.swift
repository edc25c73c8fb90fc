import DICOM
import Foundation

/// A general purpose media application profile of PS3.11: the transfer syntaxes its files may be
/// in. Every profile here takes any storage SOP class, wants a DICOMDIR in Explicit VR Little
/// Endian, and File IDs as `MediaLayout` describes.
public struct MediaProfile: Sendable, Hashable, CustomStringConvertible {
    /// The profile's identifier, e.g. `STD-GEN-CD`.
    public let name: String
    /// What the profile is for, as PS3.11 titles it.
    public let title: String
    /// Transfer Syntax UIDs the profile allows for the files.
    public let transferSyntaxUIDs: [String]

    public var description: String { name }

    /// Whether a file in `syntaxUID` may go on media of this profile.
    public func allows(_ syntaxUID: String) -> Bool { transferSyntaxUIDs.contains(syntaxUID) }

    static let explicitLittle = TransferSyntax.explicitVRLittleEndian.uid
    static let jpeg = [
        "1.2.840.10008.1.2.4.50",  // JPEG Baseline (Process 1)
        "1.2.840.10008.1.2.4.51",  // JPEG Extended (Process 2 & 4)
        "1.2.840.10008.1.2.4.57",  // JPEG Lossless, Non-Hierarchical (Process 14)
        "1.2.840.10008.1.2.4.70",  // JPEG Lossless, First-Order Prediction (Process 14, SV1)
    ]
    static let jpeg2000 = [
        "1.2.840.10008.1.2.4.90",  // JPEG 2000 Image Compression (Lossless Only)
        "1.2.840.10008.1.2.4.91",  // JPEG 2000 Image Compression
    ]

    /// General Purpose CD-R Interchange (PS3.11 Annex D): Explicit VR Little Endian only.
    public static let cd = MediaProfile(name: "STD-GEN-CD", title: "General Purpose CD-R Interchange", transferSyntaxUIDs: [explicitLittle])
    /// General Purpose Interchange on DVD-RAM Media (PS3.11 Annex F): Explicit VR Little Endian.
    public static let dvdRAM = MediaProfile(
        name: "STD-GEN-DVD-RAM", title: "General Purpose Interchange on DVD-RAM Media", transferSyntaxUIDs: [explicitLittle])

    /// Every profile `dicomfix dicomdir build` knows, STD-GEN-CD first (the default).
    public static let all: [MediaProfile] = [
        cd, dvdRAM,
        MediaProfile(name: "STD-GEN-DVD-JPEG", title: "General Purpose DVD Interchange with JPEG", transferSyntaxUIDs: [explicitLittle] + jpeg),
        MediaProfile(name: "STD-GEN-DVD-J2K", title: "General Purpose DVD Interchange with JPEG 2000", transferSyntaxUIDs: [explicitLittle] + jpeg2000),
        MediaProfile(name: "STD-GEN-BD-JPEG", title: "General Purpose BD Interchange with JPEG", transferSyntaxUIDs: [explicitLittle] + jpeg),
        MediaProfile(name: "STD-GEN-BD-J2K", title: "General Purpose BD Interchange with JPEG 2000", transferSyntaxUIDs: [explicitLittle] + jpeg2000),
        MediaProfile(name: "STD-GEN-USB-JPEG", title: "General Purpose USB Media Interchange with JPEG", transferSyntaxUIDs: [explicitLittle] + jpeg),
        MediaProfile(name: "STD-GEN-USB-J2K", title: "General Purpose USB Media Interchange with JPEG 2000", transferSyntaxUIDs: [explicitLittle] + jpeg2000),
        MediaProfile(name: "STD-GEN-SD-JPEG", title: "General Purpose Secure Digital Interchange with JPEG", transferSyntaxUIDs: [explicitLittle] + jpeg),
        MediaProfile(name: "STD-GEN-SD-J2K", title: "General Purpose Secure Digital Interchange with JPEG 2000", transferSyntaxUIDs: [explicitLittle] + jpeg2000),
        MediaProfile(name: "STD-GEN-CF-JPEG", title: "General Purpose CompactFlash Interchange with JPEG", transferSyntaxUIDs: [explicitLittle] + jpeg),
        MediaProfile(name: "STD-GEN-CF-J2K", title: "General Purpose CompactFlash Interchange with JPEG 2000", transferSyntaxUIDs: [explicitLittle] + jpeg2000),
        MediaProfile(name: "STD-GEN-MMC-JPEG", title: "General Purpose MultiMediaCard Interchange with JPEG", transferSyntaxUIDs: [explicitLittle] + jpeg),
        MediaProfile(name: "STD-GEN-MMC-J2K", title: "General Purpose MultiMediaCard Interchange with JPEG 2000", transferSyntaxUIDs: [explicitLittle] + jpeg2000),
    ]

    /// The profile named `name` (case-insensitive).
    public static func named(_ name: String) -> MediaProfile? {
        all.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
