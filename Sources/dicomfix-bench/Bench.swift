import DICOM

@main
enum Bench {
    static func main() {}
}
