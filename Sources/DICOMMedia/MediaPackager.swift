import DICOM
import Foundation

/// Packages DICOM files as a medium for patients and other hospitals: an IHE PDI layout
/// (DICOMDIR at the root, files under `DICOM/` with media-safe names, README.TXT, INDEX.HTM,
/// optional extra folders such as a viewer) written as an ISO 9660 image, a zip or a tar file.
///
/// The file-set is planned by `DicomDirectoryBuilder.plan` (the checks of `dicomdir build`:
/// profile, consistency, keys) and nothing is written when it has errors. Files are streamed
/// into the archive from where they are; only files that must be transcoded for the profile
/// are converted first, into a temporary folder.
public enum MediaPackager {
    public struct Options: Sendable {
        public var format: ArchiveFormat = .iso
        /// Volume identifier of an ISO image and File-set ID of the DICOMDIR.
        public var label = "DICOM"
        /// Folders copied to the root of the medium under their own names (a viewer).
        public var include: [String] = []
        public var profile: MediaProfile = .cd
        public var transcode = false
        public var force = false
        /// ISO extensions, off by default (PS3.12 F: ISO 9660 level 1).
        public var joliet = false
        public var rockRidge = false
        /// Who made the medium, and with what, for README.TXT and INDEX.HTM.
        public var preparedBy = ""
        public var software = "dicomfix"
        public var date = Date()

        public init() {}
    }

    /// What was packaged.
    public struct Result: Sendable {
        /// The plan's file entries and every finding.
        public var build: DicomDirectoryBuilder.Result
        /// The archive written, nil when refused.
        public var archive: String?
        /// Names of the members written, in order.
        public var members: [String] = []
        public var summary: MediaSummary?
    }

    /// Packages the DICOM files of `inputs` into the archive `output`.
    /// - Parameter inputs: the files to package (folders, DICOMDIRs and archives already
    ///   expanded by `InputCollector`).
    public static func package(_ inputs: InputCollector.Result, output: String, options: Options) -> Result {
        var build = DicomDirectoryBuilder.Result()
        build.findings += inputs.missing.map { MediaFinding(.error, "media.input.missing", $0.reason, file: $0.path) }
        build.findings += inputs.refused.map { MediaFinding(.warning, "archive.member.refused", $0.reason, file: $0.path) }
        if let problem = ArchiveWriter.problem(withVolumeID: options.label) {
            build.findings.append(MediaFinding(.error, "package.label.invalid", "the label '\(options.label)' \(problem)", reference: "ISO 9660 7.4, PS3.12 F"))
            return Result(build: build)
        }
        if let overlap = overlap(of: output, with: inputs) {
            build.findings.append(MediaFinding(.error, "package.output.is-input", "the archive \(output) would be written over its own input \(overlap)", file: output))
            return Result(build: build)
        }
        var dicomdirOptions = DicomDirectoryBuilder.Options()
        dicomdirOptions.profile = options.profile
        dicomdirOptions.rename = true
        dicomdirOptions.output = output
        dicomdirOptions.fileSetID = String(options.label.prefix(16))
        dicomdirOptions.transcode = options.transcode
        dicomdirOptions.force = options.force
        let plan = DicomDirectoryBuilder.plan(inputs.files.map(\.path), under: nil, target: output + "!", options: dicomdirOptions, result: build)
        var result = Result(build: plan.result)
        guard !result.build.hasErrors else { return result }
        let summary = MediaSummary(roots: plan.directory.roots)
        result.summary = summary

        var includes: [(name: String, source: String)] = []
        for folder in options.include {
            let collected = InputCollector.collect([folder], expandDICOMDIR: false)
            let base = (URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent)
            for file in collected.files { includes.append((base + "/" + file.relativePath, file.path)) }
            result.build.findings += collected.missing.map { MediaFinding(.error, "media.input.missing", $0.reason, file: $0.path) }
        }
        if options.format == .iso && !options.joliet && !options.rockRidge {
            for include in includes where !isLevel1(include.name) {
                result.build.findings.append(MediaFinding(
                    .warning, "package.name.not-iso9660",
                    "\(include.name) is not an ISO 9660 level 1 name (8.3 characters of A-Z, 0-9 and _): the image will hold a changed name; --joliet keeps long names",
                    file: include.source, reference: "ISO 9660 7.5, PS3.12 F"))
            }
        }
        guard !result.build.hasErrors else { return result }

        let scratch: String
        do {
            scratch = try TemporaryFolder.make("package-")
        } catch {
            result.build.findings.append(MediaFinding(.error, "package.write.failed", "\(error)", file: output))
            return result
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        var iso = ArchiveWriter.ISOOptions()
        iso.volumeID = options.label
        iso.joliet = options.joliet
        iso.rockRidge = options.rockRidge
        do {
            let dicomdir = try DicomDirectoryWriter.encode(plan.directory)
            let readme = Array(readmeText(summary, options: options).utf8)
            let index = Array(indexHTML(summary, options: options).utf8)
            var members: [String] = []
            try ArchiveWriter.write(to: output, format: options.format, iso: iso, modified: options.date) { writer in
                try writer.addFile("DICOMDIR", bytes: dicomdir)
                members.append("DICOMDIR")
                try writer.addFile("README.TXT", bytes: readme)
                members.append("README.TXT")
                try writer.addFile("INDEX.HTM", bytes: index)
                members.append("INDEX.HTM")
                for (number, member) in plan.members.enumerated() {
                    let name = member.fileID.joined(separator: "/")
                    var source = member.source
                    if member.transcode {
                        source = (scratch as NSString).appendingPathComponent(String(number))
                        _ = try Conversion.convert(input: member.source, output: source, transferSyntax: .explicitVRLittleEndian)
                    }
                    try writer.addFile(name, from: source)
                    if member.transcode { try? FileManager.default.removeItem(atPath: source) }
                    members.append(name)
                }
                for include in includes {
                    try writer.addFile(include.name, from: include.source)
                    members.append(include.name)
                }
            }
            result.archive = output
            result.members = members
            result.build.dicomdir = output + "!/DICOMDIR"
            result.build.recordCount = plan.directory.allRecords.count
        } catch {
            result.build.findings.append(MediaFinding(.error, "package.write.failed", "cannot write the archive: \(error)", file: output))
        }
        return result
    }

    /// The input that `output` is, or is the archive of, or nil when it is none of them.
    static func overlap(of output: String, with inputs: InputCollector.Result) -> String? {
        let standard = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
        let identity = FileIdentity(path: output)
        for file in inputs.files {
            let source = file.archive ?? file.path
            if URL(fileURLWithPath: source).standardizedFileURL.resolvingSymlinksInPath().path == standard { return source }
            if let identity, FileIdentity(path: source) == identity { return source }
        }
        for root in inputs.archiveRoots {
            let archive = String(root.display.dropLast(2))
            if URL(fileURLWithPath: archive).standardizedFileURL.resolvingSymlinksInPath().path == standard { return archive }
        }
        return nil
    }

    /// Whether every component of `name` is an ISO 9660 level 1 name: folders of up to 8
    /// d-characters, files of up to 8 plus an extension of up to 3.
    static func isLevel1(_ name: String) -> Bool {
        let components = name.split(separator: "/")
        for (index, component) in components.enumerated() {
            let parts = component.split(separator: ".", omittingEmptySubsequences: false)
            let isFile = index == components.count - 1
            guard parts.count <= (isFile ? 2 : 1), let stem = parts.first, (1...8).contains(stem.utf8.count) else { return false }
            let ext = parts.count == 2 ? parts[1] : ""
            guard ext.utf8.count <= 3 else { return false }
            let allowed = (Array(stem.utf8) + Array(ext.utf8)).allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
            if !allowed { return false }
        }
        return !components.isEmpty
    }

    // MARK: README.TXT and INDEX.HTM

    private static func stamp(_ options: Options) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let who = options.preparedBy.isEmpty ? "" : " by \(options.preparedBy)"
        return "Prepared\(who) with \(options.software) on \(formatter.string(from: options.date))"
    }

