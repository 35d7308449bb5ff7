import GraphCore
import GraphModel

// y = sum(x, axes); dx = g broadcast back over the reduced axes.
func sumGradient(_ c: RuleContext) -> TensorRef {
    // Sparse rows are densified where TF's rule first uses them (Reshape/tensor, BroadcastTo/input).
    let b = c.b, g = c.incoming(), x = c.x
    let s = c.shape(x)
    let axes = b.constantValue(c.y)
    if let rank = s.rank, let a = axes, a.shape.count == 1, a.ints == Array(0..<rank) {
        let reshaped = b.reshape(.gradient(g, arg: "tensor"), .intList(Array(repeating: 1, count: rank), arg: "shape", dtype: .int32))
        let multiples: TensorRef
        if s.isFullyDefined, let dims = s.dims {
            multiples = b.constant(.vector(dims))
        } else {
            multiples = b.op("Shape", [.tensor(x)], attrs: ["T": .type(c.dtype(x)), "out_type": .type(.int32)])
        }
        return b.tile(reshaped, .tensor(multiples))
    }
    if s.isFullyDefined, let dims = s.dims, let a = axes {
        var kept = dims
        for axis in a.ints { kept[axis < 0 ? axis + dims.count : axis] = 1 }
        let multiples = zip(dims, kept).map { $0 / max($1, 1) }
        if b.sumCacheKeys.insert(GraphBuilder.SumCacheKey(shape: dims, axes: a.ints)).inserted {
            let maximum = b.binary("Maximum", .ints(kept, arg: "x"), .int(1, arg: "y"))
            _ = b.binary("FloorDiv", .ints(dims, arg: "x"), .tensor(maximum), name: "floordiv")
        }
        let reshaped = b.reshape(.gradient(g, arg: "tensor"), .ints(kept, arg: "shape"))
        return b.tile(reshaped, .ints(multiples, arg: "multiples"))
    }
    let shape = b.shapeOf(x)
    var reshaped = OpInput.gradient(g, arg: "input")
    if !c.bool("keep_dims") {
        let target = b.colocated(with: shape.node) { b.reducedShape(shape, c.y) }
        reshaped = .tensor(b.reshape(.gradient(g, arg: "tensor"), target))
    }
    return b.op("BroadcastTo", [reshaped, .tensor(shape)], attrs: ["T": .type(b.dtype(of: reshaped)), "Tidx": .type(.int32)])
}

// y = mean(x, axes); dx = sum-gradient / (number of elements averaged).
let meanGradient: GradientFunction = { c in
    let b = c.b
    let sg = sumGradient(c)
    let gType = c.dtype(sg)
    let inShape = c.shape(c.x), outShape = c.shape(c.z)
    if let inCount = inShape.elementCount, let outCount = outShape.elementCount {
        let factor = b.constant(.scalar(Double(inCount / max(outCount, 1)), dtype: gType))
        return [.dense(b.binary("RealDiv", sg, factor, name: "truediv")), nil]
    }
    let shape = b.shapeOf(c.x)
    let size = b.sizeOf(shape)
    var axes = c.y
    if c.dtype(axes) != .int32 { axes = b.cast(axes, to: .int32) }
    let mod = b.binary("FloorMod", b.binary("AddV2", axes, size, name: "add"), size, name: "mod")
    let counts = b.gather(shape, mod, axis: .int(0, arg: "axis"))
    let dims = b.reductionDims(counts)
    let count = b.reduce("Prod", counts, .tensor(dims), keepDims: false)
    return [.dense(b.binary("RealDiv", sg, b.cast(count, to: gType), name: "truediv")), nil]
}

// y = max(x, axes); dx = g spread evenly over the elements equal to the maximum.
// (Sparse rows are densified where TF first uses them: Reshape_1/tensor, or mul/y.)
let maxMinGradient: GradientFunction = { c in
    let b = c.b, g = c.incoming(), x = c.x, z = c.z
    let shape = b.shapeOf(x)
    let kept: OpInput
    let zKept: TensorRef, gKept: OpInput
    if c.bool("keep_dims") {
        kept = .tensor(b.shapeOf(z))
        zKept = z
        gKept = .gradient(g, arg: "y")
    } else {
        kept = b.reducedShape(shape, c.y)
        zKept = b.reshape(z, kept)
        gKept = .tensor(b.reshape(.gradient(g, arg: "tensor"), kept))
    }
    let equal = b.op("Equal", [.tensor(zKept), .tensor(x)], attrs: ["T": .type(c.dtype(x)), "incompatible_shape_error": .bool(true)])
    let indicators = b.cast(equal, to: c.dtype(g.primary))
    let count = b.reshape(b.reduce("Sum", indicators, .tensor(c.y), keepDims: false), kept)
    let share = b.binary("RealDiv", indicators, count, name: "truediv")
    return [.dense(b.binary("Mul", .tensor(share), gKept, name: "mul")), nil]
}
