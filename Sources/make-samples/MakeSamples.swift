import DICOMSamples

@main
enum MakeSamples {
    static func main() {}
}
