import GraphModel

/// Shapes of convolution, pooling, normalization and resize ops (NHWC or NCHW).
extension ShapeFunctions {
    static let convShapes: [([String], ShapeFunction)] = [
        (["Conv2D"], { c in
            c.one(c.dtype(attr: "T"), convolution(c, input: c.shape(0), filterDims: c.shape(1).dims, channelsFromFilter: { $0[3] }))
        }),
        (["DepthwiseConv2dNative"], { c in
            c.one(c.dtype(attr: "T"), convolution(c, input: c.shape(0), filterDims: c.shape(1).dims, channelsFromFilter: { $0[2] < 0 || $0[3] < 0 ? -1 : $0[2] * $0[3] }))
        }),
        (["MaxPool", "AvgPool"], { c in
            c.one(c.dtype(attr: "T"), pooling(c, input: c.shape(0), ksize: c.ints("ksize"), strides: c.ints("strides")))
        }),
        (["MaxPoolV2"], { c in
            c.one(c.dtype(attr: "T"), pooling(c, input: c.shape(0), ksize: c.value(1)?.ints, strides: c.value(2)?.ints))
        }),
        (["Conv2DBackpropInput", "DepthwiseConv2dNativeBackpropInput", "AvgPoolGrad"], { c in
            c.one(c.dtype(attr: "T"), c.shapeFromTensor(0))
        }),
        (["Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropFilter"], { c in c.one(c.dtype(attr: "T"), c.shapeFromTensor(1)) }),
        (["MaxPoolGrad", "MaxPoolGradV2", "LRN", "LRNGrad", "ResizeBilinearGrad"], { c in
            c.one(c.dtype(attr: "T"), c.op == "ResizeBilinearGrad" ? c.shape(1) : c.shape(0))
        }),
        (["MaxPoolGradGrad", "MaxPoolGradGradV2"], { c in c.one(c.dtype(attr: "T"), c.shape(1)) }),
        // float32 crops [boxes, crop_h, crop_w, depth]
        (["CropAndResize"], { c in
            let boxes = c.shape(1).dims?.first ?? -1
            let size = c.shapeFromTensor(3).dims ?? [-1, -1]
            let depth = c.shape(0).dims.map { $0.count == 4 ? $0[3] : -1 } ?? -1
            return c.one(.float32, StaticShape([boxes] + (size.count == 2 ? size : [-1, -1]) + [depth]))
        }),
        (["CropAndResizeGradImage"], { c in c.one(c.dtype(attr: "T"), c.shapeFromTensor(3)) }),
        (["CropAndResizeGradBoxes"], { c in c.one(.float32, c.shape(2)) }),
        // The padded gradient with the borders folded back: each dim less its two paddings.
        (["MirrorPadGrad"], { c in padded(c, by: -1) }),
        (["SpaceToBatchND"], { c in
            let dtype = c.dtype(attr: "T")
            guard let x = c.shape(0).dims, let block = c.value(1)?.ints, let pads = c.value(2)?.ints else { return c.one(dtype, c.shape(0).rank.map { .rank($0) } ?? .unknown) }
            var out = x
            out[0] = x[0] < 0 ? -1 : x[0] * block.reduce(1, *)
            for (i, k) in block.enumerated() where i + 1 < x.count {
                out[i + 1] = x[i + 1] < 0 ? -1 : (x[i + 1] + pads[2 * i] + pads[2 * i + 1]) / k
            }
            return c.one(dtype, StaticShape(out))
        }),
        (["BatchToSpaceND"], { c in
            let dtype = c.dtype(attr: "T")
            guard let x = c.shape(0).dims, let block = c.value(1)?.ints, let crops = c.value(2)?.ints else { return c.one(dtype, c.shape(0).rank.map { .rank($0) } ?? .unknown) }
            var out = x
            out[0] = x[0] < 0 ? -1 : x[0] / block.reduce(1, *)
            for (i, k) in block.enumerated() where i + 1 < x.count {
                out[i + 1] = x[i + 1] < 0 ? -1 : x[i + 1] * k - crops[2 * i] - crops[2 * i + 1]
            }
            return c.one(dtype, StaticShape(out))
        }),
        (["FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"], { c in
            let x = TensorInfo(dtype: c.dtype(attr: "T"), shape: c.shape(0))
            let channels = channelCount(c, c.shape(0))
            let stat = TensorInfo(dtype: c.type("U") ?? .float32, shape: .vector(channels))
            let count = c.op == "FusedBatchNormV3" ? 5 : 4
            var out = [x] + Array(repeating: stat, count: count)
            if c.op == "FusedBatchNormV3" { out[5] = TensorInfo(dtype: c.type("U") ?? .float32, shape: .unknown) }
            return OutputInfos(out)
        }),
        (["FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3"], { c in
            let dx = TensorInfo(dtype: c.dtype(attr: "T"), shape: c.shape(1))
            let stat = TensorInfo(dtype: c.type("U") ?? .float32, shape: c.shape(2))
            let empty = TensorInfo(dtype: c.type("U") ?? .float32, shape: .vector(0))
            return [dx, stat, stat, empty, empty]
        }),
        (["ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic"], { c in
            let dtype = c.op == "ResizeNearestNeighbor" ? c.dtype(attr: "T") : .float32
            let size = c.value(1)?.ints ?? [-1, -1]
            guard let dims = c.shape(0).dims, dims.count == 4 else { return c.one(dtype, .rank(4)) }
            return c.one(dtype, StaticShape([dims[0], size[0], size[1], dims[3]]))
        }),
        (["ResizeNearestNeighborGrad"], { c in
            let size = c.value(1)?.ints ?? [-1, -1]
            guard let dims = c.shape(0).dims, dims.count == 4 else { return c.one(c.dtype(attr: "T"), .rank(4)) }
            return c.one(c.dtype(attr: "T"), StaticShape([dims[0], size[0], size[1], dims[3]]))
        }),
    ]

