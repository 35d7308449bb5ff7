import GraphCore
import GraphModel

/// Gradient rules for neural-network ops (spec §9.36–9.40).
let nnGradients: [([String], GradientRule)] = [
    // y = x + bias; dx = g, dbias = sum of g over all but the channel axis
    (["BiasAdd", "BiasAddV1"], .function { c in
        let g = c.grad()
        let format = c.attr("data_format") ?? .string("NHWC")
        let biasGrad = c.b.op("BiasAddGrad", [.tensor(g)], attrs: ["T": .type(c.dtype(g)), "data_format": format])
        return [.dense(g), .dense(biasGrad)]
    }),
    // second order: BiasAddGrad(g0) sums g0 down to the channels; d_g0 = g broadcast back
    // (reshaped to ones but the channel axis, tiled over the other axes)
    (["BiasAddGrad"], unaryRule { c in
        let b = c.b, g = c.grad()
        let shape = b.shapeOf(c.x)
        let biasShape = b.shapeOf(g)
        // Python's shape[:1], shape[2:] (NCHW) and shape[:-1] (NHWC), each its own slice.
        func leading() -> TensorRef { b.stridedSlice(shape, begin: [0], end: [1], strides: [1], beginMask: 1) }
        func trailing() -> TensorRef { b.stridedSlice(shape, begin: [2], end: [0], strides: [1], endMask: 1) }
        func allButLast() -> TensorRef { b.stridedSlice(shape, begin: [0], end: [-1], strides: [1], beginMask: 1) }
        let expandedShape: TensorRef, multiples: TensorRef
        if c.attr("data_format")?.stringValue == "NCHW" {
            let before = b.onesLike(leading())
            let after = b.onesLike(trailing())
            expandedShape = b.concat([.tensor(before), .tensor(biasShape), .tensor(after)], axis: .int(0, arg: "axis"))
            let outer = leading(), inner = trailing()
            multiples = b.concat([.tensor(outer), .intList([1], arg: "values_1", dtype: .int32), .tensor(inner)],
                                 axis: .int(0, arg: "axis"))
        } else {
            expandedShape = b.concat([.tensor(b.onesLike(allButLast())), .tensor(biasShape)], axis: .int(0, arg: "axis"))
            multiples = b.concat([.tensor(allButLast()), .intList([1], arg: "values_1", dtype: .int32)], axis: .int(0, arg: "axis"))
        }
        return b.tile(b.reshape(g, .tensor(expandedShape)), .tensor(multiples))
    }),
    // y = softmax(x); dx = (g - sum(g * y, -1)) * y
    (["Softmax"], unaryRule { c in
        let b = c.b, g = c.grad()
        let sum = b.reduce("Sum", b.binary("Mul", g, c.z, name: "mul"), .int(-1, arg: "reduction_indices"), keepDims: true)
        return b.binary("Mul", b.binary("Sub", g, sum, name: "sub"), c.z, name: "mul")
    }),
    // y = log_softmax(x); dx = g - sum(g, -1) * exp(y)
    (["LogSoftmax"], unaryRule { c in
        let b = c.b, g = c.grad()
        let e = b.unary("Exp", c.z)
        let sum = b.reduce("Sum", g, .int(-1, arg: "reduction_indices"), keepDims: true)
        return b.binary("Sub", g, b.binary("Mul", sum, e, name: "mul"), name: "sub")
    }),
    // (loss, backprop) = xent(logits, labels); dlogits = g0 * backprop (+ second-order term),
    // dlabels = g0 * -log_softmax(logits)
    (["SoftmaxCrossEntropyWithLogits"], .function { c in
        let logitsGrad = crossEntropyLogitsGradient(c)
        let b = c.b
        let negLog = b.unary("Neg", b.unary("LogSoftmax", c.x))
        let expanded = b.expandDims(c.grad(0), .int(-1, arg: "dim"))
        return [.dense(logitsGrad), .dense(b.binary("Mul", expanded, negLog, name: "mul"))]
    }),
    (["SparseSoftmaxCrossEntropyWithLogits"], .function { c in [.dense(crossEntropyLogitsGradient(c)), nil] }),
    // (values, indices) = top_k(x, k); dx = the values' gradient scattered to the chosen entries
    // of each row, dk = 0
    // y = fake_quant(x) (quantize and dequantize); TF's straight-through estimator: dx = g inside
    // the nudged range, and for min/max given as tensors the gradient outside it
    (["FakeQuantWithMinMaxArgs"], unaryRule { c in
        var attrs: AttrMap = [:]
        for key in ["min", "max", "num_bits", "narrow_range"] { if let v = c.attr(key) { attrs[key] = v } }
        return c.b.op("FakeQuantWithMinMaxArgsGradient", [.tensor(c.grad()), .tensor(c.x)], attrs: attrs)
    }),
    (["FakeQuantWithMinMaxVars"], .function { c in
        var attrs: AttrMap = [:]
        for key in ["num_bits", "narrow_range"] { if let v = c.attr(key) { attrs[key] = v } }
        let backprops = c.b.op("FakeQuantWithMinMaxVarsGradient", [.tensor(c.grad()), .tensor(c.x), .tensor(c.y), .tensor(c.inputs[2])],
                               attrs: attrs)
        return (0..<3).map { .dense(backprops.withOutput($0)) }
    }),
    // (TopK, v1, left GraphDefs at version 7 and TF 2.21 cannot build it to compare against.)
    (["TopKV2"], .function(topKGradient)),
]

