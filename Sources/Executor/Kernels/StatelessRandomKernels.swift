/// Stateless random initializers (what Keras initializers emit): the values depend only on
/// the seed, deterministically, but do not reproduce TensorFlow's Philox bits. The uint64
/// key and counter travel as int64 bit patterns.
enum StatelessRandomKernels {
    static let all: [Kernel] = [
        Kernel("StatelessRandomGetKeyCounter") { context in
            let seed = try context.intInput(0, "seed")
            guard seed.count == 2 else { throw KernelError("seed must hold 2 values, got \(seed.count)") }
            return [HostTensor(unchecked: [1], .int64([Int64(seed[0])])), HostTensor(unchecked: [2], .int64([Int64(seed[1]), 0]))]
        },
        uniform("StatelessRandomUniformV2", keyInput: 1),
        uniform("StatelessRandomUniform", keyInput: nil),
    ]

    /// Uniform values in [0, 1) of `shape` (input 0), seeded by key and counter (V2) or by the seed pair.
    static func uniform(_ op: String, keyInput: Int?) -> Kernel {
        .single(op) { context in
            let shape = try context.intInput(0, "shape")
            var seed: [Int]
            if let key = keyInput {
                seed = try context.intInput(key, "key") + context.intInput(key + 1, "counter")
            } else {
                seed = try context.intInput(1, "seed")
            }
            let rest = seed.dropFirst().reduce(0) { $0 &* 31 &+ $1 }
            var rng = SplitMix64(seed: seed.first ?? 0, seed2: rest, name: "")
            let values = (0..<(try allocationCount(shape))).map { _ in rng.uniform() }
            switch try context.type("dtype", default: .float32) {
            case .float32: return HostTensor(unchecked: shape, .float32(values.map { Float($0) }))
            case .float64: return HostTensor(unchecked: shape, .float64(values))
            case let other: throw KernelError("dtype \(other) is not supported for random values")
            }
        }
    }
}
