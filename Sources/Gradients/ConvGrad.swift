import GraphCore
import GraphModel

/// Gradient rules for convolution, pooling, normalization and resizing (spec §9.43–9.46,
/// issue #6). Forward attributes are copied to the gradient kernels; OpDef defaults fill
/// any the forward node lacks.
let convGradients: [([String], GradientRule)] = [
    // y = conv2d(x, f); dx = conv2d_backprop_input(shape(x), f, g), df = conv2d_backprop_filter(x, shape(f), g)
    (["Conv2D"], .function { c in
        let b = c.b, g = c.grad()
        let shapes = b.shapeN([c.x, c.y])
        let attrs = convAttrs(c, cudnn: true)
        let dx = b.op("Conv2DBackpropInput", [.tensor(shapes[0]), .tensor(c.y), .tensor(g)], attrs: attrs)
        let df = b.op("Conv2DBackpropFilter", [.tensor(c.x), .tensor(shapes[1]), .tensor(g)], attrs: attrs)
        return [.dense(dx), .dense(df)]
    }),
    // y = depthwise_conv2d(x, f); the depthwise backprop kernels, shapes from SHAPE()
    (["DepthwiseConv2dNative"], .function { c in
        let b = c.b, g = c.grad()
        let attrs = convAttrs(c, cudnn: false)
        let dx = b.op("DepthwiseConv2dNativeBackpropInput", [.tensor(b.shapeOf(c.x)), .tensor(c.y), .tensor(g)], attrs: attrs)
        let df = b.op("DepthwiseConv2dNativeBackpropFilter", [.tensor(c.x), .tensor(b.shapeOf(c.y)), .tensor(g)], attrs: attrs)
        return [.dense(dx), .dense(df)]
    }),
    // y = conv2d_transpose(sizes, f, v) (Conv2DBackpropInput as a forward op);
    // df = conv2d_backprop_filter(g, shape(f), v), dv = conv2d(g, f)
    (["Conv2DBackpropInput"], .function { c in
        let b = c.b, g = c.grad(), filter = c.inputs[1], value = c.inputs[2]
        let attrs = convAttrs(c, cudnn: true)
        let df = b.op("Conv2DBackpropFilter", [.tensor(g), .tensor(b.shapeOf(filter)), .tensor(value)], attrs: attrs)
        let dv = b.op("Conv2D", [.tensor(g), .tensor(filter)], attrs: attrs)
        return [nil, .dense(df), .dense(dv)]
    }),
    // y = conv2d_backprop_filter(x, sizes, v); dx = conv2d_backprop_input(shape(x), g, v), dv = conv2d(x, g)
    (["Conv2DBackpropFilter"], .function { c in
        let b = c.b, g = c.grad(), value = c.inputs[2]
        let attrs = convAttrs(c, cudnn: true)
        let dx = b.op("Conv2DBackpropInput", [.tensor(b.shapeOf(c.x)), .tensor(g), .tensor(value)], attrs: attrs)
        let dv = b.op("Conv2D", [.tensor(c.x), .tensor(g)], attrs: attrs)
        return [.dense(dx), nil, .dense(dv)]
    }),
    // second order of the depthwise kernels, mirroring the Conv2D backprop pair
    (["DepthwiseConv2dNativeBackpropInput"], .function { c in
        let b = c.b, g = c.grad(), filter = c.inputs[1], value = c.inputs[2]
        let attrs = convAttrs(c, cudnn: false)
        let df = b.op("DepthwiseConv2dNativeBackpropFilter", [.tensor(g), .tensor(b.shapeOf(filter)), .tensor(value)], attrs: attrs)
        let dv = b.op("DepthwiseConv2dNative", [.tensor(g), .tensor(filter)], attrs: attrs)
        return [nil, .dense(df), .dense(dv)]
    }),
    (["DepthwiseConv2dNativeBackpropFilter"], .function { c in
        let b = c.b, g = c.grad(), value = c.inputs[2]
        let attrs = convAttrs(c, cudnn: false)
        let dx = b.op("DepthwiseConv2dNativeBackpropInput", [.tensor(b.shapeOf(c.x)), .tensor(g), .tensor(value)], attrs: attrs)
        let dv = b.op("DepthwiseConv2dNative", [.tensor(c.x), .tensor(g)], attrs: attrs)
        return [.dense(dx), nil, .dense(dv)]
    }),
    // y = space_to_batch_nd(x, block, pad); dx = batch_to_space_nd(g, block, pad)
    (["SpaceToBatchND"], .function { c in
        let dx = c.b.op("BatchToSpaceND", [.tensor(c.grad()), .tensor(c.inputs[1]), .tensor(c.inputs[2])],
                        attrs: ["T": .type(c.dtype(c.x)), "Tblock_shape": .type(c.dtype(c.inputs[1])), "Tcrops": .type(c.dtype(c.inputs[2]))])
        return [.dense(dx), nil, nil]
    }),
    // y = batch_to_space_nd(x, block, crops); dx = space_to_batch_nd(g, block, crops)
    (["BatchToSpaceND"], .function { c in
        let dx = c.b.op("SpaceToBatchND", [.tensor(c.grad()), .tensor(c.inputs[1]), .tensor(c.inputs[2])],
                        attrs: ["T": .type(c.dtype(c.x)), "Tblock_shape": .type(c.dtype(c.inputs[1])), "Tpaddings": .type(c.dtype(c.inputs[2]))])
        return [.dense(dx), nil, nil]
    }),
    // y = max_pool(x); dx = g routed to each window's maximum (ties: first in the window)
    (["MaxPool"], unaryRule { c in
        c.b.op("MaxPoolGrad", [.tensor(c.x), .tensor(c.z), .tensor(c.grad())],
               attrs: poolAttrs(c, explicitPaddings: true))
    }),
    (["MaxPoolV2"], .function { c in
        let attrs: AttrMap = ["T": .type(c.dtype(c.x)), "padding": c.attr("padding") ?? .string("VALID"),
                                          "data_format": c.attr("data_format") ?? .string("NHWC")]
        let dx = c.b.op("MaxPoolGradV2", [.tensor(c.x), .tensor(c.z), .tensor(c.grad()), .tensor(c.inputs[1]), .tensor(c.inputs[2])], attrs: attrs)
        return [.dense(dx), nil, nil]
    }),
    // y = avg_pool(x); dx = g spread evenly over each window
    (["AvgPool"], unaryRule { c in
        let shape = c.b.shapeOf(c.x)
        return c.b.op("AvgPoolGrad", [.tensor(shape), .tensor(c.grad())], attrs: poolAttrs(c, explicitPaddings: false))
    }),
    // second order: MaxPoolGrad(x, y, g0) is piecewise linear in g0 and constant in x, y
    (["MaxPoolGrad"], .function { c in
        let b = c.b
        let zx = b.zerosLike(c.x), zy = b.zerosLike(c.y)
        let dg = b.op("MaxPoolGradGrad", [.tensor(c.x), .tensor(c.y), .tensor(c.grad())], attrs: poolAttrs(c, explicitPaddings: false))
        return [.dense(zx), .dense(zy), .dense(dg)]
    }),
    // second order: AvgPoolGrad(shape, g0) is linear in g0: d_g0 = avg_pool(g)
    (["AvgPoolGrad"], .function { c in
        let b = c.b
        let stopped = b.unary("StopGradient", c.x)
        let dg = b.op("AvgPool", [.tensor(c.grad())], attrs: poolAttrs(c, explicitPaddings: false))
        return [.dense(stopped), .dense(dg)]
    }),
    // second order: MaxPoolGradV2 as MaxPoolGrad, with ksize and strides as inputs
    (["MaxPoolGradV2"], .function { c in
        let b = c.b
        let zx = b.zerosLike(c.x), zy = b.zerosLike(c.y)
        let dg = b.op("MaxPoolGradGradV2", [.tensor(c.x), .tensor(c.y), .tensor(c.grad()), .tensor(c.inputs[3]), .tensor(c.inputs[4])],
                      attrs: ["T": .type(c.dtype(c.grad())), "padding": c.attr("padding") ?? .string("VALID"),
                              "data_format": c.attr("data_format") ?? .string("NHWC")])
        return [.dense(zx), .dense(zy), .dense(dg), nil, nil]
    }),
    // third order: MaxPoolGradGrad(x, y, g0) is linear in g0: d_g0 = MaxPoolGrad(x, y, g)
    (["MaxPoolGradGrad"], .function { c in
        let b = c.b
        let zx = b.zerosLike(c.x), zy = b.zerosLike(c.y)
        let dg = b.op("MaxPoolGrad", [.tensor(c.x), .tensor(c.y), .tensor(c.grad())], attrs: poolAttrs(c, explicitPaddings: true))
        return [.dense(zx), .dense(zy), .dense(dg)]
    }),
    (["FusedBatchNorm"], .function { (c) throws(GradientError) in try fusedBatchNormGradient(c, version: 1) }),
    (["FusedBatchNormV2"], .function { (c) throws(GradientError) in try fusedBatchNormGradient(c, version: 2) }),
    (["FusedBatchNormV3"], .function { (c) throws(GradientError) in try fusedBatchNormGradient(c, version: 3) }),
    // y = leaky_relu(x); dx = g where x > 0 else alpha * g
    (["LeakyRelu"], unaryRule { c in
        c.b.op("LeakyReluGrad", [.tensor(c.grad()), .tensor(c.x)], attrs: ["T": .type(c.dtype(c.x)), "alpha": c.attr("alpha") ?? .float(0.2)])
    }),
    // y = mirror_pad(x, p); dx = g with the mirrored borders folded back in
    (["MirrorPad"], .function { c in
        let dx = c.b.op("MirrorPadGrad", [.tensor(c.grad()), .tensor(c.y)],
                        attrs: ["T": .type(c.dtype(c.x)), "Tpaddings": .type(c.dtype(c.y)), "mode": c.attr("mode") ?? .string("REFLECT")])
        return [.dense(dx), nil]
    }),
    // second order: MirrorPadGrad folds the borders back; d_g0 = mirror_pad(g)
    (["MirrorPadGrad"], .function { c in
        let dg = c.b.op("MirrorPad", [.tensor(c.grad()), .tensor(c.y)],
                        attrs: ["T": .type(c.dtype(c.x)), "Tpaddings": .type(c.dtype(c.y)), "mode": c.attr("mode") ?? .string("REFLECT")])
        return [.dense(dg), nil]
    }),
    // y = crop_and_resize(image, boxes, box_ind, size); dimage = the samples' gradient spread back
    // over their taps (float images only), dboxes = how each sample moves with its box
    (["CropAndResize"], .function { c in
        let b = c.b, g = c.grad(), image = c.x
        let imageDType = c.dtype(image)
        var dimage: Gradient? = nil
        if [.float16, .float32, .float64].contains(imageDType) {
            let name = b.uniqueName("CropAndResizeGradImage")
            let size: TensorRef
            if let dims = c.shape(image).dims, c.shape(image).isFullyDefined {
                size = b.constant(.vector(dims), exactName: b.names.unique(name + "/image_size"))
            } else {
                size = b.shapeOf(image)
            }
            dimage = .dense(b.add(name: name, op: "CropAndResizeGradImage", inputs: [g, c.y, c.inputs[2], size],
                                  attrs: ["T": .type(imageDType), "method": c.attr("method") ?? .string("bilinear")]))
        }
        let dboxes = b.op("CropAndResizeGradBoxes", [.tensor(g), .tensor(image), .tensor(c.y), .tensor(c.inputs[2])],
                          attrs: ["T": .type(imageDType), "method": .string("bilinear")])
        return [dimage, .dense(dboxes), nil, nil]
    }),
    // y = resize_bilinear(x, size); dx = the transpose of the interpolation applied to g
    (["ResizeBilinear"], .function { c in
        let dx = c.b.op("ResizeBilinearGrad", [.tensor(c.grad()), .tensor(c.x)], attrs: resizeAttrs(c))
        return [.dense(dx), nil]
    }),
    // y = resize_nearest(x, size); dx = g summed into the source pixels
    (["ResizeNearestNeighbor"], .function { c in
        let b = c.b, g = c.grad()
        let opName = b.uniqueName("ResizeNearestNeighborGrad")
        let size: TensorRef
        if let dims = c.shape(c.x).dims, dims.count == 4, dims[1] >= 0, dims[2] >= 0 {
            size = b.constant(.vector([dims[1], dims[2]]), exactName: b.names.unique(opName + "/size"))
        } else {
            size = b.stridedSlice(b.shapeOf(c.x), begin: [1], end: [3], strides: [1])
        }
        return [.dense(b.add(name: opName, op: "ResizeNearestNeighborGrad", inputs: [g, size], attrs: resizeAttrs(c))), nil]
    }),
    // y = lrn(x); dx = LRNGrad(g, x, y)
    (["LRN"], unaryRule { c in
        var attrs: AttrMap = ["T": .type(c.dtype(c.x))]
        let defaults: AttrMap = ["depth_radius": .int(5), "bias": .float(1), "alpha": .float(1), "beta": .float(0.5)]
        for (key, value) in defaults { attrs[key] = c.attr(key) ?? value }
        return c.b.op("LRNGrad", [.tensor(c.grad()), .tensor(c.x), .tensor(c.z)], attrs: attrs)
    }),
]