/// TF's `_TopKGrad`: the indices, offset by each row's start in the flattened input (in int64),
/// address a ScatterNd of the flattened gradient.
private func topKGradient(_ c: RuleContext) -> [Gradient?] {
    let b = c.b
    let inShape = b.shapeOf(c.x), indices = c.output(1)
    let indicesShape = b.shapeOf(indices)
    func lastDim(_ shape: TensorRef) -> TensorRef {
        let wide = b.cast(shape, to: .int64)
        let last = b.binary("Sub", .tensor(b.sizeOf(shape)), .int(1, arg: "y"), name: "sub")
        return b.gather(wide, last, axis: .int(0, arg: "axis"))
    }
    let indicesLast = lastDim(indicesShape)
    let rows = b.reshape(indices, .tensor(b.pack([.literal(.scalar(-1, dtype: .int64), arg: "0"), .tensor(indicesLast)], name: "stack")))
    let inLast = lastDim(inShape)
    let rowCount = b.stridedSlice(b.shapeOf(rows), begin: [0], end: [1], strides: [1], shrinkAxisMask: 1)
    let limit = b.binary("Mul", b.cast(rowCount, to: .int64), inLast, name: "mul")
    // range(0, limit, delta): the int literal start is cast to the int64 of its limit.
    let rangeName = b.uniqueName("range")
    let start = b.withExactScope(rangeName) {
        b.cast(b.constant(.scalar(0, dtype: .int32), exactName: b.names.unique(rangeName + "/start")), to: .int64)
    }
    let rowStarts = b.add(name: rangeName, op: "Range", inputs: [start, limit, inLast], attrs: ["Tidx": .type(.int64)])
    let offsets = b.cast(b.expandDims(rowStarts, .int(-1, arg: "dim")), to: .int32)
    let flatIndices = b.reshape(b.binary("AddV2", rows, offsets, name: "add"), .ints([-1], arg: "shape"))
    let scatterIndices = b.expandDims(flatIndices, .int(-1, arg: "dim"))
    let flatGrad = b.reshape(c.grad(), .ints([-1], arg: "shape"))
    let count = b.reduce("Prod", inShape, .tensor(b.constant(.vector([0]))), keepDims: false)
    let scattered = b.op("ScatterNd", [.tensor(scatterIndices), .tensor(flatGrad), .packed([count], arg: "shape")],
                         attrs: ["T": .type(c.dtype(c.x)), "Tindices": .type(.int32), "bad_indices_policy": .string("")])
    let dx = b.reshape(scattered, .tensor(inShape))
    return [.dense(dx), .dense(b.constant(.scalar(0, dtype: .int32), name: "zeros"))]
}

/// The logits part shared by both cross-entropy ops (spec §9.39).
func crossEntropyLogitsGradient(_ c: RuleContext) -> TensorRef {
    let b = c.b
    let backprop = c.output(1)
    let g0 = c.grad(0)
    let scaled = b.binary("Mul", b.expandDims(g0, .int(-1, arg: "dim")), backprop, name: "mul")
    guard case .dense(let g1)? = c.grads[1], !c.knownZeros.contains(g1) else { return scaled }
    let softmax = b.unary("Softmax", c.x)
    let lhs = b.expandDims(g1, .int(1, arg: "dim"))
    let rhs = b.expandDims(softmax, .int(2, arg: "dim"))
    let product = b.batchMatMul(lhs, rhs, adjX: false, adjY: false, gradX: false, gradY: false)
    let squeezed = b.squeeze(product, axes: [1])
    let second = b.binary("Mul", b.binary("Sub", g1, squeezed, name: "sub"), softmax, name: "mul")
    return b.binary("AddV2", scaled, second, name: "add")
}
