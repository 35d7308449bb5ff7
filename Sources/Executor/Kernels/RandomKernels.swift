import Foundation

/// Seeded random initializers. Values are deterministic for a given (seed, seed2) and node
/// name, but do not reproduce TensorFlow's Philox bits.
enum RandomKernels {
    static let all: [Kernel] = [
        random("RandomUniform") { rng in rng.uniform() },
        random("RandomStandardNormal") { rng in rng.normal() },
        random("TruncatedNormal") { rng in
            // Resample until within two standard deviations, as TF does.
            var x = rng.normal()
            while abs(x) > 2 { x = rng.normal() }
            return x
        },
    ]

    static func random(_ op: String, _ draw: @escaping @Sendable (inout SplitMix64) -> Double) -> Kernel {
        .single(op) { context in
            let shape = try context.intInput(0, "shape")
            guard shape.allSatisfy({ $0 >= 0 }) else { throw KernelError("shape \(shape) has a negative dimension") }
            var rng = SplitMix64(seed: try context.int("seed", default: 0), seed2: try context.int("seed2", default: 0), name: context.node.name)
            let values = (0..<(try allocationCount(shape))).map { _ in draw(&rng) }
            switch try context.type("dtype", default: .float32) {
            case .float32: return HostTensor(unchecked: shape, .float32(values.map { Float($0) }))
            case .float64: return HostTensor(unchecked: shape, .float64(values))
            case let other: throw KernelError("dtype \(other) is not supported for random values")
            }
        }
    }
}

/// A small, fast, well-mixed PRNG (Steele et al.'s SplitMix64).
struct SplitMix64 {
    var state: UInt64

    init(seed: Int, seed2: Int, name: String) {
        // FNV-1a of the node name keeps unseeded ops distinct yet reproducible.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        state = UInt64(bitPattern: Int64(seed)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(seed2)) ^ hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal by Box-Muller.
    mutating func normal() -> Double {
        let u1 = max(uniform(), .leastNonzeroMagnitude), u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
