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
        concatenated(scope, scope.isEmpty ? nil : "/", name,
                     UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount))
    }

    /// `^name`: a control input.
    public static func control(_ name: String) -> String { joined("", "^", name) }

    /// `name_i`.
    public static func numbered(_ name: String, _ i: Int) -> String { NumberedName.make(name, "_", i) }

    /// `a`, `separator`, `b` concatenated.
    public static func joined(_ a: String, _ separator: Unicode.Scalar, _ b: String) -> String {
        concatenated(a, separator, b, UnsafeBufferPointer(start: nil, count: 0))
    }

    /// `a`, the separator if any, `b` and `suffix`, written into one new string.
    private static func concatenated(_ a: String, _ separator: Unicode.Scalar?, _ b: String,
                                     _ suffix: UnsafeBufferPointer<UInt8>) -> String {
        a.withUTF8Bytes { x in
            b.withUTF8Bytes { y in
                let gap = separator == nil ? 0 : 1
                let count = x.count + gap + y.count + suffix.count
                return String(unsafeUninitializedCapacity: count) { out in
                    _ = out.initialize(fromContentsOf: x)
                    if let separator { out[x.count] = UInt8(ascii: separator) }
                    let rest = UnsafeMutableBufferPointer(rebasing: out[(x.count + gap)...])
                    _ = rest.initialize(fromContentsOf: y)
                    _ = UnsafeMutableBufferPointer(rebasing: rest[y.count...]).initialize(fromContentsOf: suffix)
                    return count
                }
            }
        }
    }
}