    /// README.TXT: what is on the medium, who made it and when (IHE PDI), CR LF line ends.
    public static func readmeText(_ summary: MediaSummary, options: Options) -> String {
        var lines = [
            "DICOM medium \(options.label)",
            "",
            "This medium holds medical images in DICOM format (IHE Portable Data for Imaging).",
            "The DICOMDIR file at the root lists every image; the images are under DICOM/.",
            "Open the medium with a DICOM viewer. INDEX.HTM shows this summary in a web browser.",
            "",
            "\(summary.patients.count) patient(s), \(summary.studyCount) study(ies), \(summary.seriesCount) series, \(summary.instanceCount) instance(s):",
            "",
        ]
        lines += summary.lines()
        lines += ["", stamp(options) + "."]
        if !options.include.isEmpty {
            lines.append("Also on this medium: " + options.include.map { URL(fileURLWithPath: $0).standardizedFileURL.lastPathComponent + "/" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// INDEX.HTM: the same summary as a plain HTML page.
    public static func indexHTML(_ summary: MediaSummary, options: Options) -> String {
        func escape(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(character)
                }
            }
            return out
        }
        var html = [
            "<!DOCTYPE html>", "<html>", "<head>", "<meta charset=\"utf-8\">", "<title>DICOM medium \(escape(options.label))</title>", "</head>", "<body>",
            "<h1>DICOM medium \(escape(options.label))</h1>",
            "<p>This medium holds medical images in DICOM format (IHE Portable Data for Imaging). The <code>DICOMDIR</code> file lists every image; the images are in the <code>DICOM</code> folder. Open the medium with a DICOM viewer.</p>",
        ]
        for patient in summary.patients {
            let name = MediaSummary.readableName(patient.name)
            var heading = "Patient \(escape(name.isEmpty ? "(no name)" : name)), ID \(escape(patient.id.isEmpty ? "-" : patient.id))"
            if let birth = patient.birthDate { heading += ", born \(escape(MediaSummary.readableDate(birth)))" }
            html.append("<h2>\(heading)</h2>")
            html.append("<table border=\"1\"><tr><th>Date</th><th>Description</th><th>Modalities</th><th>Series</th><th>Instances</th><th>Accession</th></tr>")
            for study in patient.studies {
                let cells = [
                    MediaSummary.readableDate(study.date), study.description ?? "", study.modalities.joined(separator: "/"), String(study.series),
                    String(study.instances), study.accessionNumber ?? "",
                ]
                html.append("<tr>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>")
            }
            html.append("</table>")
        }
        html.append("<p>\(escape(stamp(options))).</p>")
        html += ["</body>", "</html>"]
        return html.joined(separator: "\r\n") + "\r\n"
    }
}