func convAttrs(_ c: RuleContext, cudnn: Bool) -> AttrMap {
    var attrs: AttrMap = [
        "T": .type(c.dtype(c.grad())),
        "data_format": c.attr("data_format") ?? .string("NHWC"),
        "dilations": c.attr("dilations") ?? .ints([1, 1, 1, 1]),
        "explicit_paddings": c.attr("explicit_paddings") ?? .ints([]),
        "padding": c.attr("padding") ?? .string("VALID"),
        "strides": c.attr("strides") ?? .ints([1, 1, 1, 1]),
    ]
    if cudnn { attrs["use_cudnn_on_gpu"] = c.attr("use_cudnn_on_gpu") ?? .bool(true) }
    return attrs
}

func poolAttrs(_ c: RuleContext, explicitPaddings: Bool) -> AttrMap {
    var attrs: AttrMap = [
        "T": .type(c.dtype(c.grad())),
        "data_format": c.attr("data_format") ?? .string("NHWC"),
        "ksize": c.attr("ksize") ?? .ints([1, 1, 1, 1]),
        "padding": c.attr("padding") ?? .string("VALID"),
        "strides": c.attr("strides") ?? .ints([1, 1, 1, 1]),
    ]
    if explicitPaddings { attrs["explicit_paddings"] = c.attr("explicit_paddings") ?? .ints([]) }
    return attrs
}

