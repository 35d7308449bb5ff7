import GraphCore
import GraphModel

// y = concat(values, axis) with sparse rows g (a gather read the concat, as with the shards
// of a partitioned embedding). The gradient stays sparse: along axis 0 each input keeps the
// rows whose indices fall in its range, along another axis every input keeps all indices
// and its slice of the values.
func sparseConcatGradient(_ c: RuleContext, _ g: IndexedSlices, values: [TensorRef], axis: TensorRef) throws(GradientError) -> [Gradient?] {
    let b = c.b
    let mod = b.binary("FloorMod", axis, b.rankOf(values[0]), name: "mod")
    guard var staticAxis = b.constantValue(axis)?.ints.first else {
        throw .unsupported(node: c.name, op: c.op,
                           reason: "Can only compute IndexedSlices gradient with statically-known concat_dim")
    }
    if staticAxis < 0 {
        guard let rank = b.constantValue(b.rankOf(values[0]))?.ints.first else {
            throw .unsupported(node: c.name, op: c.op, reason:
                "Can only compute IndexedSlices gradient with negative concat_dim when first value rank is statically-known.")
        }
        staticAxis = (staticAxis % rank + rank) % rank
    }
    let sizes = values.map { b.shapeOf($0) }
    let grads = staticAxis > 0 ? slicesAlongInnerAxis(b, g, sizes: sizes, axis: mod)
                               : slicesAlongAxisZero(b, g, sizes: sizes, axis: mod)
    return grads.map { .slices($0) } + [nil]
}

/// Axis 0: input i keeps the rows with start_i <= index < start_i + size_i, re-based to 0.
private func slicesAlongAxisZero(_ b: GraphBuilder, _ g: IndexedSlices, sizes: [TensorRef], axis: TensorRef) -> [IndexedSlices] {
    let indexType = b.dtype(g.indices)
    var start = b.constant(.scalar(0, dtype: indexType))
    return sizes.map { size in
        var length = b.gather(size, axis, axis: .int(0, arg: "axis"))
        if b.dtype(length) != indexType { length = b.cast(length, to: indexType) }
        let end = b.binary("AddV2", start, length, name: "add")
        let lower = b.binary("GreaterEqual", g.indices, start), upper = b.binary("Less", g.indices, end)
        let inRange = b.op("LogicalAnd", [.tensor(lower), .tensor(upper)])
        let selected = b.squeeze(b.op("Where", [.tensor(inRange)], attrs: ["T": .type(.bool)]), axes: [1])
        let indices = b.binary("Sub", b.gather(g.indices, selected, axis: .int(0, arg: "axis")), start, name: "sub")
        let rows = b.gather(g.values, selected, axis: .int(0, arg: "axis"))
        start = end
        return IndexedSlices(values: rows, indices: indices, denseShape: size)
    }
}

/// Another axis: input i keeps every index and the values between its offsets on that axis.
private func slicesAlongInnerAxis(_ b: GraphBuilder, _ g: IndexedSlices, sizes: [TensorRef], axis: TensorRef) -> [IndexedSlices] {
    // mask = one-hot of the axis over the rank, begin = zeros(rank) (TF's _CreateDenseMaskAndBegin).
    let shapeOfShape = b.shapeOf(sizes[0])
    let before = zeros(b, b.expandDims(axis, .int(0, arg: "dim")))
    let afterCount = b.binary("Sub", .tensor(b.binary("Sub", shapeOfShape, axis, name: "sub")), .int(1, arg: "y"), name: "sub")
    let after = zeros(b, afterCount)
    let mask = b.concat([.tensor(before), .ints([1], arg: "values"), .tensor(after)], axis: .int(0, arg: "axis"))
    var begin = zeros(b, shapeOfShape)
    return sizes.map { size in
        let trailing = b.op("Slice", [.tensor(size), .ints([1], arg: "begin"), .ints([-1], arg: "size")],
                            attrs: ["Index": .type(.int32), "T": .type(.int32)])
        let extent = b.concat([.ints([-1], arg: "values"), .tensor(trailing)], axis: .int(0, arg: "axis"))
        let rows = b.op("Slice", [.tensor(g.values), .tensor(begin), .tensor(extent)],
                        attrs: ["Index": .type(.int32), "T": .type(b.dtype(g.values))])
        begin = b.binary("AddV2", begin, b.binary("Mul", size, mask, name: "mul"), name: "Add")
        return IndexedSlices(values: rows, indices: g.indices, denseShape: size)
    }
}

/// `array_ops.zeros(shape_tensor, int32)`: a Fill under the `zeros` scope.
private func zeros(_ b: GraphBuilder, _ shape: TensorRef) -> TensorRef {
    let scopeName = b.uniqueName("zeros")
    let zero = b.constant(.scalar(0, dtype: .int32), exactName: b.names.unique(scopeName + "/Const"))
    return b.add(name: scopeName, op: "Fill", inputs: [shape, zero], attrs: ["T": .type(.int32), "index_type": .type(.int32)])
}
