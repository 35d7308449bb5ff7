import GraphModel

/// Ops that compute with shapes: `Shape`, `Size`, `Rank`, and the shape arithmetic the
/// gradient rewriter emits (`BroadcastGradientArgs`, `ConcatOffset`).
enum ShapeKernels {
    static let all: [Kernel] = [
        .single("Shape") { context in
            let x = try context.input(0)
            return try IndexKernels.integers(x.shape, like: try context.type("out_type", default: .int32), shape: [x.rank])
        },
        Kernel("ShapeN") { context in
            let dtype = try context.type("out_type", default: .int32)
            return try context.inputs.map { x in try IndexKernels.integers(x.shape, like: dtype, shape: [x.rank]) }
        },
        .single("Size") { context in
            try IndexKernels.integers([try context.input(0).count], like: try context.type("out_type", default: .int32), shape: [])
        },
        .single("Rank") { context in
            HostTensor(unchecked: [], .int32([Int32(try context.input(0).rank)]))
        },
        Kernel("BroadcastGradientArgs") { context in
            let s0 = try context.intInput(0, "s0"), s1 = try context.intInput(1, "s1")
            let (r0, r1) = try broadcastGradientArgs(s0, s1)
            let dtype = try context.input(0).dtype
            return [
                try IndexKernels.integers(r0, like: dtype, shape: [r0.count]),
                try IndexKernels.integers(r1, like: dtype, shape: [r1.count]),
            ]
        },
        .single("BroadcastArgs") { context in
            let shape = try Broadcast.shape(try context.intInput(0, "s0"), try context.intInput(1, "s1"))
            return try IndexKernels.integers(shape, like: try context.input(0).dtype, shape: [shape.count])
        },
        Kernel("ConcatOffset") { context in
            guard context.inputs.count >= 2 else { throw KernelError("ConcatOffset needs concat_dim and at least one shape") }
            let shapes = try (1..<context.inputs.count).map { try context.intInput($0, "shape") }
            let axis = try normalizeAxis(try context.intScalarInput(0, "concat_dim"), rank: shapes[0].count)
            var offset = 0
            return try shapes.enumerated().map { i, shape in
                guard shape.count == shapes[0].count else { throw KernelError("shape \(i) has rank \(shape.count), expected \(shapes[0].count)") }
                var out = [Int](repeating: 0, count: shape.count)
                out[axis] = offset
                offset += shape[axis]
                return try IndexKernels.integers(out, like: try context.input(1).dtype, shape: [shape.count])
            }
        },
    ]

    /// The axes each operand's gradient must be summed over after broadcasting (TF's BCast):
    /// none when the shapes are equal; otherwise axes where it had size 1 (or was missing)
    /// but the result did not, plus axes that are 1 in both.
    static func broadcastGradientArgs(_ s0: [Int], _ s1: [Int]) throws -> ([Int], [Int]) {
        if s0 == s1 { return ([], []) }
        let out = try Broadcast.shape(s0, s1)
        let rank = out.count
        let p0 = [Int](repeating: 1, count: rank - s0.count) + s0
        let p1 = [Int](repeating: 1, count: rank - s1.count) + s1
        var r0: [Int] = [], r1: [Int] = []
        for i in 0..<rank {
            if p0[i] == 1 && p1[i] == 1 {
                r0.append(i)
                r1.append(i)
            } else {
                if p0[i] == 1 { r0.append(i) }
                if p1[i] == 1 { r1.append(i) }
            }
        }
        return (r0, r1)
    }
}
