/// Ops that address slices by n-dimensional index or gather rows by lists of indices and
/// segments: GatherNd, ScatterNd, SegmentSum, the sparse segment reductions and their
/// gradients, DynamicPartition, and the depth/space rearrangements.
enum IndexNDKernels {
    static let all: [Kernel] = [
        // y[i...] = params[indices[i..., 0], ..., indices[i..., k-1], ...]
        .single("GatherNd") { context in
            let params = try context.input(0)
            let (rows, k) = try sliceRows(try context.input(1), addressing: params.shape)
            let inner = elementCount(Array(params.shape[k...]))
            var source: [Int] = []
            source.reserveCapacity(rows.count * inner)
            for row in rows { for j in 0..<inner { source.append(row * inner + j) } }
            let outer = Array(try context.input(1).shape.dropLast())
            return params.gathered(source, shape: outer + params.shape[k...])
        },
        // y = zeros(shape) with updates[i...] added at the slices indices[i...] address
        .single("ScatterNd") { context in
            let updates = try context.input(1)
            let shape = try context.intInput(2, "shape")
            _ = try allocationCount(shape)
            let (rows, k) = try sliceRows(try context.input(0), addressing: shape)
            return try scatterAdd(updates, into: shape, at: rows, inner: elementCount(Array(shape[k...])))
        },
        // y[s] = sum of data rows whose (sorted) segment id is s
        .single("SegmentSum") { context in
            let data = try context.input(0)
            guard let ids = try context.input(1).ints, ids.count == data.shape.first, zip(ids, ids.dropFirst()).allSatisfy({ $0 <= $1 }),
                  ids.allSatisfy({ $0 >= 0 }) else {
                throw KernelError("segment_ids must be nonnegative, sorted, one per row of data \(data.signature)")
            }
            let tail = Array(data.shape.dropFirst())
            return try scatterAdd(data, into: [(ids.last ?? -1) + 1] + tail, at: ids, inner: elementCount(tail))
        },
        // output k = the rows of data whose partition is k, in order
        Kernel("DynamicPartition") { context in
            let data = try context.input(0), partitions = try context.input(1)
            let count = try context.int("num_partitions")
            guard let keys = partitions.ints, data.shape.starts(with: partitions.shape) else {
                throw KernelError("partitions \(partitions.signature) must be integers whose shape prefixes data \(data.signature)")
            }
            if let bad = keys.first(where: { $0 < 0 || $0 >= count }) { throw KernelError("partition \(bad) is not in [0, \(count))") }
            let tail = Array(data.shape[partitions.rank...])
            let inner = elementCount(tail)
            return (0..<count).map { k in
                let rows = keys.indices.filter { keys[$0] == k }
                return data.gathered(rows.flatMap { r in (0..<inner).map { r * inner + $0 } }, shape: [rows.count] + tail)
            }
        },
        .single("SparseSegmentSum") { context in try sparseSegment(context, .sum, segments: nil) },
        .single("SparseSegmentMean") { context in try sparseSegment(context, .mean, segments: nil) },
        .single("SparseSegmentSqrtN") { context in try sparseSegment(context, .sqrtN, segments: nil) },
        .single("SparseSegmentSumWithNumSegments") { context in try sparseSegment(context, .sum, segments: try context.intScalarInput(3, "num_segments")) },
        .single("SparseSegmentMeanWithNumSegments") { context in try sparseSegment(context, .mean, segments: try context.intScalarInput(3, "num_segments")) },
        .single("SparseSegmentSqrtNWithNumSegments") { context in try sparseSegment(context, .sqrtN, segments: try context.intScalarInput(3, "num_segments")) },
        .single("SparseSegmentSumGrad") { context in try sparseSegmentGrad(context, .sum) },
        .single("SparseSegmentMeanGrad") { context in try sparseSegmentGrad(context, .mean) },
        .single("SparseSegmentSqrtNGrad") { context in try sparseSegmentGrad(context, .sqrtN) },
        Kernel("SparseSegmentSumGradV2") { context in try sparseSegmentGradRows(context, .sum) },
        Kernel("SparseSegmentMeanGradV2") { context in try sparseSegmentGradRows(context, .mean) },
        Kernel("SparseSegmentSqrtNGradV2") { context in try sparseSegmentGradRows(context, .sqrtN) },
        // the k largest entries of each last-axis row, largest first (ties: the lower index first)
        Kernel("TopKV2") { context in
            let x = try context.input(0)
            let k = try context.intScalarInput(1, "k")
            guard let n = x.shape.last, k >= 0, k <= n else { throw KernelError("k = \(k) must be in [0, last dimension] of \(x.signature)") }
            let values = try x.floatingPointValues("input")
            var chosen: [Int] = []
            chosen.reserveCapacity(values.count / max(n, 1) * k)
            for row in stride(from: 0, to: values.count, by: max(n, 1)) {
                let order = (0..<n).sorted { values[row + $0] > values[row + $1] || (values[row + $0] == values[row + $1] && $0 < $1) }
                chosen.append(contentsOf: order.prefix(k))
            }
            let shape = Array(x.shape.dropLast()) + [k]
            let source = chosen.enumerated().map { i, column in (i / max(k, 1)) * n + column }
            return [x.gathered(source, shape: shape), HostTensor(unchecked: shape, .int32(chosen.map { Int32($0) }))]
        },
        .single("DepthToSpace") { context in try rearrange(context, toSpace: true) },
        .single("SpaceToDepth") { context in try rearrange(context, toSpace: false) },
    ]

