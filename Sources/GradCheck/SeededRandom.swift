import Foundation

/// SplitMix64: a small, fast generator whose sequence depends only on the seed, so a check
/// with `--seed S` picks the same feeds and directions on every machine and run.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one named purpose: the same seed and name give the same stream no
    /// matter in which order streams are drawn (FNV-1a of the name; `Hasher` is randomized).
    init(seed: UInt64, stream name: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        self.init(seed: seed ^ hash)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal (Box-Muller).
    mutating func gaussian() -> Double {
        let u = max(unit(), 0x1p-53)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }
}

