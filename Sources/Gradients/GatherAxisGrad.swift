import GraphCore
import GraphModel

/// y = gather(params, indices, axis, batch_dims) for an axis other than 0: the gathered axis
/// is moved to just after the batch dimensions, rows are summed into place with
/// UnsortedSegmentSum (batch elements offset into one flat range), and the transpose is
/// undone — TF's `_GatherV2Grad` general path, op for op.
func gatherAlongAxisGradient(_ c: RuleContext, batchDims: Int) throws(GradientError) -> [Gradient?] {
    let b = c.b, params = c.x, indices = c.y, axis = c.inputs[2]
    let paramsShape = b.colocated(with: params.node) { b.shapeOf(params) }
    _ = b.expandDims(b.sizeOf(indices), .int(0, arg: "dim"))

    // params_shape[:axis] and params_shape[axis:][1:]: a tensor bound makes TF pack every bound.
    let zero = b.constant(.scalar(0, dtype: .int32)), one = b.constant(.scalar(1, dtype: .int32))
    let outerShape = b.op("StridedSlice", name: "strided_slice",
                          [.packed([paramsShape], arg: "_"), .packed([zero], arg: "stack"), .packed([axis], arg: "stack_1"), .packed([one], arg: "stack_2")].dropFirstTensor(paramsShape),
                          attrs: b.stridedSliceAttrs(paramsShape, index: .int32, beginMask: 1))
    let zero2 = b.constant(.scalar(0, dtype: .int32)), one2 = b.constant(.scalar(1, dtype: .int32))
    let fromAxis = b.op("StridedSlice", name: "strided_slice",
                        [.tensor(paramsShape), .packed([axis], arg: "stack"), .packed([zero2], arg: "stack_1"), .packed([one2], arg: "stack_2")],
                        attrs: b.stridedSliceAttrs(paramsShape, index: .int32, endMask: 1))
    let innerShape = b.stridedSlice(fromAxis, begin: [1], end: [0], strides: [1], endMask: 1)
    let valuesShape = b.concat([.tensor(outerShape), .ints([-1], arg: "values_1"), .tensor(innerShape)], axis: .int(0, arg: "axis"))
    let valuesDims = b.sizeOf(valuesShape)
    let axisDims = b.sizeOf(outerShape)
    let outerBatches = b.range(.int(0, arg: "start"), .int(batchDims, arg: "limit"), .int(1, arg: "delta"))
    let batchAxes = b.range(.int(batchDims, arg: "start"), .tensor(axisDims), .int(1, arg: "delta"))
    let innerStart = b.binary("AddV2", .tensor(axisDims), .int(1, arg: "y"), name: "add")
    let innerAxes = b.range(.tensor(innerStart), .tensor(valuesDims), .int(1, arg: "delta"))
    let values = b.reshape(c.grad(), .tensor(valuesShape))
    let transposeDims = b.concat([.tensor(outerBatches), .packed([axisDims], arg: "values_1"), .tensor(batchAxes), .tensor(innerAxes)],
                                 axis: .int(0, arg: "axis"))
    let moved = b.transpose(values, .tensor(transposeDims))
    let movedParamsShape = b.gather(paramsShape, transposeDims, axis: .int(0, arg: "axis"))

    let axisEnd = b.binary("AddV2", .tensor(axis), .int(1, arg: "y"), name: "add")
    let gatherDimSize = b.op("StridedSlice", name: "strided_slice",
                             [.tensor(paramsShape), .packed([axis], arg: "stack"), .packed([axisEnd], arg: "stack_1"), .ints([1], arg: "stack_2")],
                             attrs: b.stridedSliceAttrs(paramsShape, index: .int32, shrinkAxisMask: 1))
    let indicesSize = b.expandDims(b.sizeOf(indices), .int(0, arg: "dim"))
    let summed: TensorRef
    if batchDims == 0 {
        summed = b.unsortedSegmentSum(moved, b.reshape(indices, .tensor(indicesSize)), gatherDimSize)
    } else {
        summed = batchedSegmentSum(b, moved, indices: indices, indicesSize: indicesSize, gatherDimSize: gatherDimSize,
                                   movedParamsShape: movedParamsShape, batchDims: batchDims)
    }
    let shiftedAxes = b.binary("AddV2", .tensor(batchAxes), .int(1, arg: "y"), name: "add")
    let inverseDims = b.concat([.tensor(outerBatches), .tensor(shiftedAxes), .ints([batchDims], arg: "values_2"), .tensor(innerAxes)],
                               axis: .int(0, arg: "axis"))
    let restored = b.transpose(summed, .tensor(inverseDims))
    return [.dense(b.reshape(restored, .tensor(b.shapeOf(params)))), nil, nil]
}