    /// How a sparse segment reduction weighs each of a segment's n rows.
    enum SegmentNorm {
        case sum, mean, sqrtN
        func weight(_ n: Int) -> Double {
            switch self {
            case .sum: 1
            case .mean: 1 / Double(max(n, 1))
            case .sqrtN: 1 / Double(max(n, 1)).squareRoot()
            }
        }
    }

    /// The rows, segments and segment sizes of a sparse segment op, checked.
    static func segmentPlan(indices: HostTensor, segmentIDs: HostTensor, rows: Int) throws -> (rows: [Int], segments: [Int], sizes: [Int: Int]) {
        guard let rowList = indices.ints, let segmentList = segmentIDs.ints, rowList.count == segmentList.count else {
            throw KernelError("indices \(indices.signature) and segment_ids \(segmentIDs.signature) must be integer lists of one length")
        }
        if let bad = rowList.first(where: { $0 < 0 || $0 >= rows }) { throw KernelError("index \(bad) is out of range [0, \(rows))") }
        if let bad = segmentList.first(where: { $0 < 0 }) { throw KernelError("segment id \(bad) is negative") }
        var sizes: [Int: Int] = [:]
        for s in segmentList { sizes[s, default: 0] += 1 }
        return (rowList, segmentList, sizes)
    }

    // y[s] = sum over i with segment_ids[i] = s of data[indices[i]], weighted by the norm
    static func sparseSegment(_ context: KernelContext, _ norm: SegmentNorm, segments: Int?) throws -> HostTensor {
        let data = try context.input(0)
        guard let rows = data.shape.first else { throw KernelError("data must have rank >= 1, got \(data.signature)") }
        let plan = try segmentPlan(indices: try context.input(1), segmentIDs: try context.input(2), rows: rows)
        let outRows = segments ?? ((plan.segments.max() ?? -1) + 1)
        if let bad = plan.segments.first(where: { $0 >= outRows }) { throw KernelError("segment id \(bad) is out of range [0, \(outRows))") }
        let tail = Array(data.shape.dropFirst()), inner = elementCount(tail)
        let values = try data.floatingPointValues("data")
        var out = [Double](repeating: 0, count: outRows * inner)
        for (row, segment) in zip(plan.rows, plan.segments) {
            let w = norm.weight(plan.sizes[segment] ?? 1)
            for k in 0..<inner { out[segment * inner + k] += values[row * inner + k] * w }
        }
        return .floatingPoint(out, shape: [outRows] + tail, wide: data.dtype == .float64)
    }

    // dx[indices[i]] += g[segment_ids[i]] weighted by the norm, over output_dim0 rows
    static func sparseSegmentGrad(_ context: KernelContext, _ norm: SegmentNorm) throws -> HostTensor {
        let g = try context.input(0)
        let outRows = try context.intScalarInput(3, "output_dim0")
        let plan = try segmentPlan(indices: try context.input(1), segmentIDs: try context.input(2), rows: outRows)
        let tail = Array(g.shape.dropFirst()), inner = elementCount(tail)
        let values = try g.floatingPointValues("grad")
        var out = [Double](repeating: 0, count: outRows * inner)
        for (row, segment) in zip(plan.rows, plan.segments) {
            guard segment < (g.shape.first ?? 0) else { throw KernelError("segment id \(segment) is out of range for grad \(g.signature)") }
            let w = norm.weight(plan.sizes[segment] ?? 1)
            for k in 0..<inner { out[row * inner + k] += values[segment * inner + k] * w }
        }
        return .floatingPoint(out, shape: [outRows] + tail, wide: g.dtype == .float64)
    }

