import DicomfixCLI

@main
enum DicomfixMain {
    static func main() async { await Dicomfix.main() }
}