/// The segment sum with batch dimensions (TF's _BatchGatherGrad): the batch dimensions are
/// flattened into the gathered one, so batch element k's rows land at k * (gathered size) +
/// index, and the sum is reshaped back.
private func batchedSegmentSum(_ b: GraphBuilder, _ moved: TensorRef, indices: TensorRef, indicesSize: TensorRef,
                               gatherDimSize: TensorRef, movedParamsShape: TensorRef, batchDims: Int) -> TensorRef {
    let movedShape = b.shapeOf(moved)
    let outerShape = b.stridedSlice(movedShape, begin: [0], end: [batchDims], strides: [1], beginMask: 1)
    let fromBatch = b.stridedSlice(movedShape, begin: [batchDims], end: [0], strides: [1], endMask: 1)
    let innerShape = b.stridedSlice(fromBatch, begin: [1], end: [0], strides: [1], endMask: 1)
    let batchSize = b.reduce("Prod", outerShape, .ints([0], arg: "reduction_indices"), keepDims: false)
    let flatValuesShape = b.concat([.ints([-1], arg: "values"), .tensor(innerShape)], axis: .int(0, arg: "axis"))
    let segments = b.binary("Mul", gatherDimSize, batchSize, name: "mul")
    let offsetIndices = batchIndices(b, paramsShape: movedParamsShape, indices: indices, batchDims: batchDims)
    let flatValues = b.reshape(moved, .tensor(flatValuesShape))
    let flat = b.unsortedSegmentSum(flatValues, b.reshape(offsetIndices, .tensor(indicesSize)), segments)
    return b.reshape(flat, .tensor(b.concat([.tensor(outerShape), .tensor(flatValuesShape)], axis: .int(0, arg: "axis"))))
}

/// indices + the offset of each batch element's rows in the flattened batch (TF's
/// _GetBatchIndices): for each batch dimension from the innermost, a range scaled by the
/// sizes inside it, reshaped to broadcast along that dimension. The offsets are computed in
/// the indices' dtype (int64 indices cast the shape first).
private func batchIndices(_ b: GraphBuilder, paramsShape: TensorRef, indices: TensorRef, batchDims: Int) -> TensorRef {
    let indexType = b.dtype(indices)
    let shape = indexType == b.dtype(paramsShape) ? paramsShape : b.cast(paramsShape, to: indexType)
    var result = indices
    var rowStride = b.constant(.scalar(1, dtype: indexType), name: "ones")
    for dim in stride(from: batchDims, to: 0, by: -1) {
        let dimSize = b.stridedSlice(shape, begin: [dim - 1], end: [dim], strides: [1], shrinkAxisMask: 1)
        rowStride = b.binary("Mul", rowStride, b.stridedSlice(shape, begin: [dim], end: [dim + 1], strides: [1], shrinkAxisMask: 1), name: "mul")
        let start = b.constant(.scalar(0, dtype: indexType), name: "zeros")
        let step = b.constant(.scalar(1, dtype: indexType), name: "ones")
        let offsets = b.binary("Mul", b.range(.tensor(start), .tensor(dimSize), .tensor(step)), rowStride, name: "mul")
        let tileAttrs: AttrMap = ["T": .type(.int32), "Tmultiples": .type(.int32)]
        let before = b.op("Tile", [.ints([1], arg: "input"), .ints([dim - 1], arg: "multiples")], attrs: tileAttrs)
        let afterCount = b.binary("Sub", .tensor(b.rankOf(indices)), .int(dim, arg: "y"), name: "sub")
        let after = b.op("Tile", [.ints([1], arg: "input"), .packed([afterCount], arg: "multiples")], attrs: tileAttrs)
        let shape = b.concat([.tensor(before), .packed([dimSize], arg: "values"), .tensor(after)], axis: .int(0, arg: "axis"))
        result = b.binary("AddV2", result, b.reshape(offsets, .tensor(shape)), name: "add")
    }
    return result
}

private extension Array where Element == OpInput {
    /// The StridedSlice input list with its data tensor first (the packed placeholder entry is replaced).
    func dropFirstTensor(_ t: TensorRef) -> [OpInput] { [.tensor(t)] + dropFirst() }
}
