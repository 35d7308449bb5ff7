/// The order in which map entries are serialized, and in which `AttrMap` keeps them.
///
/// TensorFlow's Python tooling serializes through upb, whose deterministic mode orders
/// string keys bytewise but puts a key *after* every longer key it is a prefix of
/// (`seed2` before `seed`). Using the same order makes our output byte-identical to
/// files written by `SerializeToString(deterministic=True)`.
package enum MapKeyOrder {
    package static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// Negative when `a` comes first, zero when the keys are equal, positive when `b` does.
    package static func compare(_ a: String, _ b: String) -> Int {
        a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in
                for i in 0..<min(x.count, y.count) where x[i] != y[i] { return x[i] < y[i] ? -1 : 1 }
                return y.count - x.count  // a proper prefix comes after the longer key
            }
        }
    }
}
