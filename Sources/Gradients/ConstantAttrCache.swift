import GraphCore
import GraphModel

/// The attributes (`dtype`, `value`) of constants a pass has already encoded, for the next
/// constant of the same value. A pass creates a constant for nearly every shape, axis and
/// scalar it passes, mostly the same few values (a layer's shape, axis 0, the scalar 1),
/// and encoding a `Tensor` into a boxed attribute cost more than the rest of the node.
/// Shared attribute maps are copy-on-write, so a node given one may still add to its own.
///
/// Direct-mapped and fixed in size: a miss replaces the entry, so the cache never grows,
/// and finding an entry hashes no `ConstantValue` with the standard `Hasher`.
struct ConstantAttrCache {
    private struct Entry {
        var value: ConstantValue
        var broadcastScalar: Bool
        var attrs: AttrMap
    }

    private static let size = 64
    private var entries = [Entry?](repeating: nil, count: size)

    /// The attributes of a `Const` of `value`, made by `make` unless cached.
    mutating func attrs(for value: ConstantValue, broadcastScalar: Bool, make: () -> AttrMap) -> AttrMap {
        // Only small values: comparing long value lists would cost what encoding does.
        guard value.values.count <= 8 else { return make() }
        let slot = Self.slot(value, broadcastScalar)
        if let entry = entries[slot], entry.broadcastScalar == broadcastScalar, Self.sameEncoding(entry.value, value) {
            return entry.attrs
        }
        let attrs = make()
        entries[slot] = Entry(value: value, broadcastScalar: broadcastScalar, attrs: attrs)
        return attrs
    }

    /// Equal values bit for bit: `==` on `Double` equates 0 and -0, which encode apart.
    private static func sameEncoding(_ a: ConstantValue, _ b: ConstantValue) -> Bool {
        a.dtype == b.dtype && a.shape == b.shape && a.values.elementsEqual(b.values) { $0.bitPattern == $1.bitPattern }
    }

    private static func slot(_ value: ConstantValue, _ broadcastScalar: Bool) -> Int {
        var h = UInt64(truncatingIfNeeded: value.dtype.rawValue) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ UInt64(value.shape.count) ^ (broadcastScalar ? 0x100 : 0)) &* 0x9E37_79B9_7F4A_7C15
        for dim in value.shape { h = (h ^ UInt64(truncatingIfNeeded: dim)) &* 0x9E37_79B9_7F4A_7C15 }
        for v in value.values { h = (h ^ v.bitPattern) &* 0x9E37_79B9_7F4A_7C15 }
        return Int(truncatingIfNeeded: h >> 58) & (size - 1)
    }
}
