import DICOM

/// Placeholder: the sample generator is being written.
public enum SampleSet {}
