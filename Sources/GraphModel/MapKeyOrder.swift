/// The order in which map entries are serialized, and in which `AttrMap` keeps them.
///
/// TensorFlow's Python tooling serializes through upb, whose deterministic mode orders
/// string keys bytewise but puts a key *after* every longer key it is a prefix of
/// (`seed2` before `seed`). Using the same order makes our output byte-identical to
/// files written by `SerializeToString(deterministic=True)`.
package enum MapKeyOrder {
    package static func precedes(_ a: String, _ b: String) -> Bool {
        bytes(of: a) { x in
            bytes(of: b) { y in
                for i in 0..<min(x.count, y.count) where x[i] != y[i] { return x[i] < y[i] }
                return x.count > y.count  // a proper prefix comes after the longer key
            }
        }
    }

    /// A string's UTF-8 bytes without copying the string first (attribute keys are
    /// compared for every attribute map built).
    private static func bytes<R>(of s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = s
        return copy.withUTF8(body)
    }
}
