/// A node name as a hash-table key. Names are compared and hashed as bytes, which is what
/// TensorFlow does (a NodeDef name is a byte string; two spellings of one Unicode text are
/// two names), a word at a time instead of through `String`'s normalizing SipHash: a
/// rewrite looks names up tens of thousands of times, and hashing them was a fifth of its
/// instructions.
public struct NameKey: Hashable, Sendable {
    public let name: String
    /// Computed once: a table probe compares it before any bytes, and resizing a table
    /// does not rehash names.
    private let bytesHash: UInt64

    public init(_ name: String) {
        self.name = name
        bytesHash = NameBytes.with(name) { NameBytes.hash($0, folding: false) }
    }

    public static func == (a: NameKey, b: NameKey) -> Bool {
        a.bytesHash == b.bytesHash
            && NameBytes.with(a.name) { x in NameBytes.with(b.name) { y in NameBytes.equal(x, y, folding: false) } }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(bytesHash) }

    /// Dictionaries and sets hash through this requirement; answering it directly skips
    /// `Hasher`'s setup and finalization.
    public func _rawHashValue(seed: Int) -> Int { NameBytes.seeded(bytesHash, seed) }
}
