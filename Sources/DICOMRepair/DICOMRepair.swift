/// Changing DICOM files on the record: correct, edit, undo and the audit log.
public enum DICOMRepair {}
