import Executor
import Foundation

/// The executor's SplitMix64, one stream per purpose, so a check with `--seed S` picks the
/// same feeds and directions on every machine and run.
struct SeededRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(state: seed) }

    /// A generator for one named purpose: the same seed and name give the same stream no
    /// matter in which order streams are drawn.
    init(seed: UInt64, stream name: String) {
        self.init(seed: seed ^ SplitMix64.hash(name))
        _ = next()
    }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { generator.uniform() }

    /// Standard normal (Box-Muller).
    mutating func gaussian() -> Double {
        let u = max(unit(), 0x1p-53)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }
}

