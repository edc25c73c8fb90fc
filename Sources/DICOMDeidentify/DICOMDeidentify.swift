/// De-identification of DICOM data sets by the PS3.15 Annex E Basic Application Level
/// Confidentiality Profile and its options.
public enum DICOMDeidentify {}
