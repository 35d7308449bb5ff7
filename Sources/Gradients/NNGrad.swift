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
]

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
