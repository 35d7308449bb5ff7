import GraphModel

/// Builds node names from parts with one allocation and a byte copy per part. Names are
/// built for every node a rewrite adds, and `a + "/" + b` (or interpolation) costs several
/// intermediate strings and generic appends each time.
public enum NameJoin {
    /// `scope/name`, or `name` in the root scope "".
    public static func scoped(_ scope: String, _ name: String) -> String {
        scope.isEmpty ? name : joined(scope, "/", name)
    }

    /// `scope/name` followed by `suffix` (`scope/op_grad`), or `name` + `suffix` in the root
    /// scope "".
    public static func scoped(_ scope: String, _ name: String, suffix: StaticString) -> String {
        NameBytes.with(scope) { x in
            NameBytes.with(name) { y in
                let z = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
                let separator = x.isEmpty ? 0 : 1
                let count = x.count + separator + y.count + z.count
                return String(unsafeUninitializedCapacity: count) { out in
                    _ = out.initialize(fromContentsOf: x)
                    if separator == 1 { out[x.count] = UInt8(ascii: "/") }
                    let rest = UnsafeMutableBufferPointer(rebasing: out[(x.count + separator)...])
                    _ = rest.initialize(fromContentsOf: y)
                    _ = UnsafeMutableBufferPointer(rebasing: rest[y.count...]).initialize(fromContentsOf: z)
                    return count
                }
            }
        }
    }

    /// `^name`: a control input.
    public static func control(_ name: String) -> String { joined("", "^", name) }

    /// `name_i`.
    public static func numbered(_ name: String, _ i: Int) -> String { NumberedName.make(name, "_", i) }

    /// `a`, `separator`, `b` concatenated.
    public static func joined(_ a: String, _ separator: Unicode.Scalar, _ b: String) -> String {
        NameBytes.with(a) { x in
            NameBytes.with(b) { y in
                String(unsafeUninitializedCapacity: x.count + 1 + y.count) { out in
                    _ = out.initialize(fromContentsOf: x)
                    out[x.count] = UInt8(ascii: separator)
                    _ = UnsafeMutableBufferPointer(rebasing: out[(x.count + 1)...]).initialize(fromContentsOf: y)
                    return x.count + 1 + y.count
                }
            }
        }
    }
}
