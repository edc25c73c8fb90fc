import DICOM

/// Look-ups in the generated PS3.3 tables: which IOD a SOP class uses (PS3.4 Annex B), which
/// modules and functional group macros the IOD has with their usage (PS3.3 Annex A), and the type
/// of every attribute of those modules, nested sequences included (PS3.3 Annex C).
///
/// The tables (Generated/, written by Scripts/generate-iods) pair the 2024b lists of IODs, modules
/// and SOP classes with the 2020 attribute tables, the latest edition the extract gives types for.
/// Modules added after 2020 have `hasAttributeTable == false`.
///
/// The tables are plain integer and string columns compiled into the binary. The nested
/// `ModuleAttribute` values, the modules and the IODs are built once, on first use, by the
/// lazily initialised statics of IODTables+Building.swift (Swift runs each such initialiser once,
/// thread-safely); later calls only look up and copy references.
public enum IODTables {
    /// The IOD a Storage SOP Class instance must follow, or nil for a UID that is not a
    /// composite SOP class of the tables (unknown, private, or not a storage SOP class).
    ///
    /// - Parameter uid: the SOP Class UID (0008,0016) exactly as in the registry, without
    ///   trailing padding.
    public static func iod(forSOPClass uid: String) -> IODDefinition? {
        guard let index = sortedIndex(of: uid, in: sopClassUIDs) else { return nil }
        let iod = Int(sopClassIODs[index])
        return iod < builtIODs.count ? builtIODs[iod] : nil
    }

    /// The IOD with an innolitics id such as `ct-image`, or nil.
    public static func iod(id: String) -> IODDefinition? {
        sortedIndex(of: id, in: iodIDs).flatMap { $0 < builtIODs.count ? builtIODs[$0] : nil }
    }

    /// The module with an innolitics id such as `patient` or `sop-common`, or nil. Only modules
    /// some composite IOD uses are in the tables (not the normalized modules of PS3.3 Annex C
    /// used by PS3.4 services, which have no attribute types).
    public static func module(id: String) -> ModuleDefinition? {
        sortedIndex(of: id, in: moduleIDs).flatMap {
            $0 < builtModules.count ? builtModules[$0] : nil
        }
    }

    /// The functional group macro with an innolitics id such as `pixel-measures`, or nil
    /// (PS3.3 C.7.6.16.2 and the modality sections). Ids share a namespace with neither modules
    /// nor IODs: `cardiac-synchronization` is both a module and a macro.
    public static func functionalGroupMacro(id: String) -> ModuleDefinition? {
        sortedIndex(of: id, in: macroIDs).flatMap {
            $0 < builtMacros.count ? builtMacros[$0] : nil
        }
    }

    /// The number of SOP classes with an IOD.
    public static var sopClassCount: Int { sopClassUIDs.count }

    /// The SOP Class UIDs with an IOD, in ascending byte order.
    public static var allSOPClassUIDs: [String] { sopClassUIDs.map { $0.description } }
}
