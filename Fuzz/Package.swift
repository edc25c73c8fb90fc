// swift-tools-version:6.0
// libFuzzer targets for dicomfix's readers and decoders, kept out of the main package so that
// `swift build` and `swift test` there never build them. Built and run by `Scripts/fuzz`, which
// passes `-sanitize=fuzzer,address` (Linux only).
import PackageDescription

let package = Package(
    name: "dicomfix-fuzz",
    dependencies: [
        .package(name: "dicomfix", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlibFuzz", pkgConfig: "zlib"),
        .target(name: "CLibFuzzer"),
        // Seed writing and the Part-10 wrapper shared by the targets.
        .target(name: "FuzzSupport", dependencies: [.product(name: "DICOM", package: "dicomfix"), "CZlibFuzz", "CLibFuzzer"]),
        .executableTarget(
            name: "fuzz-part10", dependencies: ["FuzzSupport", .product(name: "DICOM", package: "dicomfix")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "fuzz-dicomdir",
            dependencies: ["FuzzSupport", .product(name: "DICOM", package: "dicomfix"), .product(name: "DICOMMedia", package: "dicomfix")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "fuzz-validate",
            dependencies: [
                "FuzzSupport", .product(name: "DICOM", package: "dicomfix"), .product(name: "DICOMValidation", package: "dicomfix"),
                .product(name: "DICOMDump", package: "dicomfix"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "fuzz-change",
            dependencies: [
                "FuzzSupport", .product(name: "DICOM", package: "dicomfix"), .product(name: "DICOMRepair", package: "dicomfix"),
                .product(name: "DICOMDeidentify", package: "dicomfix"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        // DICOMNetwork's PDU, DIMSE command set and framing code, compiled from the same source
        // files (symbolic links) without the association machinery, so that the fuzz build needs
        // only NIOCore and not NIOPosix, swift-nio-ssl and BoringSSL.
        .target(name: "DICOMNetworkCodec", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        .executableTarget(
            name: "fuzz-pdu",
            dependencies: [
                "FuzzSupport", .product(name: "DICOM", package: "dicomfix"), "DICOMNetworkCodec",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ],
    swiftLanguageModes: [.v6]
)
