import GraphCore
import GraphModel

/// y = gather(params, indices, axis) for an axis other than 0: the gathered axis is moved
/// to the front, rows are summed into place with UnsortedSegmentSum, and the transpose
/// is undone — TF's `_GatherV2Grad` general path with batch_dims = 0, op for op.
func gatherAlongAxisGradient(_ c: RuleContext) -> [Gradient?] {
    let b = c.b, g = c.grad(), params = c.x, indices = c.y, axis = c.inputs[2]
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
    let outerBatches = b.range(.int(0, arg: "start"), .int(0, arg: "limit"), .int(1, arg: "delta"))
    let batchAxes = b.range(.int(0, arg: "start"), .tensor(axisDims), .int(1, arg: "delta"))
    let innerStart = b.binary("AddV2", .tensor(axisDims), .int(1, arg: "y"), name: "add")
    let innerAxes = b.range(.tensor(innerStart), .tensor(valuesDims), .int(1, arg: "delta"))
    let values = b.reshape(g, .tensor(valuesShape))
    let transposeDims = b.concat([.tensor(outerBatches), .packed([axisDims], arg: "values_1"), .tensor(batchAxes), .tensor(innerAxes)],
                                 axis: .int(0, arg: "axis"))
    let moved = b.transpose(values, .tensor(transposeDims))
    _ = b.gather(paramsShape, transposeDims, axis: .int(0, arg: "axis"))

    let axisEnd = b.binary("AddV2", .tensor(axis), .int(1, arg: "y"), name: "add")
    let gatherDimSize = b.op("StridedSlice", name: "strided_slice",
                             [.tensor(paramsShape), .packed([axis], arg: "stack"), .packed([axisEnd], arg: "stack_1"), .ints([1], arg: "stack_2")],
                             attrs: b.stridedSliceAttrs(paramsShape, index: .int32, shrinkAxisMask: 1))
    let flatIndices = b.reshape(indices, .tensor(b.expandDims(b.sizeOf(indices), .int(0, arg: "dim"))))
    let summed = b.unsortedSegmentSum(moved, flatIndices, gatherDimSize)
    let shiftedAxes = b.binary("AddV2", .tensor(batchAxes), .int(1, arg: "y"), name: "add")
    let inverseDims = b.concat([.tensor(outerBatches), .tensor(shiftedAxes), .ints([0], arg: "values_2"), .tensor(innerAxes)],
                               axis: .int(0, arg: "axis"))
    let restored = b.transpose(summed, .tensor(inverseDims))
    return [.dense(b.reshape(restored, .tensor(b.shapeOf(params)))), nil, nil]
}

private extension Array where Element == OpInput {
    /// The StridedSlice input list with its data tensor first (the packed placeholder entry is replaced).
    func dropFirstTensor(_ t: TensorRef) -> [OpInput] { [.tensor(t)] + dropFirst() }
}
