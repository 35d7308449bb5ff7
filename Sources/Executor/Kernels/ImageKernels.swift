/// Image resizing (bilinear, nearest neighbor) over NHWC batches, mirror padding, and their
/// gradients. Source coordinates are computed in float32, as TF's kernels do, so the same
/// pixels are picked.
enum ImageKernels {
    static let all: [Kernel] = [
        // y = lerp(lerp(x[top,left], x[top,right], dx), lerp(x[bottom,left], x[bottom,right], dx), dy);
        // TF outputs float32 for any input; float64 input stays float64 here for float64 graph copies.
        .single("ResizeBilinear") { context in
            let x = try context.input(0)
            let (height, width) = try resizeAxes(context, image: x, size: try context.shapeInput(1, "size", count: 2))
            let taps = (BilinearTaps(height), BilinearTaps(width))
            struct Forward: FloatVisitor {
                let shape: [Int], taps: (BilinearTaps, BilinearTaps)
                func visit<T: FloatElement>(_ x: [T]) -> TensorStorage {
                    let (h, w) = taps, c = shape[3]
                    let outCount = shape[0] * h.lower.count * w.lower.count * c
                    return T.wrap(buildArray(count: outCount, grain: 4096) { out, range in
                        for i in range {
                            let ch = i % c, pixel = i / c
                            let ox = pixel % w.lower.count, oy = (pixel / w.lower.count) % h.lower.count
                            let base = pixel / (w.lower.count * h.lower.count) * shape[1]
                            func at(_ row: Int, _ column: Int) -> T { x[((base + row) * shape[2] + column) * c + ch] }
                            let yl = T(h.lerp[oy]), xl = T(w.lerp[ox])
                            let topLeft = at(h.lower[oy], w.lower[ox]), topRight = at(h.lower[oy], w.upper[ox])
                            let bottomLeft = at(h.upper[oy], w.lower[ox]), bottomRight = at(h.upper[oy], w.upper[ox])
                            let top = topLeft + (topRight - topLeft) * xl
                            let bottom = bottomLeft + (bottomRight - bottomLeft) * xl
                            (out + i).initialize(to: top + (bottom - top) * yl)
                        }
                    })
                }
            }
            let shape = [x.shape[0], height.outSize, width.outSize, x.shape[3]]
            return HostTensor(unchecked: shape, try x.storage.accept(Forward(shape: x.shape, taps: taps)))
        },
        // each dy spreads to its four source pixels with the forward weights
        .single("ResizeBilinearGrad") { context in
            let dy = try context.input(0), original = try context.input(1)
            guard original.rank == 4, dy.rank == 4, dy.shape[0] == original.shape[0], dy.shape[3] == original.shape[3] else {
                throw KernelError("grads \(dy.signature) and original_image \(original.signature) must be 4-D with matching batch and depth")
            }
            let (height, width) = try resizeAxes(context, image: original, size: [dy.shape[1], dy.shape[2]])
            let taps = (BilinearTaps(height), BilinearTaps(width))
            struct Backward: FloatVisitor {
                let shape: [Int], taps: (BilinearTaps, BilinearTaps)
                func visit<T: FloatElement>(_ dy: [T]) -> TensorStorage {
                    let (h, w) = taps, c = shape[3]
                    var dx = [T](repeating: 0, count: elementCount(shape))
                    for n in 0..<shape[0] {
                        for oy in 0..<h.lower.count {
                            let yl = T(h.lerp[oy])
                            for ox in 0..<w.lower.count {
                                let xl = T(w.lerp[ox])
                                let source = ((n * h.lower.count + oy) * w.lower.count + ox) * c
                                let rows = [(h.lower[oy], 1 - yl), (h.upper[oy], yl)], cols = [(w.lower[ox], 1 - xl), (w.upper[ox], xl)]
                                for (y, wy) in rows {
                                    for (x, wx) in cols {
                                        let target = ((n * shape[1] + y) * shape[2] + x) * c
                                        for ch in 0..<c { dx[target + ch] += dy[source + ch] * wy * wx }
                                    }
                                }
                            }
                        }
                    }
                    return T.wrap(dx)
                }
            }
            return HostTensor(unchecked: original.shape, try dy.storage.accept(Backward(shape: original.shape, taps: taps)))
        },
        // y[n,oy,ox,c] = x[n, src(oy), src(ox), c]
        .single("ResizeNearestNeighbor") { context in
            let x = try context.input(0)
            let (height, width) = try resizeAxes(context, image: x, size: try context.shapeInput(1, "size", count: 2))
            let pixels = nearestPixels(batch: x.shape[0], height, width)
            let c = x.shape[3]
            let map = pixels.flatMap { p in (0..<c).map { p * c + $0 } }
            return x.gathered(map, shape: [x.shape[0], height.outSize, width.outSize, c])
        },
        // dx[n, src(oy), src(ox), c] += dy[n,oy,ox,c]
        .single("ResizeNearestNeighborGrad") { context in
            let dy = try context.input(0)
            let size = try context.shapeInput(1, "size", count: 2)
            guard dy.rank == 4 else { throw KernelError("grads must be 4-D NHWC, got \(dy.signature)") }
            let original = dy.zeros(shape: [dy.shape[0], size[0], size[1], dy.shape[3]])
            let (height, width) = try resizeAxes(context, image: original, size: [dy.shape[1], dy.shape[2]])
            let pixels = nearestPixels(batch: dy.shape[0], height, width)
            return try scatterAdd(dy, into: original.shape, at: pixels, inner: dy.shape[3])
        },
        // y = x extended by reflecting it at each border (REFLECT excludes the edge, SYMMETRIC repeats it)
        .single("MirrorPad") { context in
            let x = try context.input(0)
            let (map, shape) = try mirrorMap(context, shape: x.shape)
            return x.gathered(map, shape: shape)
        },
        // dx = the padded gradient folded back onto the elements each border position copied
        .single("MirrorPadGrad") { context in
            let dy = try context.input(0)
            let paddings = try context.intInput(1, "paddings")
            guard paddings.count == 2 * dy.rank else { throw KernelError("paddings must be [\(dy.rank), 2], got \(paddings.count) values") }
            let shape = (0..<dy.rank).map { (d: Int) -> Int in dy.shape[d] - paddings[2 * d] - paddings[2 * d + 1] }
            let (map, padded) = try mirrorMap(context, shape: shape)
            guard padded == dy.shape else { throw KernelError("grad \(dy.signature) does not match the padded shape \(HostTensor.describe(padded))") }
            return try scatterAdd(dy, into: shape, at: map)
        },
    ]

