/// SplitMix64 (Steele et al.): a small, fast, well-mixed generator whose stream depends only
/// on its starting state. The executor's random ops and the gradient checker's generated
/// feeds and directions both draw from it, so a seed means the same on every machine.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(state: UInt64) { self.state = state }

    /// FNV-1a of a name: a stable per-name seed (`Hasher` is randomized per process).
    public static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
