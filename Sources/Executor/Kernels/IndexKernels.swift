import GraphModel

/// Index-driven ops: gathers, segment sums, stitches, one-hot, ranges and scans.
enum IndexKernels {
    static let all: [Kernel] = [
        .single("GatherV2") { context in
            let axis = try context.intScalarInput(2, "axis")
            return try gather(try context.input(0), indices: try context.input(1), axis: axis,
                              batchDims: try context.int("batch_dims", default: 0))
        },
        .single("Gather") { context in
            try gather(try context.input(0), indices: try context.input(1), axis: 0)
        },
        .single("UnsortedSegmentSum") { context in
            let data = try context.input(0)
            let ids = try context.input(1)
            let segments = try context.intScalarInput(2, "num_segments")
            guard let idValues = ids.ints, ids.dtype != .bool, data.shape.starts(with: ids.shape), segments >= 0 else {
                throw KernelError("segment_ids \(ids.signature) must be integers whose shape prefixes data \(data.signature)")
            }
            let tail = Array(data.shape[ids.rank...])
            let inner = elementCount(tail)
            _ = try allocationCount([segments] + tail)
            guard let bad = idValues.first(where: { $0 >= segments }) else {
                return try scatterAdd(data, into: [segments] + tail, at: idValues, inner: inner)
            }
            throw KernelError("segment id \(bad) is out of range [0, \(segments))")
        },
        .single("DynamicStitch", dynamicStitch),
        .single("ParallelDynamicStitch", dynamicStitch),
        .single("Where") { context in
            let x = try context.input(0)
            let flags: [Bool]
            if case .bool(let b) = x.storage { flags = b } else if let d = x.doubles { flags = d.map { $0 != 0 } } else {
                throw KernelError("Where needs a bool or numeric input, got \(x.dtype)")
            }
            let strides = rowMajorStrides(x.shape)
            var coordinates: [Int64] = []
            for (i, flag) in flags.enumerated() where flag {
                var rest = i
                for s in strides {
                    coordinates.append(Int64(rest / s))
                    rest %= s
                }
            }
            return HostTensor(unchecked: [coordinates.count / max(x.rank, 1), x.rank], .int64(coordinates))
        },
        .single("OneHot") { context in
            let indices = try context.intInput(0, "indices")
            let shape = try context.input(0).shape
            let depth = try context.intScalarInput(1, "depth")
            let on = try context.input(2), off = try context.input(3)
            guard depth >= 0, on.count == 1, off.count == 1, on.dtype == off.dtype else {
                throw KernelError("OneHot needs depth >= 0 and scalar on/off values of one dtype")
            }
            let axis = try context.int("axis", default: -1)
            let a = axis == -1 ? shape.count : try normalizeAxis(axis, rank: shape.count + 1)
            let outer = shape[..<a].reduce(1, *), inner = shape[a...].reduce(1, *)
            _ = try allocationCount([outer, depth, inner])
            var choice = [Int](repeating: 0, count: outer * depth * inner)
            for o in 0..<outer {
                for d in 0..<depth {
                    for i in 0..<inner where indices[o * inner + i] == d { choice[(o * depth + d) * inner + i] = 1 }
                }
            }
            var outShape = shape
            outShape.insert(depth, at: a)
            let table = try TensorStorage.concatenating([off.storage, on.storage], dtype: on.dtype)
            return HostTensor(unchecked: outShape, table.gathered(choice))
        },
        .single("InvertPermutation") { context in
            let p = try context.intInput(0, "x")
            var inverse = [Int](repeating: -1, count: p.count)
            for (i, v) in p.enumerated() {
                guard v >= 0, v < p.count, inverse[v] == -1 else { throw KernelError("\(p) is not a permutation") }
                inverse[v] = i
            }
            return try integers(inverse, like: try context.input(0).dtype, shape: [p.count])
        },
        Kernel("ListDiff") { context in
            let x = try context.input(0), y = try context.input(1)
            guard let xs = x.ints, let ys = y.ints else { throw KernelError("ListDiff supports integer inputs") }
            let exclude = Set(ys)
            let kept = xs.indices.filter { !exclude.contains(xs[$0]) }
            return [
                try integers(kept.map { xs[$0] }, like: x.dtype, shape: [kept.count]),
                try integers(kept, like: try context.type("out_idx", default: .int32), shape: [kept.count]),
            ]
        },
        .single("Range") { context in
            let start = try context.input(0), limit = try context.input(1), delta = try context.input(2)
            guard let s = start.doubles?.first, let l = limit.doubles?.first, let d = delta.doubles?.first, d != 0 else {
                throw KernelError("Range needs scalar start, limit and a nonzero delta")
            }
            let steps = ((l - s) / d).rounded(.up)
            guard steps.isFinite, steps < Double(1 << 34) else { throw KernelError("Range(\(s), \(l), \(d)) is too long") }
            let count = max(0, Int(steps))
            if let si = start.ints?.first, let di = delta.ints?.first {
                return try integers((0..<count).map { si + $0 * di }, like: start.dtype, shape: [count])
            }
            let values = (0..<count).map { s + Double($0) * d }
            return HostTensor(unchecked: [count], start.dtype == .float32 ? .float32(values.map { Float($0) }) : .float64(values))
        },
        scan("Cumsum", SumFold.self), scan("Cumprod", ProdFold.self),
    ]

