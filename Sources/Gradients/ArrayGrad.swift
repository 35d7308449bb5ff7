import GraphCore
import GraphModel

/// Gradient rules for shape manipulation, slicing, joining and gathering (spec §9.24–9.35).
let arrayGradients: [([String], GradientRule)] = [
    (["Shape", "ShapeN", "Rank", "Size", "ZerosLike", "OnesLike", "Range", "BroadcastGradientArgs", "ConcatOffset",
      "InvertPermutation", "OneHot", "Fill_int", "Where", "Unique", "Const", "Placeholder", "ArgMax", "ArgMin",
      "Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalNot",
      "Floor", "Ceil", "Round", "FloorDiv", "TruncateDiv", "IsFinite", "IsNan", "IsInf", "RandomUniform",
      "RandomStandardNormal", "TruncatedNormal", "Bucketize", "DynamicStitch_nd"], .notDifferentiable),
    // y = reshape(x, s); dx = reshape(g, shape(x))
    (["Reshape"], .function { c in
        let b = c.b, g = c.grad(), s = c.shape(c.x)
        if let dims = s.dims, !s.isFullyDefined, dims.filter({ $0 < 0 }).count == 1, !dims.contains(0) {
            return [.dense(b.reshape(g, .ints(dims.map { $0 < 0 ? -1 : $0 }, arg: "shape"))), nil]
        }
        return [.dense(b.reshape(g, .tensor(b.shapeOf(c.x)))), nil]
    }),
    // y = expand_dims(x) / squeeze(x); dx = reshape(g, shape(x))
    (["ExpandDims"], .function { c in [.dense(c.b.reshape(c.grad(), .tensor(c.b.shapeOf(c.x)))), nil] }),
    (["Squeeze"], unaryRule { c in c.b.reshape(c.grad(), .tensor(c.b.shapeOf(c.x))) }),
    // y = cumsum(x, axis); dx = the cumulative sum of g the other way along the axis
    (["Cumsum"], .function { c in
        let dx = c.b.op("Cumsum", [.tensor(c.grad()), .tensor(c.y)],
                        attrs: ["T": .type(c.dtype(c.x)), "Tidx": .type(c.dtype(c.y)),
                                "exclusive": .bool(c.bool("exclusive")), "reverse": .bool(!c.bool("reverse"))])
        return [.dense(dx), nil]
    }),
    // y = cumprod(x, axis); dx = cumsum(y * g) the other way along the axis, divided by x (0 where x = 0)
    (["Cumprod"], .function { c in
        let b = c.b
        let scanAttrs: (Bool) -> AttrMap = { reverse in
            ["T": .type(c.dtype(c.x)), "Tidx": .type(c.dtype(c.y)), "exclusive": .bool(c.bool("exclusive")), "reverse": .bool(reverse)]
        }
        let product = b.op("Cumprod", [.tensor(c.x), .tensor(c.y)], attrs: scanAttrs(c.bool("reverse")))
        let summed = b.op("Cumsum", [.tensor(b.binary("Mul", product, c.grad(), name: "mul")), .tensor(c.y)], attrs: scanAttrs(!c.bool("reverse")))
        return [.dense(b.binary("DivNoNan", summed, c.x, name: "div_no_nan")), nil]
    }),
    // y = the band of each matrix (num_lower below, num_upper above the diagonal); dx = the band of g
    (["MatrixBandPart"], .function { c in
        let dx = c.b.op("MatrixBandPart", [.tensor(c.grad()), .tensor(c.y), .tensor(c.inputs[2])],
                        attrs: ["T": .type(c.dtype(c.x)), "Tindex": .type(c.dtype(c.y))])
        return [.dense(dx), nil, nil]
    }),
    // y = reverse(x, axes); dx = reverse(g, axes)
    (["ReverseV2"], .function { c in
        [.dense(c.b.op("ReverseV2", [.tensor(c.grad()), .tensor(c.y)], attrs: ["T": .type(c.dtype(c.x)), "Tidx": .type(c.dtype(c.y))])), nil]
    }),
    // y = depth_to_space(x) / space_to_depth(x); dx = the inverse rearrangement of g
    (["DepthToSpace"], unaryRule { c in spaceDepthRearrangement(c, "SpaceToDepth") }),
    (["SpaceToDepth"], unaryRule { c in spaceDepthRearrangement(c, "DepthToSpace") }),
    // y = x (printing data on the way); dx = g, the printed data get None
    (["Print"], .function { c in [c.grads[0]] + Array(repeating: nil, count: c.inputs.count - 1) }),
    // y = x (failing on NaN or Inf); dx = g, checked the same way
    (["CheckNumerics"], unaryRule { c in
        // TF formats the message attribute's bytes with Python's %s: b'...'.
        let message = "Not a number (NaN) or infinity (Inf) values detected in gradient. "
            + PythonBytes.repr(c.attr("message")?.stringBytes ?? [])
        return c.b.op("CheckNumerics", [.tensor(c.grad())], attrs: ["T": .type(c.dtype(c.x)), "message": .string(message)])
    }),
    // y = transpose(x, p); dx = transpose(g, inverse(p))
    (["Transpose"], .function { c in
        let inverse = c.b.op("InvertPermutation", [.tensor(c.y)], attrs: ["T": .type(c.dtype(c.y))])
        return [.dense(c.b.transpose(c.gradInput(arg: "x"), .tensor(inverse))), nil]
    }),
    // y = tile(x, m); dx = sum of g over the tiled copies
    // (Sparse rows are first folded onto the input's rows: index mod rows.)
    (["Tile"], .function { c in
        let b = c.b
        let multiplesType = c.dtype(c.y)
        let shape = b.shapeOf(c.x, outType: multiplesType)
        let stacked = b.pack([.tensor(c.y), .tensor(shape)])
        let pairs = b.transpose(stacked, .ints([1, 0], arg: "perm"))
        var splitShape = b.reshape(pairs, .ints([-1], arg: "shape"))
        let size = b.sizeOf(splitShape)
        let axes = b.range(.int(0, arg: "start"), .tensor(size), .int(2, arg: "delta"))
        let g: TensorRef
        if case .slices(let s)? = c.grads[0] {
            var rows = b.stridedSlice(shape, begin: [0], end: [1], strides: [1], shrinkAxisMask: 1)
            if b.dtype(rows) != b.dtype(s.indices) { rows = b.cast(rows, to: b.dtype(s.indices)) }
            g = b.unsortedSegmentSum(s.values, b.binary("FloorMod", s.indices, rows, name: "mod"), rows)
            let tail = b.stridedSlice(splitShape, begin: [1], end: [0], strides: [1], endMask: 1)
            splitShape = b.concat([.ints([1], arg: "values"), .tensor(tail)], axis: .int(0, arg: "axis"))
        } else {
            g = c.grad()
        }
        let reshaped = b.reshape(g, .tensor(splitShape))
        return [.dense(b.reduce("Sum", reshaped, .tensor(axes), keepDims: false)), nil]
    }),
    (["ConcatV2"], .function(concatGradient)),
    // y = stack(xs, axis); dxi = unstack(g)[i]
    (["Pack"], .function { c in
        let axis = Int(c.attr("axis")?.intValue ?? 0)
        return c.b.unpack(c.grad(), count: c.inputs.count, axis: axis).map(Gradient.dense)
    }),
    // ys = unstack(x, axis); dx = stack(gs)
    (["Unpack"], .function { c in
        let axis = Int(c.attr("axis")?.intValue ?? 0)
        let gs = c.grads.indices.map { OpInput.tensor(c.grad($0)) }
        return [.dense(c.b.pack(gs, axis: axis))]
    }),
    // ys = split(axis, x); dx = concat(gs, axis)
    (["Split"], .function { c in
        let gs = c.grads.indices.map { OpInput.tensor(c.grad($0)) }
        return [nil, .dense(c.b.concat(gs, axis: .tensor(c.x)))]
    }),
    (["SplitV"], .function { c in
        let gs = c.grads.indices.map { OpInput.tensor(c.grad($0)) }
        return [.dense(c.b.concat(gs, axis: .tensor(c.inputs[2]))), nil, nil]
    }),
    // y = fill(dims, v); dv = sum(g)
    (["Fill"], .function { c in
        let g = c.grad()
        return [nil, .dense(c.b.reduce("Sum", g, .tensor(c.b.reductionDims(g)), keepDims: false))]
    }),
    (["Slice"], .function(sliceGradient)),
    (["StridedSlice"], .function(stridedSliceGradient)),
    (["Pad", "PadV2"], .function(padGradient)),
    (["GatherV2", "Gather"], .function(gatherGradient)),
    // y = where(c, x1, x2) (same shapes); dx1 = g where c, dx2 = g elsewhere
    (["Select"], .function { c in
        let b = c.b, g = c.grad()
        let zeros = b.zerosLike(c.y)
        let attrs: AttrMap = ["T": .type(c.dtype(g))]
        let gx = b.op("Select", [.tensor(c.x), .tensor(g), .tensor(zeros)], attrs: attrs)
        let gy = b.op("Select", [.tensor(c.x), .tensor(zeros), .tensor(g)], attrs: attrs)
        return [nil, .dense(gx), .dense(gy)]
    }),
    // y = where(c, x1, x2) with broadcasting; each branch reduced to its input's shape
    (["SelectV2"], .function { c in
        let b = c.b, g = c.grad()
        let zeros = b.constant(.scalar(0, dtype: c.dtype(g)), name: "zeros")
        let attrs: AttrMap = ["T": .type(c.dtype(g))]
        let gx = b.op("SelectV2", [.tensor(c.x), .tensor(g), .tensor(zeros)], attrs: attrs)
        let gy = b.op("SelectV2", [.tensor(c.x), .tensor(zeros), .tensor(g)], attrs: attrs)
        let rx = b.broadcastReduce(c.y, c.z, gx, nil).0
        let ry = b.broadcastReduce(c.inputs[2], c.z, gy, nil).0
        return [nil, rx.map(Gradient.dense), ry.map(Gradient.dense)]
    }),
    // y = broadcast_to(x, s); dx = g summed over the broadcast axes
    (["BroadcastTo"], .function { c in
        let b = c.b, g = c.grad()
        let inShape = b.shapeOf(c.x, outType: c.dtype(c.y))
        let args = b.broadcastGradientArgs(inShape, c.y)
        let summed = b.reduce("Sum", g, .tensor(args.withOutput(0)), keepDims: true)
        return [.dense(b.reshape(summed, .tensor(inShape))), nil]
    }),
]

/// DepthToSpace and SpaceToDepth undo each other; the gradient is `inverse` applied to g.
private func spaceDepthRearrangement(_ c: RuleContext, _ inverse: String) -> TensorRef {
    c.b.op(inverse, [.tensor(c.grad())], attrs: ["T": .type(c.dtype(c.x)), "block_size": c.attr("block_size") ?? .int(2),
                                                  "data_format": c.attr("data_format") ?? .string("NHWC")])
}
