/// The fixed identities the samples use: UIDs under one root, patients, studies and series.
/// Everything is a constant so that regenerating gives the same bytes.
enum SampleUID {
    /// A UUID-derived root (PS3.5 B.2) reserved for the project's sample files.
    static let root = "2.25.145033062398241993911377983995543289856"

    /// Study Instance UID of study `study`.
    static func study(_ study: Int) -> String { "\(root).1.\(study)" }

    /// Series Instance UID of series `series` in study `study`.
    static func series(_ study: Int, _ series: Int) -> String { "\(root).1.\(study).\(series)" }

    /// SOP Instance UID of instance `instance` in series `series` of study `study`.
    static func instance(_ study: Int, _ series: Int, _ instance: Int) -> String {
        "\(root).1.\(study).\(series).\(instance)"
    }

    /// Frame of Reference UID shared by the series of study `study`.
    static func frameOfReference(_ study: Int) -> String { "\(root).2.\(study)" }
}

/// Patient Module attributes (PS3.3 C.7.1.1).
struct SamplePatient: Sendable {
    var name: String
    var id: String
    var birthDate: String
    var sex: String
    /// Patient's Age at the study, as an AS value (`045Y`).
    var age: String

    static let janeDoe = SamplePatient(name: "DOE^JANE", id: "DCMFIX-0001", birthDate: "19790312", sex: "F", age: "044Y")
    static let richardRoe = SamplePatient(name: "ROE^RICHARD", id: "DCMFIX-0002", birthDate: "19650704", sex: "M", age: "058Y")
    /// The patient whose series was filed, by mistake, in Richard Roe's study.
    static let edgarPoe = SamplePatient(name: "POE^EDGAR", id: "DCMFIX-0003", birthDate: "19520119", sex: "M", age: "072Y")
    static let johnDoe = SamplePatient(name: "DOE^JOHN", id: "DCMFIX-0004", birthDate: "19881130", sex: "M", age: "035Y")
    /// A name with alphabetic, ideographic and phonetic groups, which needs ISO_IR 192 (PS3.5 6.2.1).
    static let tarouYamada = SamplePatient(
        name: "Yamada^Tarō=山田^太郎=やまだ^たろう", id: "DCMFIX-0005", birthDate: "19700825", sex: "M", age: "053Y")
    /// A name with German umlauts, representable in ISO_IR 100 (Latin-1).
    static let juergenMueller = SamplePatient(name: "Müller^Jürgen", id: "DCMFIX-0006", birthDate: "19610209", sex: "M", age: "062Y")
}

/// General Study Module attributes (PS3.3 C.7.2.1).
struct SampleStudy: Sendable {
    /// The study's number under the UID root.
    var number: Int
    var date: String
    var time: String
    var accessionNumber: String
    var description: String
    var referringPhysician: String = "SMITH^ANNA^^DR"
    var institution: String = "DICOMFIX SAMPLE HOSPITAL"

    var uid: String { SampleUID.study(number) }
    var studyID: String { "S\(number)" }
}

/// General Series Module attributes (PS3.3 C.7.3.1) and the reconstruction they describe.
struct SampleSeries: Sendable {
    var number: Int
    var description: String
    var bodyPart: String
    var kernel: String = "STANDARD"
    /// Window Center and Width (PS3.3 C.11.2), in Hounsfield units.
    var window: (center: Int, width: Int) = (40, 400)
    var sliceThickness: Int = 5
    /// Table position of the first slice, in mm; later slices go down by the slice thickness.
    var firstSliceZ: Int = 0
}

/// One image of a series: its place in the series and the patient it claims to belong to.
struct SampleImage: Sendable {
    var patient: SamplePatient
    var study: SampleStudy
    var series: SampleSeries
    /// Instance Number, from 1.
    var number: Int
    /// Specific Character Set (0008,0005) terms; empty for the default repertoire.
    var characterSet: [String] = []

    var sopInstanceUID: String { SampleUID.instance(study.number, series.number, number) }
    var seriesInstanceUID: String { SampleUID.series(study.number, series.number) }
    /// The slice's table position in mm.
    var sliceZ: Int { series.firstSliceZ - (number - 1) * series.sliceThickness }
}
