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

extension SplitMix64 {
    /// A random op's stream: its seed attributes and, so unseeded ops stay distinct yet
    /// reproducible, its node name.
    init(seed: Int, seed2: Int, name: String) {
        self.init(state: UInt64(bitPattern: Int64(seed)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(seed2)) ^ Self.hash(name))
    }

    /// Standard normal by Box-Muller.
    mutating func normal() -> Double {
        let u1 = max(uniform(), .leastNonzeroMagnitude), u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
