import DICOM

/// Whether the pixels of an instance may show identifying text that no attribute edit removes
/// (PS3.15 E.3.1, Clean Pixel Data Option, which dicomfix does not perform).
public enum BurnedInAnnotation {
    /// Modalities whose images typically carry burned-in text when Burned In Annotation
    /// (0028,0301) does not say otherwise: ultrasound, secondary capture, angiography,
    /// endoscopy, other.
    public static let suspectModalities: Set<String> = ["US", "SC", "XA", "ES", "OT"]

    /// Why the instance is suspect, or nil: Burned In Annotation is YES, or it is absent in
    /// an image of a suspect modality.
    public static func reason(_ dataSet: DataSet) -> String? {
        let flag = dataSet.string(Tag(0x0028, 0x0301))?.uppercased()
        if flag == "YES" { return "Burned In Annotation (0028,0301) is YES" }
        guard flag == nil, dataSet.contains(.pixelData) || dataSet.contains(Tag(0x7FE0, 0x0008)),
            let modality = dataSet.string(.modality)?.uppercased(), suspectModalities.contains(modality)
        else { return nil }
        return "modality \(modality) without Burned In Annotation (0028,0301): text may be burned into the pixels"
    }
}