    struct ResizeAxis {
        let inSize: Int, outSize: Int, scale: Float, alignCorners: Bool, halfPixel: Bool
    }

    /// Height and width mappings from output to input pixels for an NHWC `image` resized to `size`.
    static func resizeAxes(_ context: KernelContext, image: HostTensor, size: [Int]) throws -> (ResizeAxis, ResizeAxis) {
        guard image.rank == 4 else { throw KernelError("images must be 4-D NHWC, got \(image.signature)") }
        let alignCorners = context.bool("align_corners"), halfPixel = context.bool("half_pixel_centers")
        guard !(alignCorners && halfPixel) else { throw KernelError("align_corners and half_pixel_centers cannot both be true") }
        guard size.allSatisfy({ $0 > 0 }), image.shape[1] > 0, image.shape[2] > 0 else {
            throw KernelError("sizes must be positive: input \(image.signature), size \(size)")
        }
        func axis(_ inSize: Int, _ outSize: Int) -> ResizeAxis {
            let scale = alignCorners && outSize > 1 ? Float(inSize - 1) / Float(outSize - 1) : Float(inSize) / Float(outSize)
            return ResizeAxis(inSize: inSize, outSize: outSize, scale: scale, alignCorners: alignCorners, halfPixel: halfPixel)
        }
        return (axis(image.shape[1], size[0]), axis(image.shape[2], size[1]))
    }

    /// Per output index along one axis: the two input indices it blends and the weight of the upper one.
    struct BilinearTaps {
        var lower: [Int] = [], upper: [Int] = [], lerp: [Float] = []
        init(_ a: ResizeAxis) {
            for i in 0..<a.outSize {
                let source = a.halfPixel ? (Float(i) + 0.5) * a.scale - 0.5 : Float(i) * a.scale
                let floor = source.rounded(.down)
                lower.append(max(Int(floor), 0))
                upper.append(min(Int(source.rounded(.up)), a.inSize - 1))
                lerp.append(source - floor)
            }
        }
    }

    /// The input index each output index copies along one axis.
    static func nearest(_ a: ResizeAxis) -> [Int] {
        (0..<a.outSize).map { i in
            let source = a.halfPixel ? (Float(i) + 0.5) * a.scale : Float(i) * a.scale
            let index = min(Int(a.alignCorners ? source.rounded() : source.rounded(.down)), a.inSize - 1)
            return a.halfPixel ? max(0, index) : index
        }
    }

    /// The flat input pixel (n, y, x) each output pixel copies, in output order.
    static func nearestPixels(batch: Int, _ height: ResizeAxis, _ width: ResizeAxis) -> [Int] {
        let rows = nearest(height), cols = nearest(width)
        var pixels: [Int] = []
        pixels.reserveCapacity(batch * rows.count * cols.count)
        for n in 0..<batch {
            for y in rows { for x in cols { pixels.append((n * height.inSize + y) * width.inSize + x) } }
        }
        return pixels
    }

    /// For MirrorPad of an input `shape`: the flat input index each output element copies, and the output shape.
    static func mirrorMap(_ context: KernelContext, shape: [Int]) throws -> ([Int], [Int]) {
        let paddings = try context.intInput(1, "paddings")
        guard paddings.count == 2 * shape.count else { throw KernelError("paddings must be [\(shape.count), 2], got \(paddings.count) values") }
        let mode = context.string("mode", default: "REFLECT")
        guard mode == "REFLECT" || mode == "SYMMETRIC" else { throw KernelError("mode must be REFLECT or SYMMETRIC, got \(mode)") }
        let reflect = mode == "REFLECT"
        let strides = rowMajorStrides(shape)
        var map = [0], outShape: [Int] = []
        for (d, size) in shape.enumerated() {
            let before = paddings[2 * d], after = paddings[2 * d + 1]
            let limit = reflect ? size - 1 : size
            guard before >= 0, after >= 0, before <= limit, after <= limit else {
                throw KernelError("paddings \(before), \(after) of dimension \(d) must be in [0, \(limit)] for \(mode) mode with size \(size)")
            }
            let edge = reflect ? 0 : 1
            let sources = (-before..<(size + after)).map { (i: Int) -> Int in
                if i < 0 { return -i - edge }
                if i >= size { return 2 * size - 2 + edge - i }
                return i
            }
            map = map.flatMap { base in sources.map { base + $0 * strides[d] } }
            outShape.append(sources.count)
        }
        return (map, outShape)
    }
}
