import GraphCore
import GraphModel

/// Gradient rules for ops that move rows by index: n-dimensional gather and scatter, segment
/// sums and DynamicStitch (TF's array_grad.py, math_grad.py, data_flow_grad.py).
let indexingGradients: [([String], GradientRule)] = [
    // y = gather_nd(params, indices); dparams = g scattered back: sparse rows when each index
    // picks a whole row (indices [n, 1]), else ScatterNd
    (["GatherNd"], .function { c in
        let b = c.b, indices = c.y
        let shape = b.shapeOf(c.x, outType: c.dtype(indices))
        if let dims = c.shape(indices).dims, dims.count == 2, dims[1] == 1 {
            let rows = b.squeeze(indices, axes: [-1])
            return [.slices(IndexedSlices(values: c.grad(), indices: rows, denseShape: shape)), nil]
        }
        let scattered = b.op("ScatterNd", [.tensor(indices), .tensor(c.grad()), .tensor(shape)],
                             attrs: ["T": .type(c.dtype(c.x)), "Tindices": .type(c.dtype(indices)),
                                     "bad_indices_policy": c.attr("bad_indices_policy") ?? .string("")])
        return [.dense(scattered), nil]
    }),
    // y = scatter_nd(indices, updates, shape); dupdates = gather_nd(g, indices)
    (["ScatterNd"], .function { c in
        let gathered = c.b.op("GatherNd", [.tensor(c.grad()), .tensor(c.x)],
                              attrs: ["Tparams": .type(c.dtype(c.y)), "Tindices": .type(c.dtype(c.x)), "bad_indices_policy": .string("")])
        return [nil, .dense(gathered), nil]
    }),
    // y = segment_sum(data, ids) (ids sorted); ddata = g[ids]
    (["SegmentSum"], .function { c in [.dense(c.b.gather(c.grad(), c.y, axis: .int(0, arg: "axis"))), nil] }),
    // y = unsorted_segment_sum(data, ids, n); ddata = g[ids], 0 for rows with a negative id
    (["UnsortedSegmentSum"], .function { c in [.dense(gatherDroppingNegatives(c, c.grad(), ids: c.y)), nil, nil] }),
    // y[s] = reduce of data[indices[i]] over i with segment_ids[i] = s (sum, mean or sum / sqrt(n));
    // ddata = the kernel's gradient op, as sparse rows when the op asks for sparse gradients
    (["SparseSegmentSum", "SparseSegmentSumWithNumSegments"], sparseSegmentRule("Sum")),
    (["SparseSegmentMean", "SparseSegmentMeanWithNumSegments"], sparseSegmentRule("Mean")),
    (["SparseSegmentSqrtN", "SparseSegmentSqrtNWithNumSegments"], sparseSegmentRule("SqrtN")),
    // y = dynamic_stitch(indices..., data...); ddata_i = g[indices_i] (int32 indices)
    (["DynamicStitch", "ParallelDynamicStitch"], .function { c in
        let b = c.b
        let count = c.inputs.count / 2
        // Sparse rows are summed into the output's rows first (TF's unsorted_segment_sum).
        let g: TensorRef
        switch c.incoming() {
        case .dense(let t): g = t
        case .slices(let s):
            let rows = b.stridedSlice(b.shapeOf(c.z), begin: [0], end: [1], strides: [1], shrinkAxisMask: 1)
            g = b.unsortedSegmentSum(s.values, s.indices, rows)
        }
        var grads: [Gradient?] = Array(repeating: nil, count: count)
        let indices = c.inputs[..<count].map { c.dtype(c.inputs[0]) == .int32 ? $0 : b.cast($0, to: .int32) }
        for index in indices { grads.append(.dense(b.gather(g, index, axis: .int(0, arg: "axis")))) }
        return grads
    }),
]

/// TF's `_GatherDropNegatives`: rows of `params` at max(ids, 0), zeroed where an id is negative
/// (the mask reshaped to broadcast over the row and and-ed with ones of the gathered shape).
private func gatherDroppingNegatives(_ c: RuleContext, _ params: TensorRef, ids: TensorRef) -> TensorRef {
    let b = c.b
    let clipped = b.binary("Maximum", ids, b.zerosLike(ids))
    let gathered = b.gather(params, clipped, axis: .int(0, arg: "axis"))
    let positive = b.op("GreaterEqual", [.tensor(ids), .int(0, arg: "y", dtype: c.dtype(ids))], attrs: ["T": .type(c.dtype(ids))])
    let positiveShape = b.shapeOf(positive)
    let extraRank = b.binary("Sub", b.rankOf(gathered), b.rankOf(positive), name: "sub")
    let ones = b.ones(packing: [extraRank], dtype: b.dtype(positiveShape))
    let broadcastable = b.concat([.tensor(positiveShape), .tensor(ones)], axis: .int(0, arg: "axis"))
    let reshaped = b.reshape(positive, .tensor(broadcastable))
    let mask = b.op("LogicalAnd", name: "and", [.tensor(reshaped), .tensor(b.onesLike(gathered, dtype: .bool))])
    let zeros = b.zerosLike(gathered)
    return b.op("SelectV2", [.tensor(mask), .tensor(gathered), .tensor(zeros)], attrs: ["T": .type(b.dtype(gathered))])
}

/// TF's SparseSegment{Sum,Mean,SqrtN} gradients: `SparseSegment<kind>Grad` over the data's
/// first dimension, or with `sparse_gradient` the V2 op's rows and their sorted indices.
private func sparseSegmentRule(_ kind: String) -> GradientRule {
    .function { c in
        let b = c.b, indices = c.y, segmentIDs = c.inputs[2]
        let attrs: AttrMap = ["T": .type(c.dtype(c.x)), "Tidx": .type(c.dtype(indices)), "Tsegmentids": .type(c.dtype(segmentIDs))]
        let dataShape = b.shapeOf(c.x)
        let rows = b.stridedSlice(dataShape, begin: [0], end: [1], strides: [1], shrinkAxisMask: 1)
        let inputs: [OpInput] = [.tensor(c.grad()), .tensor(indices), .tensor(segmentIDs), .tensor(rows)]
        let ddata: Gradient
        if c.bool("sparse_gradient") {
            let pair = b.op("SparseSegment\(kind)GradV2", inputs, attrs: attrs)
            ddata = .slices(IndexedSlices(values: pair, indices: pair.withOutput(1), denseShape: dataShape))
        } else {
            ddata = .dense(b.op("SparseSegment\(kind)Grad", inputs, attrs: attrs))
        }
        return [ddata] + Array(repeating: nil, count: c.inputs.count - 1)
    }
}
