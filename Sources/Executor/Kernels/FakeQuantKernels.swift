import Foundation

/// Fake quantization (quantize to num_bits and back) and its straight-through gradients, as
/// TF's CPU kernels compute them: the [min, max] range is first nudged so that zero is exactly
/// representable, all in float32.
enum FakeQuantKernels {
    static let all: [Kernel] = [
        .single("FakeQuantWithMinMaxArgs") { context in
            let range = try NudgedRange(context, min: try context.float("min", default: -6), max: try context.float("max", default: 6))
            return try map(try context.input(0)) { range.quantize($0) }
        },
        .single("FakeQuantWithMinMaxVars") { context in
            let range = try NudgedRange(context, min: try scalar(context, 1), max: try scalar(context, 2))
            return try map(try context.input(0)) { range.quantize($0) }
        },
        // dx = g where min <= x <= max (nudged), else 0
        .single("FakeQuantWithMinMaxArgsGradient") { context in
            let range = try NudgedRange(context, min: try context.float("min", default: -6), max: try context.float("max", default: 6))
            let x = try values(try context.input(1))
            var i = -1
            return try map(try context.input(0)) { g in
                i += 1
                return range.contains(x[i]) ? g : 0
            }
        },
        // dx as above; dmin, dmax = the sums of g below and above the range
        Kernel("FakeQuantWithMinMaxVarsGradient") { context in
            let range = try NudgedRange(context, min: try scalar(context, 2), max: try scalar(context, 3))
            let gradients = try context.input(0)
            let g = try values(gradients), x = try values(try context.input(1))
            guard g.count == x.count else { throw KernelError("gradients \(gradients.signature) and inputs must have one shape") }
            var dx = [Float](repeating: 0, count: g.count), below: Float = 0, above: Float = 0
            for i in g.indices {
                if x[i] < range.min { below += g[i] } else if x[i] > range.max { above += g[i] } else { dx[i] = g[i] }
            }
            return [HostTensor(unchecked: gradients.shape, .float32(dx)), HostTensor(unchecked: [], .float32([below])),
                    HostTensor(unchecked: [], .float32([above]))]
        },
    ]

    static func values(_ t: HostTensor) throws -> [Float] {
        guard case .float32(let v) = t.storage else { throw KernelError("fake quantization runs on float32, got \(t.signature)") }
        return v
    }

    static func scalar(_ context: KernelContext, _ i: Int) throws -> Float {
        let t = try context.input(i)
        guard t.count == 1, let v = try values(t).first else { throw KernelError("min and max must be float32 scalars, got \(t.signature)") }
        return v
    }

    static func map(_ x: HostTensor, _ f: (Float) -> Float) throws -> HostTensor {
        HostTensor(unchecked: x.shape, .float32(try values(x).map(f)))
    }

    /// TF's Nudge: the quantization grid of 2^bits (less one with narrow_range) steps between
    /// min and max, shifted so that zero falls on it.
    struct NudgedRange {
        let min: Float, max: Float, scale: Float

        init(_ context: KernelContext, min rawMin: Float, max rawMax: Float) throws {
            let bits = try context.int("num_bits", default: 8)
            guard (2...16).contains(bits), rawMin <= rawMax else {
                throw KernelError("num_bits must be in [2, 16] and min <= max, got \(bits), [\(rawMin), \(rawMax)]")
            }
            let quantMin: Float = context.bool("narrow_range") ? 1 : 0
            let quantMax = Float((1 << bits) - 1)
            scale = (rawMax - rawMin) / (quantMax - quantMin)
            let zeroFromMin = quantMin - rawMin / scale
            let zero = zeroFromMin < quantMin ? quantMin : (zeroFromMin > quantMax ? quantMax : zeroFromMin.rounded())
            min = (quantMin - zero) * scale
            max = (quantMax - zero) * scale
        }

        func contains(_ x: Float) -> Bool { x >= min && x <= max }

        func quantize(_ x: Float) -> Float {
            let clamped = Swift.min(Swift.max(x, min), max)
            return ((clamped - min) / scale + 0.5).rounded(.down) * scale + min
        }
    }
}
