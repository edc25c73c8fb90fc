// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dicomfix",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dicomfix", targets: ["dicomfix"]),
        .library(name: "DICOM", targets: ["DICOM"]),
        // For the fuzz targets in Fuzz/ (a separate package that depends on this one by path).
        .library(name: "DICOMMedia", targets: ["DICOMMedia"]),
        .library(name: "DICOMValidation", targets: ["DICOMValidation"]),
        .library(name: "DICOMDump", targets: ["DICOMDump"]),
        .library(name: "DICOMDeidentify", targets: ["DICOMDeidentify"]),
        .library(name: "DICOMRepair", targets: ["DICOMRepair"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]),

        // Two Linux calls Swift's Glibc module leaves out: sync_file_range (batched flushes), copy_file_range.
        .target(name: "CFileIO"),

        // The codec: tags, VRs, dictionary, data sets, reader and writer. No CLI, no printing.
        .target(name: "DICOM", dependencies: ["CZlib", "CFileIO"]),

        // Checking files against PS3.10, PS3.5 and the IODs of PS3.3 (generated tables).
        .target(name: "DICOMValidation", dependencies: ["DICOM"]),

        // Where inputs come from and how media are laid out: folders, DICOMDIRs, zip, tar and ISO
        // archives (libarchive); DICOMDIR build and check; packaging media.
        .target(name: "DICOMMedia", dependencies: ["DICOM", "CArchive"]),

        // De-identification: the PS3.15 Annex E profile (generated table), keyed pseudonyms, verify.
        .target(
            name: "DICOMDeidentify",
            dependencies: ["DICOM", "DICOMValidation", .product(name: "Crypto", package: "swift-crypto")]),

        // Changing files on the record: correct, edit, undo, the audit log, split, merge, repair (split's
        // keyed study UIDs use de-identification's key).
        .target(
            name: "DICOMRepair",
            dependencies: ["DICOM", "DICOMValidation", "DICOMDeidentify", .product(name: "Crypto", package: "swift-crypto")]),

        // Rendering data sets for people and scripts: text, DICOM JSON, Native DICOM XML.
        .target(name: "DICOMDump", dependencies: ["DICOM"]),

        // The network step: PDUs (PS3.8), DIMSE command sets (PS3.7), associations over SwiftNIO,
        // TLS (PS3.15 Annex B) through swift-nio-ssl.
        .target(
            name: "DICOMNetwork",
            dependencies: [
                "DICOM", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),

        // Thin commands over the library modules.
        .target(
            name: "DicomfixCLI",
            dependencies: [
                "DICOM", "DICOMMedia", "DICOMDump", "DICOMValidation", "DICOMDeidentify", "DICOMRepair", "DICOMNetwork",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "dicomfix", dependencies: ["DicomfixCLI"]),

        // The project's own sample files (Samples/) and benchmark data, made with the DICOM writer.
        .target(name: "DICOMSamples", dependencies: ["DICOM"]),
        .executableTarget(name: "make-samples", dependencies: ["DICOMSamples"]),
        .executableTarget(name: "dicomfix-bench", dependencies: ["DICOM", "DICOMSamples"]),

        // Helpers shared by the test targets (tool runner, pydicom corpus, Samples).
        .target(name: "DICOMTestSupport", path: "Tests/DICOMTestSupport"),
        .testTarget(name: "DICOMTests", dependencies: ["DICOM", "DICOMTestSupport"]),
        .testTarget(name: "DicomfixCLITests", dependencies: ["DicomfixCLI", "DICOM", "DICOMTestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "DICOMValidationTests", dependencies: ["DICOMValidation", "DICOM", "DICOMTestSupport"]),
        .testTarget(name: "DICOMMediaTests", dependencies: ["DICOMMedia", "DICOM", "DICOMTestSupport"]),
        .testTarget(name: "DICOMDumpTests", dependencies: ["DICOMDump", "DICOM", "DICOMTestSupport"]),
        .testTarget(name: "DICOMDeidentifyTests", dependencies: ["DICOMDeidentify", "DICOM", "DICOMTestSupport"]),
        .testTarget(name: "DICOMRepairTests", dependencies: ["DICOMRepair", "DICOM", "DICOMTestSupport"]),
        .testTarget(
            name: "DICOMNetworkTests",
            dependencies: [
                "DICOMNetwork", "DICOM", "DICOMTestSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            exclude: ["Peers"]),
        .testTarget(name: "DICOMSamplesTests", dependencies: ["DICOMSamples", "DICOM", "DICOMTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// Scripts/sanitize can build a subset of the test targets (DICOMFIX_TEST_TARGETS=DICOMTests,...)
// so that a sanitizer build compiles only what those tests need.
if let subset = Context.environment["DICOMFIX_TEST_TARGETS"] {
    let names = Set(subset.split(separator: ",").map(String.init))
    package.targets.removeAll { $0.type == .test && !names.contains($0.name) }
}
