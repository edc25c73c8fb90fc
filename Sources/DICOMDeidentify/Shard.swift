import Crypto

/// One shard of a batch (`--shard K/N`): the inputs whose relative path hashes to K modulo N.
/// The hash is of the path relative to the input folder, so every machine of a batch agrees
/// whatever the folder is mounted as; the shards of N runs are disjoint and together cover
/// every input once.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// The shard's index, 0 ..< count.
    public let index: Int
    public let count: Int

    /// - Throws: `DeidentifyError.options` unless 0 <= index < count.
    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 0, index < count else {
            throw DeidentifyError(.options, "shard \(index)/\(count): the index must be 0 to \(max(count - 1, 0)) and the count at least 1")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw DeidentifyError(.options, "a shard is written K/N, such as 0/8 (got '\(text)')")
        }
        try self.init(index: index, count: count)
    }

    /// Whether the input at `relativePath` belongs to this shard.
    public func contains(relativePath: String) -> Bool {
        let digest = Array(SHA256.hash(data: Array(relativePath.utf8)))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return value % UInt64(count) == UInt64(index)
    }

    public var description: String { "\(index)/\(count)" }
}