    /// The V2 gradient: only the rows that receive something, with their sorted indices.
    static func sparseSegmentGradRows(_ context: KernelContext, _ norm: SegmentNorm) throws -> [HostTensor] {
        let dense = try sparseSegmentGrad(context, norm)
        let indices = try context.input(1)
        let unique = Array(Set(indices.ints ?? [])).sorted()
        let inner = elementCount(Array(dense.shape.dropFirst()))
        let rows = dense.gathered(unique.flatMap { r in (0..<inner).map { r * inner + $0 } }, shape: [unique.count] + dense.shape.dropFirst())
        return [rows, try IndexKernels.integers(unique, like: indices.dtype, shape: [unique.count])]
    }

    /// The flat row (over the first k dims of `shape`) each index vector addresses, and k.
    static func sliceRows(_ indices: HostTensor, addressing shape: [Int]) throws -> (rows: [Int], k: Int) {
        guard let values = indices.ints, let k = indices.shape.last, k <= shape.count else {
            throw KernelError("indices \(indices.signature) must be integers whose last dimension is at most rank \(shape.count)")
        }
        // An empty index vector addresses the whole tensor, once per vector.
        if k == 0 { return (Array(repeating: 0, count: elementCount(Array(indices.shape.dropLast()))), 0) }
        let strides = rowMajorStrides(Array(shape[..<k]))
        var rows: [Int] = []
        rows.reserveCapacity(values.count / max(k, 1))
        for start in stride(from: 0, to: values.count, by: max(k, 1)) {
            var row = 0
            for j in 0..<k {
                let index = values[start + j]
                guard index >= 0 && index < shape[j] else { throw KernelError("index \(index) is out of range [0, \(shape[j])) in dimension \(j)") }
                row += index * strides[j]
            }
            rows.append(row)
        }
        return (rows, k)
    }

    /// DepthToSpace moves each pixel's channels, block by block, into a block x block patch;
    /// SpaceToDepth is its inverse. Channel order within a patch: row, column, then channel.
    /// NHWC only, as TF's CPU kernels.
    static func rearrange(_ context: KernelContext, toSpace: Bool) throws -> HostTensor {
        let x = try context.input(0)
        let block = try context.int("block_size")
        let format = context.attr("data_format")?.stringValue ?? "NHWC"
        guard format == "NHWC" else { throw KernelError("only the NHWC data_format is supported on CPU, got \(format)") }
        guard x.rank == 4, block >= 2 else { throw KernelError("needs a 4-D input and block_size >= 2, got \(x.signature)") }
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        // The space side: (n, H, W, C) with H = h * block when going to space.
        let (bigH, bigW, smallC) = toSpace ? (h * block, w * block, c / (block * block)) : (h, w, c)
        guard toSpace ? c % (block * block) == 0 : (h % block == 0 && w % block == 0) else {
            throw KernelError("\(x.signature) does not divide into blocks of \(block)")
        }
        let (outH, outW, outC) = toSpace ? (bigH, bigW, smallC) : (h / block, w / block, c * block * block)
        let outShape = [n, outH, outW, outC]
        func offset(_ b: Int, _ y: Int, _ x: Int, _ ch: Int, _ shape: (Int, Int, Int)) -> Int {
            let (hh, ww, cc) = shape
            return ((b * hh + y) * ww + x) * cc + ch
        }
        var source = [Int](repeating: 0, count: elementCount(outShape))
        // Walk the space side; the depth side's pixel is (Y / block, X / block), its channel
        // ((Y % block) * block + X % block) * smallC + channel.
        for b in 0..<n { for bigY in 0..<bigH { for bigX in 0..<bigW { for ch in 0..<smallC {
            let depthChannel = ((bigY % block) * block + bigX % block) * smallC + ch
            let space = offset(b, bigY, bigX, ch, (bigH, bigW, smallC))
            let depth = offset(b, bigY / block, bigX / block, depthChannel, (bigH / block, bigW / block, smallC * block * block))
            if toSpace { source[space] = depth } else { source[depth] = space }
        } } } }
        return x.gathered(source, shape: outShape)
    }
}
