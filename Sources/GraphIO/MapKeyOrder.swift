/// The order in which map entries are serialized.
///
/// TensorFlow's Python tooling serializes through upb, whose deterministic mode orders
/// string keys bytewise but puts a key *after* every longer key it is a prefix of
/// (`seed2` before `seed`). Using the same order makes our output byte-identical to
/// files written by `SerializeToString(deterministic=True)`.
enum MapKeyOrder {
    static func precedes(_ a: String, _ b: String) -> Bool {
        var ai = a.utf8.makeIterator()
        var bi = b.utf8.makeIterator()
        while true {
            switch (ai.next(), bi.next()) {
            case let (x?, y?):
                if x != y { return x < y }
            case (nil, nil): return false
            case (nil, _?): return false   // a is a proper prefix of b: b comes first
            case (_?, nil): return true
            }
        }
    }
}
