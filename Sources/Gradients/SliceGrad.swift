import GraphCore
import GraphModel

// y = slice(x, begin, size); dx = pad(g) with `begin` before and the rest after.
let sliceGradient: GradientFunction = { c in
    let b = c.b, g = c.grad(), x = c.x, begin = c.inputs[1]
    let rank = b.rankOf(x)
    let outShape = b.shapeOf(c.z)
    let stack = b.pack([.tensor(rank), .int(1, arg: "1")])
    let before = b.reshape(begin, .tensor(stack))
    let inShape = b.shapeOf(x)
    let after = b.reshape(b.binary("Sub", b.binary("Sub", inShape, outShape, name: "sub"), begin, name: "sub"), .tensor(stack))
    let paddings = b.concat([.tensor(before), .tensor(after)], axis: .int(1, arg: "axis"))
    let padded = b.op("Pad", [.tensor(g), .tensor(paddings)], attrs: ["T": .type(c.dtype(g)), "Tpaddings": .type(c.dtype(paddings))])
    return [.dense(padded), nil, nil]
}

// y = x[begin:end:strides] with masks; dx = StridedSliceGrad scattering g back.
let stridedSliceGradient: GradientFunction = { c in
    let b = c.b, g = c.grad(), x = c.x
    let indexType = c.dtype(c.inputs[1])
    let shape = b.shapeOf(x, outType: indexType)
    let opName = b.uniqueName("StridedSliceGrad")
    func materialise(_ t: TensorRef, _ arg: String) -> TensorRef {
        guard let v = b.constantValue(t) else { return t }
        return b.constant(v, exactName: b.names.unique(NameJoin.scoped(opName, arg)))
    }
    let inputs = [materialise(shape, "shape"), materialise(c.inputs[1], "begin"), materialise(c.inputs[2], "end"),
                  materialise(c.inputs[3], "strides"), g]
    var attrs = b.stridedSliceAttrs(g, index: indexType)
    for mask in ["begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"] {
        attrs[mask] = c.attr(mask) ?? .int(0)
    }
    return [.dense(b.add(name: opName, op: "StridedSliceGrad", inputs: inputs, attrs: attrs)), nil, nil, nil]
}

// y = pad(x, paddings); dx = the slice of g the input occupies.
let padGradient: GradientFunction = { c in
    let b = c.b, g = c.grad(), x = c.x, paddings = c.y
    let rank = b.rankOf(x)
    let size = b.pack([.tensor(rank), .int(1, arg: "1")])
    let paddingType = c.dtype(paddings)
    let firstColumn = b.op("Slice", [.tensor(paddings), .ints([0, 0], arg: "begin", dtype: paddingType), .tensor(size)],
                           attrs: ["Index": .type(.int32), "T": .type(paddingType)])
    let begin = b.reshape(firstColumn, .ints([-1], arg: "shape"))
    let shape = b.shapeOf(x)
    let sliced = b.op("Slice", [.tensor(g), .tensor(begin), .tensor(shape)], attrs: ["Index": .type(paddingType), "T": .type(c.dtype(g))])
    return [.dense(sliced)] + Array(repeating: nil, count: c.inputs.count - 1)
}

// y = concat(xs, axis); dxi = the slice of g at xi's offset along the axis.
let concatGradient: GradientFunction = { (c) throws(GradientError) in
    let b = c.b
    let n = c.inputs.count - 1
    let values = Array(c.inputs[..<n]), axis = c.inputs[n]
    // A single input: the gradient passes through as it is, dense or sparse.
    if n == 1 { return [c.grads[0], nil] }
    let g: TensorRef
    switch c.grads[0] {
    case .slices(let rows)?: return try sparseConcatGradient(c, rows, values: values, axis: axis)
    case .dense(let t)?: g = t
    case nil: g = c.grad()
    }
    let rank = b.rankOf(values[0])
    let mod = b.binary("FloorMod", axis, rank, name: "mod")
    var shapes: [TensorRef] = []
    for v in values {
        let s = b.shapeOf(v)
        shapes.append(s)
        if b.op(of: s.node) != "Const" {
            shapes = b.shapeN(values)
            break
        }
    }
    if n <= 16 {
        let offsetNode = b.op("ConcatOffset", [.tensor(mod)] + shapes.map { .tensor($0) },
                              attrs: ["N": .int(Int64(n)), "shape_type": .type(.int32)])
        return (0..<n).map { i in
            .dense(b.op("Slice", [.tensor(g), .tensor(offsetNode.withOutput(i)), .tensor(shapes[i])],
                        attrs: ["Index": .type(.int32), "T": .type(c.dtype(g))]))
        } + [nil]
    }
    let stacked = b.pack(shapes.map { .tensor($0) }, axis: 1)
    let sliceName = b.uniqueName("Slice")
    let begin = b.withExactScope(sliceName) { b.pack([.tensor(mod), .int(0, arg: "1")], name: "begin") }
    let sizeConst = b.constant(.vector([1, -1]), exactName: b.names.unique(sliceName + "/size"))
    let slice = b.add(name: sliceName, op: "Slice", inputs: [stacked, begin, sizeConst], attrs: ["Index": .type(.int32), "T": .type(.int32)])
    let sizes = b.squeeze(slice, axes: [])
    let split = b.op("SplitV", name: "split", [.tensor(g), .tensor(sizes), .tensor(mod)],
                     attrs: ["T": .type(c.dtype(g)), "Tlen": .type(.int32), "num_split": .int(Int64(n))])
    return (0..<n).map { .dense(split.withOutput($0)) } + [nil]
}

// y = gather(params, indices, axis=0); dparams = IndexedSlices(g rows, indices, shape(params)).
let gatherGradient: GradientFunction = { (c) throws(GradientError) in
    let b = c.b, params = c.x, indices = c.y
    let axisValue = c.inputs.count > 2 ? b.constantValue(c.inputs[2])?.ints.first : 0
    var batchDims = Int(c.attr("batch_dims")?.intValue ?? 0)
    if batchDims < 0 {
        guard let rank = b.shape(indices).rank else {
            throw .unsupported(node: c.name, op: c.op, reason:
                "Currently, it is unsupported to take the gradient of tf.gather when batch_dims < 0 and the rank of the indices is unknown")
        }
        batchDims += rank
    }
    guard axisValue == 0 else { return try gatherAlongAxisGradient(c, batchDims: batchDims) }
    let paramsShape = b.colocated(with: params.node) { b.shapeOf(params) }
    let size = b.sizeOf(indices)
    let count = b.expandDims(size, .int(0, arg: "dim"))
    let rest = b.stridedSlice(paramsShape, begin: [1], end: [0], strides: [1], endMask: 1)
    let valuesShape = b.concat([.tensor(count), .tensor(rest)], axis: .int(0, arg: "axis"))
    let values = b.reshape(c.grad(), .tensor(valuesShape))
    let flatIndices = b.reshape(indices, .tensor(count))
    let slices = IndexedSlices(values: values, indices: flatIndices, denseShape: paramsShape)
    return [.slices(slices), nil] + (c.inputs.count > 2 ? [nil] : [])
}
