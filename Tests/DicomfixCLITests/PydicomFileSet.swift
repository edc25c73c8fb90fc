import Foundation

/// Loads the DICOMDIR at `dicomdir` in pydicom's FileSet, loads every instance it lists
/// (checking each SOP Instance UID against its record) and returns what pydicom printed:
/// `<instances> <File-set ID>` on success.
func loadInPydicomFileSet(_ dicomdir: URL) -> ToolOutput {
    let script = """
        import sys
        from pydicom.fileset import FileSet
        fs = FileSet(sys.argv[1])
        for instance in fs:
            ds = instance.load()
            assert ds.SOPInstanceUID == instance.SOPInstanceUID, instance.path
        print(len(fs), fs.ID or "")
        """
    return runTool(["python3", "-c", script, dicomdir.path])
}
