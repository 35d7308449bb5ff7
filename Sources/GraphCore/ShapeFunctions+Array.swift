import GraphModel

extension ShapeFunctions {
    static let arrayShapes: [([String], ShapeFunction)] = [
        (["Identity", "StopGradient", "PreventGradient", "Snapshot", "CheckNumerics", "PlaceholderWithDefault",
          "RefIdentity", "DebugIdentity", "EnsureShape"], { c in
            c.one(c.type("T") ?? c.type("dtype") ?? c.dtype(0).base, c.shape(0))
        }),
        (["IdentityN"], { c in OutputInfos((0..<c.inputCount).map { TensorInfo(dtype: c.dtype($0).base, shape: c.shape($0)) }) }),
        (["Const"], { c in
            let t = c.attrs["value"]?.tensorType
            return c.one(c.type("dtype") ?? t?.dtype ?? .invalid, t.map { StaticShape($0.shape) } ?? .unknown)
        }),
        (["Placeholder", "PlaceholderV2"], { c in
            let shape = c.attrs["shape"]?.shapeValue.map(StaticShape.init) ?? .unknown
            return c.one(c.type("dtype") ?? .invalid, shape)
        }),
        (["Shape"], { c in c.one(c.type("out_type") ?? .int32, .vector(c.shape(0).rank ?? -1)) }),
        (["ShapeN"], { c in OutputInfos((0..<c.inputCount).map { TensorInfo(dtype: c.type("out_type") ?? .int32, shape: .vector(c.shape($0).rank ?? -1)) }) }),
        (["Size"], { c in c.one(c.type("out_type") ?? .int32, .scalar) }),
        (["Rank"], { c in c.one(.int32, .scalar) }),
        (["InvertPermutation"], { c in c.one(c.dtype(attr: "T"), c.shape(0)) }),
        (["Reshape"], { c in
            let dtype = c.dtype(attr: "T")
            var target = c.shapeFromTensor(1)
            // One -1 entry is inferred from the input's element count when that is known.
            if var dims = target.dims, dims.filter({ $0 < 0 }).count == 1, let total = c.shape(0).elementCount {
                let known = dims.filter { $0 >= 0 }.reduce(1, *)
                if known > 0, let i = dims.firstIndex(where: { $0 < 0 }) { dims[i] = total / known }
                target = StaticShape(dims)
            }
            return c.one(dtype, target)
        }),
        (["Transpose"], { c in
            let dtype = c.dtype(attr: "T")
            guard let dims = c.shape(0).dims else {
                return c.one(dtype, c.shape(1).dims?.first.map { $0 >= 0 ? .rank($0) : .unknown } ?? .unknown)
            }
            guard let perm = c.value(1)?.ints, perm.count == dims.count else { return c.one(dtype, .rank(dims.count)) }
            return c.one(dtype, StaticShape(perm.map { dims[$0 < 0 ? $0 + dims.count : $0] }))
        }),
        (["ExpandDims"], { c in
            let dtype = c.dtype(attr: "T")
            guard var dims = c.shape(0).dims else { return c.one(dtype, .unknown) }
            guard let axis = c.value(1)?.ints.first else { return c.one(dtype, .rank(dims.count + 1)) }
            dims.insert(1, at: axis < 0 ? axis + dims.count + 1 : axis)
            return c.one(dtype, StaticShape(dims))
        }),
        (["Squeeze"], { c in
            let dtype = c.dtype(attr: "T")
            guard let dims = c.shape(0).dims else { return c.one(dtype, .unknown) }
            let axes = (c.ints("squeeze_dims") ?? []).map { $0 < 0 ? $0 + dims.count : $0 }
            if axes.isEmpty {
                if dims.contains(-1) { return c.one(dtype, .unknown) }
                return c.one(dtype, StaticShape(dims.filter { $0 != 1 }))
            }
            return c.one(dtype, StaticShape(dims.enumerated().filter { !axes.contains($0.offset) }.map(\.element)))
        }),
        (["Tile"], { c in
            let dtype = c.dtype(attr: "T")
            guard let dims = c.shape(0).dims else { return c.one(dtype, .unknown) }
            guard let multiples = c.value(1)?.ints, multiples.count == dims.count else { return c.one(dtype, .rank(dims.count)) }
            return c.one(dtype, StaticShape(zip(dims, multiples).map { $0 < 0 ? -1 : $0 * $1 }))
        }),
        (["ConcatV2"], { c in
            let n = c.inputCount - 1
            let dtype = c.dtype(attr: "T")
            let shapes = (0..<n).map { c.shape($0) }
            guard let rank = shapes.compactMap(\.rank).first else { return c.one(dtype, .unknown) }
            guard let axisValue = c.value(n)?.ints.first else { return c.one(dtype, .rank(rank)) }
            let axis = axisValue < 0 ? axisValue + rank : axisValue
            var out = [Int](repeating: -1, count: rank)
            var total = 0
            for (k, s) in shapes.enumerated() {
                guard let d = s.dims, d.count == rank else { total = -1; continue }
                for i in 0..<rank where i != axis { if out[i] < 0 { out[i] = d[i] } }
                if total >= 0 { total = d[axis] < 0 ? -1 : total + d[axis] }
                _ = k
            }
            if axis >= 0 && axis < rank { out[axis] = total }
            return c.one(dtype, StaticShape(out))
        }),
        (["Pack"], { c in
            let dtype = c.dtype(attr: "T")
            var shape = c.shape(0)
            for i in 1..<max(c.inputCount, 1) { shape = shape.merged(with: c.shape(i)) ?? shape }
            guard var dims = shape.dims else { return c.one(dtype, .unknown) }
            let axis = c.int("axis") ?? 0
            dims.insert(c.inputCount, at: axis < 0 ? axis + dims.count + 1 : axis)
            return c.one(dtype, StaticShape(dims))
        }),
        (["Unpack"], { c in
            let dtype = c.dtype(attr: "T")
            let num = c.int("num") ?? 0
            guard var dims = c.shape(0).dims else { return OutputInfos(Array(repeating: TensorInfo(dtype: dtype, shape: .unknown), count: num)) }
            let axis = c.int("axis") ?? 0
            dims.remove(at: axis < 0 ? axis + dims.count : axis)
            return OutputInfos(Array(repeating: TensorInfo(dtype: dtype, shape: StaticShape(dims)), count: num))
        }),
        (["Split"], { c in
            let dtype = c.dtype(attr: "T")
            let num = c.int("num_split") ?? 1
            guard var dims = c.shape(1).dims, let axisValue = c.value(0)?.ints.first else {
                return OutputInfos(Array(repeating: TensorInfo(dtype: dtype, shape: c.shape(1).rank.map { .rank($0) } ?? .unknown), count: num))
            }
            let axis = axisValue < 0 ? axisValue + dims.count : axisValue
            dims[axis] = dims[axis] < 0 ? -1 : dims[axis] / num
            return OutputInfos(Array(repeating: TensorInfo(dtype: dtype, shape: StaticShape(dims)), count: num))
        }),
        (["SplitV"], { c in
            let dtype = c.dtype(attr: "T")
            let num = c.int("num_split") ?? 1
            guard let dims = c.shape(0).dims, let sizes = c.value(1)?.ints, let axisValue = c.value(2)?.ints.first else {
                return OutputInfos(Array(repeating: TensorInfo(dtype: dtype, shape: c.shape(0).rank.map { .rank($0) } ?? .unknown), count: num))
            }
            let axis = axisValue < 0 ? axisValue + dims.count : axisValue
            let known = sizes.filter { $0 >= 0 }.reduce(0, +)
            return OutputInfos(sizes.map { size in
                var d = dims
                d[axis] = size >= 0 ? size : (dims[axis] >= 0 ? dims[axis] - known : -1)
                return TensorInfo(dtype: dtype, shape: StaticShape(d))
            })
        }),
        (["Slice"], { c in
            let dtype = c.dtype(attr: "T")
            guard let dims = c.shape(0).dims else { return c.one(dtype, c.shape(2).dims?.first.map { $0 >= 0 ? .rank($0) : .unknown } ?? .unknown) }
            guard let sizes = c.value(2)?.ints else { return c.one(dtype, .rank(dims.count)) }
            let begins = c.value(1)?.ints
            return c.one(dtype, StaticShape(sizes.enumerated().map { i, s in
                if s >= 0 { return s }
                guard let begins, dims[i] >= 0 else { return -1 }
                return dims[i] - begins[i]
            }))
        }),
        (["StridedSlice"], stridedSlice),
        (["StridedSliceGrad"], { c in c.one(c.dtype(4).base, c.shapeFromTensor(0)) }),
        (["Pad", "PadV2", "MirrorPad"], { c in padded(c, by: 1) }),
        (["GatherV2", "ResourceGather"], { c in
            let dtype = c.type("Tparams") ?? c.type("dtype") ?? c.dtype(0).base
            let params: StaticShape
            if c.op == "ResourceGather" {
                params = resourceShape(c, 0)
            } else {
                params = c.shape(0)
            }
            let indices = c.shape(1)
            let axisValue = c.op == "ResourceGather" ? 0 : c.value(2)?.ints.first
            guard let p = params.dims, let ix = indices.dims, let a = axisValue else { return c.one(dtype, .unknown) }
            let axis = a < 0 ? a + p.count : a
            let rawBatchDims = c.int("batch_dims") ?? 0
            let batchDims = rawBatchDims < 0 ? rawBatchDims + ix.count : rawBatchDims
            guard (0...ix.count).contains(batchDims), (0..<p.count).contains(axis) else { return c.one(dtype, .unknown) }
            return c.one(dtype, StaticShape(Array(p[..<axis]) + Array(ix[batchDims...]) + Array(p[(axis + 1)...])))
        }),
        (["Fill"], { c in c.one(c.dtype(1).base, c.shapeFromTensor(0)) }),
        (["BroadcastTo"], { c in c.one(c.dtype(attr: "T"), c.shapeFromTensor(1)) }),
        (["OneHot"], { c in
            let dtype = c.dtype(attr: "T")
            guard var dims = c.shape(0).dims else { return c.one(dtype, .unknown) }
            let depth = c.value(1)?.ints.first ?? -1
            let axis = c.int("axis") ?? -1
            dims.insert(depth, at: axis < 0 ? dims.count : axis)
            return c.one(dtype, StaticShape(dims))
        }),
        (["DynamicStitch", "ParallelDynamicStitch"], { c in
            let n = c.inputCount / 2
            let dtype = c.dtype(n).base
            guard let data0 = c.shape(n).dims, let idx0 = c.shape(0).dims else { return c.one(dtype, .unknown) }
            var total = -1
            let indexValues = (0..<n).compactMap { c.value($0) }
            if indexValues.count == n { total = (indexValues.flatMap(\.ints).max() ?? -1) + 1 }
            return c.one(dtype, StaticShape([total] + data0.dropFirst(idx0.count)))
        }),
        (["DynamicPartition"], { c in
            let dtype = c.dtype(attr: "T"), count = c.int("num_partitions") ?? 1
            guard let data = c.shape(0).dims, let rank = c.shape(1).rank else { return OutputInfos(Array(repeating: TensorInfo(dtype: dtype, shape: .unknown), count: count)) }
            // The row count stays unknown even for constant partitions, as in TF's shape function
            // (a consumer that folds the outputs' values still sees them).
            return OutputInfos(Array(repeating: TensorInfo(dtype: dtype, shape: StaticShape([-1] + data.dropFirst(rank))), count: count))
        }),
        // indices [..., k] pick slices of params' first k dims
        (["GatherNd", "ResourceGatherNd"], { c in
            let dtype = c.type("Tparams") ?? c.type("dtype") ?? c.dtype(0).base
            guard c.op == "GatherNd", let params = c.shape(0).dims, let indices = c.shape(1).dims, let k = indices.last, k >= 0 else {
                return c.one(dtype, .unknown)
            }
            return c.one(dtype, StaticShape(Array(indices.dropLast()) + params.dropFirst(k)))
        }),
        (["ScatterNd"], { c in c.one(c.dtype(attr: "T"), c.shapeFromTensor(2)) }),
        (["Print", "ClipByValue"], { c in c.one(c.dtype(attr: "T"), c.shape(0)) }),
        (["DepthToSpace", "SpaceToDepth"], { c in
            let dtype = c.dtype(attr: "T"), block = c.int("block_size") ?? 2
            guard let dims = c.shape(0).dims, dims.count == 4 else { return c.one(dtype, .unknown) }
            let channelsFirst = c.string("data_format") == "NCHW"
            let (h, w, ch) = channelsFirst ? (2, 3, 1) : (1, 2, 3)
            var out = dims
            func scaled(_ d: Int, by f: (Int) -> Int) -> Int { d < 0 ? -1 : f(d) }
            if c.op == "DepthToSpace" {
                out[h] = scaled(dims[h]) { $0 * block }; out[w] = scaled(dims[w]) { $0 * block }
                out[ch] = scaled(dims[ch]) { $0 / (block * block) }
            } else {
                out[h] = scaled(dims[h]) { $0 / block }; out[w] = scaled(dims[w]) { $0 / block }
                out[ch] = scaled(dims[ch]) { $0 * block * block }
            }
            return c.one(dtype, StaticShape(out))
        }),
        // rows: one past the largest (sorted) segment id, from the ids input
        (["SegmentSum", "SegmentMean", "SegmentMax", "SegmentMin", "SegmentProd"], { c in
            segmentRows(c, c.value(1).map { ($0.ints.max() ?? -1) + 1 })
        }),
        (["SparseSegmentSum", "SparseSegmentMean", "SparseSegmentSqrtN"], { c in
            segmentRows(c, c.value(2).map { ($0.ints.max() ?? -1) + 1 })
        }),
        // rows: a count input (num_segments, or output_dim0 for the gradients)
        (["SparseSegmentSumWithNumSegments", "SparseSegmentMeanWithNumSegments", "SparseSegmentSqrtNWithNumSegments",
          "SparseSegmentSumGrad", "SparseSegmentMeanGrad", "SparseSegmentSqrtNGrad"], { c in segmentRows(c, c.value(3)?.ints.first) }),
        (["SparseSegmentSumGradV2", "SparseSegmentMeanGradV2", "SparseSegmentSqrtNGradV2"], { c in
            let dtype = c.dtype(attr: "T")
            let rows = c.shape(0).dims.map { StaticShape([-1] + $0.dropFirst()) } ?? .unknown
            return [TensorInfo(dtype: dtype, shape: rows), TensorInfo(dtype: c.type("Tidx") ?? .int32, shape: StaticShape([-1]))]
        }),
        (["ConcatOffset"], { c in
            let n = c.inputCount - 1
            return OutputInfos((0..<n).map { TensorInfo(dtype: c.dtype(1).base, shape: c.shape(1 + $0)) })
        }),
        (["ListDiff"], { c in
            let t = c.dtype(attr: "T")
            return [TensorInfo(dtype: t, shape: .rank(1)), TensorInfo(dtype: c.type("out_idx") ?? .int32, shape: .rank(1))]
        }),
        (["Cumprod", "Cumsum", "ReverseV2", "MatrixBandPart"], { c in c.one(c.dtype(attr: "T"), c.shape(0)) }),
        (["Where"], { c in c.one(.int64, StaticShape([-1, c.shape(0).rank ?? -1])) }),
        (["Unique"], { c in [TensorInfo(dtype: c.dtype(attr: "T"), shape: .rank(1)), TensorInfo(dtype: c.type("out_idx") ?? .int32, shape: c.shape(0))] }),
    ]

