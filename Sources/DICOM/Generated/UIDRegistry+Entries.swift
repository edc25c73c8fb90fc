// Placeholder while Scripts/generate-dictionary is reworked. Do not commit.
extension UIDRegistry {
    static let entries: [UIDEntry] = []
}
public enum UID {}