    /// With `batchDims` b, the first b dimensions of params and indices are a batch: each
    /// batch element gathers from its own slice of params with its own indices.
    static func gather(_ params: HostTensor, indices: HostTensor, axis rawAxis: Int, batchDims rawBatchDims: Int = 0) throws -> HostTensor {
        let axis = try normalizeAxis(rawAxis, rank: params.rank)
        let batchDims = rawBatchDims < 0 ? rawBatchDims + indices.rank : rawBatchDims
        guard batchDims >= 0, batchDims <= axis, batchDims <= indices.rank,
              params.shape[..<batchDims] == indices.shape[..<batchDims] else {
            throw KernelError("batch_dims \(rawBatchDims) needs axis >= batch_dims and params \(params.signature) and indices "
                              + "\(indices.signature) to agree on their first batch_dims dimensions")
        }
        guard let idx = indices.ints, indices.dtype != .bool else { throw KernelError("indices must be int32 or int64, got \(indices.dtype)") }
        let batch = params.shape[..<batchDims].reduce(1, *)
        let outer = params.shape[batchDims..<axis].reduce(1, *), dim = params.shape[axis], inner = params.shape[(axis + 1)...].reduce(1, *)
        if let bad = idx.first(where: { $0 < 0 || $0 >= dim }) {
            throw KernelError("index \(bad) is out of range [0, \(dim)) for dimension \(axis) of params")
        }
        let perBatch = batch > 0 ? idx.count / batch : 0
        var map = [Int](repeating: 0, count: batch * outer * perBatch * inner)
        var n = 0
        for b in 0..<batch {
            for o in 0..<outer {
                for i in idx[(b * perBatch)..<((b + 1) * perBatch)] {
                    let base = ((b * outer + o) * dim + i) * inner
                    for k in 0..<inner { map[n + k] = base + k }
                    n += inner
                }
            }
        }
        let shape = Array(params.shape[..<axis]) + Array(indices.shape[batchDims...]) + Array(params.shape[(axis + 1)...])
        return params.gathered(map, shape: shape)
    }

    static func dynamicStitch(_ context: inout KernelContext) throws -> HostTensor {
        let n = context.inputs.count / 2
        guard n > 0, context.inputs.count == 2 * n else { throw KernelError("DynamicStitch needs N indices and N data inputs") }
        let indices = Array(context.inputs[..<n]), data = Array(context.inputs[n...])
        guard let first = data.first, let firstIndices = indices.first else { throw KernelError("DynamicStitch needs inputs") }
        let tail = Array(first.shape[firstIndices.rank...])
        let inner = elementCount(tail)
        var rows = 0
        var source: [Int: Int] = [:]  // output row -> row in the concatenated data
        var offset = 0
        for (m, (ix, d)) in zip(indices, data).enumerated() {
            guard let values = ix.ints, d.shape == ix.shape + tail else {
                throw KernelError("data[\(m)] \(d.signature) must have shape indices[\(m)].shape + \(HostTensor.describe(tail))")
            }
            for (k, row) in values.enumerated() {
                guard row >= 0 else { throw KernelError("negative index \(row) in indices[\(m)]") }
                source[row] = offset + k
                rows = max(rows, row + 1)
            }
            offset += values.count
        }
        _ = try allocationCount([rows] + tail)
        let all = try TensorStorage.concatenating(data.map(\.storage), dtype: first.dtype)
        var map = [Int](repeating: -1, count: rows * inner)
        for (row, from) in source {
            for k in 0..<inner { map[row * inner + k] = from * inner + k }
        }
        return HostTensor(unchecked: [rows] + tail, all.gathered(map))
    }

    /// Integer values as a tensor of the given integer dtype.
    static func integers(_ values: [Int], like dtype: DType, shape: [Int]) throws -> HostTensor {
        switch dtype {
        case .int64: return HostTensor(unchecked: shape, .int64(values.map { Int64($0) }))
        case .int32: return HostTensor(unchecked: shape, .int32(values.map { Int32(truncatingIfNeeded: $0) }))
        default: throw KernelError("expected an int32 or int64 dtype, got \(dtype)")
        }
    }

    /// Cumulative fold along an axis, with TF's `exclusive` and `reverse` attrs.
    static func scan<F: Fold>(_ op: String, _ fold: F.Type) -> Kernel {
        return .single(op) { context in
            let x = try context.input(0)
            let axis = try normalizeAxis(try context.intScalarInput(1, "axis"), rank: x.rank)
            let scan = Scan<F>(shape: x.shape, axis: axis, exclusive: context.bool("exclusive"), reverse: context.bool("reverse"))
            return HostTensor(unchecked: x.shape, try x.storage.accept(scan))
        }
    }
}

    /// A running fold along one axis of a row-major tensor.
struct Scan<F: Fold>: NumericVisitor {
        let shape: [Int], axis: Int, exclusive: Bool, reverse: Bool
        func visit<T: NumericElement>(_ x: [T]) -> TensorStorage {
            let outer = shape[..<axis].reduce(1, *), dim = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
            var out = [T](repeating: 0, count: x.count)
            for o in 0..<outer {
                for i in 0..<inner {
                    var acc = F.initial(T.self)
                    for step in 0..<dim {
                        let k = reverse ? dim - 1 - step : step
                        let at = (o * dim + k) * inner + i
                        if exclusive {
                            out[at] = acc
                            acc = F.combine(acc, x[at])
                        } else {
                            acc = F.combine(acc, x[at])
                            out[at] = acc
                        }
                    }
                }
            }
            return T.wrap(out)
        }
    }