func resizeAttrs(_ c: RuleContext) -> AttrMap {
    ["T": .type(c.dtype(c.x)), "align_corners": c.attr("align_corners") ?? .bool(false),
     "half_pixel_centers": c.attr("half_pixel_centers") ?? .bool(false)]
}

// (y, mean, var, r1, r2[, r3]) = fused_batch_norm(x, scale, offset, mean, var);
// dx, dscale, doffset from FusedBatchNormGrad*; the statistics inputs get None.
// In inference mode with NCHW data TF transposes to NHWC around the grad kernel.
func fusedBatchNormGradient(_ c: RuleContext, version: Int) throws(GradientError) -> [Gradient?] {
    let b = c.b
    let g = c.grad(0)
    let training = c.attr("is_training")?.boolValue ?? true
    let format = c.attr("data_format")?.stringValue ?? "NHWC"
    let gradOp = ["FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3"][version - 1]
    var attrs: AttrMap = [
        "T": .type(c.dtype(g)), "epsilon": c.attr("epsilon") ?? .float(0.0001),
        "data_format": .string(format), "is_training": .bool(training),
    ]
    if version >= 2 { attrs["U"] = c.attr("U") ?? .type(.float32) }
    var x = c.x, dy = g
    var inputs: [TensorRef]
    if training {
        inputs = [dy, x, c.inputs[1], c.output(3), c.output(4)]
    } else {
        if format == "NCHW" {
            x = b.transpose(x, .ints([0, 2, 3, 1], arg: "perm"))
            dy = b.transpose(g, .ints([0, 2, 3, 1], arg: "perm"))
            attrs["data_format"] = .string("NHWC")
        } else if format != "NHWC" {
            throw .unsupported(node: c.name, op: c.op, reason: "inference-mode gradient for data_format \(format)")
        }
        inputs = [dy, x, c.inputs[1], c.inputs[3], c.inputs[4]]
    }
    if version == 3 { inputs.append(c.output(5)) }
    let grad = b.op(gradOp, inputs.map { .tensor($0) }, attrs: attrs)
    var dx = grad
    if !training && format == "NCHW" { dx = b.transpose(grad, .ints([0, 3, 1, 2], arg: "perm")) }
    return [.dense(dx), .dense(grad.withOutput(1)), .dense(grad.withOutput(2)), nil, nil]
}