    static func isNCHW(_ c: ShapeContext) -> Bool { c.string("data_format") == "NCHW" }

    static func channelCount(_ c: ShapeContext, _ shape: StaticShape) -> Int {
        guard let d = shape.dims, d.count == 4 else { return -1 }
        return isNCHW(c) ? d[1] : d[3]
    }

    /// Output spatial size of a window op for VALID, SAME or EXPLICIT padding.
    static func windowed(_ size: Int, kernel: Int, stride: Int, dilation: Int, padding: String, pads: (Int, Int)) -> Int {
        guard size >= 0, kernel >= 0, stride > 0 else { return -1 }
        let effective = (kernel - 1) * dilation + 1
        switch padding {
        case "SAME": return (size + stride - 1) / stride
        case "EXPLICIT": return (size + pads.0 + pads.1 - effective) / stride + 1
        default: return size < effective ? 0 : (size - effective) / stride + 1
        }
    }

    static func convolution(_ c: ShapeContext, input: StaticShape, filterDims: [Int]?, channelsFromFilter: ([Int]) -> Int) -> StaticShape {
        guard let x = input.dims, x.count == 4 else { return .rank(4) }
        let nchw = isNCHW(c)
        let (h, w) = nchw ? (2, 3) : (1, 2)
        let strides = c.ints("strides") ?? [1, 1, 1, 1]
        let dilations = c.ints("dilations") ?? [1, 1, 1, 1]
        let padding = c.string("padding") ?? "VALID"
        let explicit = c.ints("explicit_paddings") ?? []
        func pads(_ axis: Int) -> (Int, Int) { explicit.count == 8 ? (explicit[2 * axis], explicit[2 * axis + 1]) : (0, 0) }
        let f = filterDims ?? [-1, -1, -1, -1]
        let outH = windowed(x[h], kernel: f[0], stride: strides[h], dilation: dilations[h], padding: padding, pads: pads(h))
        let outW = windowed(x[w], kernel: f[1], stride: strides[w], dilation: dilations[w], padding: padding, pads: pads(w))
        let channels = filterDims.map(channelsFromFilter) ?? -1
        return StaticShape(nchw ? [x[0], channels, outH, outW] : [x[0], outH, outW, channels])
    }

    static func pooling(_ c: ShapeContext, input: StaticShape, ksize: [Int]?, strides: [Int]?) -> StaticShape {
        guard let x = input.dims, x.count == 4, let k = ksize, let s = strides, k.count == 4, s.count == 4 else { return .rank(4) }
        let nchw = isNCHW(c)
        let (h, w) = nchw ? (2, 3) : (1, 2)
        let padding = c.string("padding") ?? "VALID"
        let explicit = c.ints("explicit_paddings") ?? []
        func pads(_ axis: Int) -> (Int, Int) { explicit.count == 8 ? (explicit[2 * axis], explicit[2 * axis + 1]) : (0, 0) }
        let outH = windowed(x[h], kernel: k[h], stride: s[h], dilation: 1, padding: padding, pads: pads(h))
        let outW = windowed(x[w], kernel: k[w], stride: s[w], dilation: 1, padding: padding, pads: pads(w))
        return StaticShape(nchw ? [x[0], x[1], outH, outW] : [x[0], outH, outW, x[3]])
    }
}