    /// Shape of the variable behind a resource handle (TF's handle shape-and-type data).
    static func resourceShape(_ c: ShapeContext, _ i: Int) -> StaticShape {
        guard c.producerOp(i) == "VarHandleOp" else { return .unknown }
        return c.producerAttrs(i)?["shape"]?.shapeValue.map(StaticShape.init) ?? .unknown
    }

    static func stridedSlice(_ c: ShapeContext) -> OutputInfos {
        let dtype = c.dtype(attr: "T")
        guard let dims = c.shape(0).dims, let begin = c.value(1)?.ints, let end = c.value(2)?.ints,
              let strides = c.value(3)?.ints else { return c.one(dtype, .unknown) }
        let beginMask = c.int("begin_mask") ?? 0, endMask = c.int("end_mask") ?? 0
        let ellipsisMask = c.int("ellipsis_mask") ?? 0, newAxisMask = c.int("new_axis_mask") ?? 0
        let shrinkMask = c.int("shrink_axis_mask") ?? 0
        var out: [Int] = []
        var dim = 0
        let specCount = begin.count
        // Dimensions an ellipsis stands for: all not named by other (non-new-axis) entries.
        let named = (0..<specCount).filter { (ellipsisMask >> $0) & 1 == 0 && (newAxisMask >> $0) & 1 == 0 }.count
        for i in 0..<specCount {
            if (ellipsisMask >> i) & 1 == 1 {
                let span = max(dims.count - named, 0)
                out += dims[dim..<min(dim + span, dims.count)]
                dim += span
                continue
            }
            if (newAxisMask >> i) & 1 == 1 { out.append(1); continue }
            guard dim < dims.count else { break }
            let size = dims[dim]
            if (shrinkMask >> i) & 1 == 1 { dim += 1; continue }
            guard size >= 0 else { out.append(-1); dim += 1; continue }
            let stride = strides[i]
            func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { min(max(v, lo), hi) }
            var b = begin[i] < 0 ? begin[i] + size : begin[i]
            var e = end[i] < 0 ? end[i] + size : end[i]
            if stride > 0 {
                b = (beginMask >> i) & 1 == 1 ? 0 : clamp(b, 0, size)
                e = (endMask >> i) & 1 == 1 ? size : clamp(e, 0, size)
                out.append(max(0, (e - b + stride - 1) / stride))
            } else {
                b = (beginMask >> i) & 1 == 1 ? size - 1 : clamp(b, -1, size - 1)
                e = (endMask >> i) & 1 == 1 ? -1 : clamp(e, -1, size - 1)
                out.append(max(0, (b - e + (-stride) - 1) / (-stride)))
            }
            dim += 1
        }
        if dim < dims.count { out += dims[dim...] }
        return c.one(dtype, StaticShape(out))
    }
}

extension ShapeFunctions {
    /// Input 0's shape with each dimension grown (sign 1) or shrunk (sign -1) by its two
    /// paddings (input 1): Pad and MirrorPad, and MirrorPadGrad folding them back.
    static func padded(_ c: ShapeContext, by sign: Int) -> OutputInfos {
        let dtype = c.dtype(attr: "T")
        guard let dims = c.shape(0).dims else { return c.one(dtype, .unknown) }
        guard let pads = c.value(1)?.ints, pads.count == dims.count * 2 else { return c.one(dtype, .rank(dims.count)) }
        return c.one(dtype, StaticShape(dims.enumerated().map { i, d in d < 0 ? -1 : d + sign * (pads[2 * i] + pads[2 * i + 1]) }))
    }

    /// A segment reduction's output (or its gradient's): `rows` (-1 when unknown) rows shaped
    /// like input 0's rows.
    static func segmentRows(_ c: ShapeContext, _ rows: Int?) -> OutputInfos {
        let dtype = c.dtype(attr: "T")
        guard let data = c.shape(0).dims else { return c.one(dtype, .unknown) }
        return c.one(dtype, StaticShape([rows ?? -1] + data.dropFirst()))
    }
}
