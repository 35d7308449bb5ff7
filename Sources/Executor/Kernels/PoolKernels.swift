/// 2-D max and average pooling over NHWC images (TF's CPU pooling kernels only do NHWC),
/// and their gradients. Padded positions never win a max and do not count in an average.
enum PoolKernels {
    static let all: [Kernel] = [
        // y = max over the window; ties go to the first maximum in row-major window order
        .single("MaxPool") { context in
            let x = try context.input(0)
            return try maxPool(x, try window(context, x.shape, ksize: context.ints("ksize"), strides: nil))
        },
        .single("MaxPoolV2") { context in
            let x = try context.input(0)
            return try maxPool(x, try window(context, x.shape, ksize: context.shapeInput(1, "ksize", count: 4),
                                             strides: context.shapeInput(2, "strides", count: 4)))
        },
        // dx[argmax(window)] += dy, with argmax recomputed from the original input
        .single("MaxPoolGrad") { context in
            try maxPoolGrad(context, try window(context, try context.input(0).shape, ksize: context.ints("ksize"), strides: nil))
        },
        .single("MaxPoolGradV2") { context in
            try maxPoolGrad(context, try window(context, try context.input(0).shape, ksize: context.shapeInput(3, "ksize", count: 4),
                                                strides: context.shapeInput(4, "strides", count: 4)))
        },
        // second order: the gradient of MaxPoolGrad with respect to dy
        .single("MaxPoolGradGrad") { context in
            try maxPoolGradGrad(context, try window(context, try context.input(0).shape, ksize: context.ints("ksize"), strides: nil))
        },
        .single("MaxPoolGradGradV2") { context in
            try maxPoolGradGrad(context, try window(context, try context.input(0).shape, ksize: context.shapeInput(3, "ksize", count: 4),
                                                    strides: context.shapeInput(4, "strides", count: 4)))
        },
        // y = mean of the window's unpadded elements
        .single("AvgPool") { context in
            let x = try context.input(0)
            let g = try window(context, x.shape, ksize: context.ints("ksize"), strides: nil)
            struct Average: FloatVisitor {
                let g: Window2D
                func visit<T: FloatElement>(_ x: [T]) -> TensorStorage {
                    T.wrap(buildArray(count: g.outPixels * g.channels) { out, range in
                        for i in range {
                            let (n, oh, ow, c) = outCoordinates(i, g)
                            var sum: T = 0, count = 0
                            forEachTap(g, oh, ow) { ih, iw in
                                sum += x[((n * g.inHeight + ih) * g.inWidth + iw) * g.channels + c]
                                count += 1
                            }
                            (out + i).initialize(to: count > 0 ? sum / T(count) : 0)
                        }
                    })
                }
            }
            return HostTensor(unchecked: outShape(g), try x.storage.accept(Average(g: g)))
        },
        // dx[i] = sum over windows o containing i of dy[o] / |window o|
        .single("AvgPoolGrad") { context in
            let sizes = try context.shapeInput(0, "orig_input_shape", count: 4)
            let dy = try context.input(1)
            let g = try window(context, sizes, ksize: context.ints("ksize"), strides: nil)
            guard dy.shape == outShape(g) else {
                throw KernelError("grad \(dy.signature) must have the pooling output's shape \(HostTensor.describe(outShape(g)))")
            }
            struct Spread: FloatVisitor {
                let g: Window2D
                func visit<T: FloatElement>(_ dy: [T]) -> TensorStorage {
                    var dx = [T](repeating: 0, count: g.inputCount)
                    for i in dy.indices {
                        let (n, oh, ow, c) = outCoordinates(i, g)
                        var count = 0
                        forEachTap(g, oh, ow) { _, _ in count += 1 }
                        guard count > 0 else { continue }
                        let share = dy[i] / T(count)
                        forEachTap(g, oh, ow) { ih, iw in dx[((n * g.inHeight + ih) * g.inWidth + iw) * g.channels + c] += share }
                    }
                    return T.wrap(dx)
                }
            }
            return HostTensor(unchecked: sizes, try dy.storage.accept(Spread(g: g)))
        },
    ]

    static func window(_ context: KernelContext, _ input: [Int], ksize: [Int], strides: [Int]?) throws -> Window2D {
        guard ksize.count == 4, ksize[0] == 1, ksize[3] == 1 else {
            throw KernelError("ksize must be [1, height, width, 1] (pooling across batch or depth is not supported), got \(ksize)")
        }
        return try Window2D(context, input: input, kernel: (ksize[1], ksize[2]), strides: strides)
    }

    static func outShape(_ g: Window2D) -> [Int] { [g.batch, g.outHeight, g.outWidth, g.channels] }

    @inline(__always)
    static func outCoordinates(_ i: Int, _ g: Window2D) -> (Int, Int, Int, Int) {
        let c = i % g.channels, pixel = i / g.channels
        return (pixel / (g.outHeight * g.outWidth), (pixel / g.outWidth) % g.outHeight, pixel % g.outWidth, c)
    }

    /// Calls `body` with each in-bounds input (row, column) of output pixel (oh, ow), row-major.
    @inline(__always)
    static func forEachTap(_ g: Window2D, _ oh: Int, _ ow: Int, _ body: (Int, Int) -> Void) {
        let h0 = g.inputRow(oh, 0), w0 = g.inputColumn(ow, 0)
        for ih in max(h0, 0)..<min(h0 + g.kernelHeight, g.inHeight) {
            for iw in max(w0, 0)..<min(w0 + g.kernelWidth, g.inWidth) { body(ih, iw) }
        }
    }

    /// Per output element: the window maximum and the flat input index holding it (-1 for
    /// a window entirely in the padding). Each tap compares a pixel's contiguous channels at
    /// once, so the loop vectorizes; output pixels are split across cores.
    static func maxArgmax<T: FloatElement>(_ x: [T], _ g: Window2D) -> (values: [T], argmax: [Int]) {
        let c = g.channels, pixels = g.outPixels
        guard c > 0 else { return ([], []) }
        var values = [T](repeating: -T.infinity, count: pixels * c)
        var argmax = [Int](repeating: -1, count: pixels * c)
        x.withUnsafeBufferPointer { px in
            values.withUnsafeMutableBufferPointer { pv in
                argmax.withUnsafeMutableBufferPointer { pa in
                    guard let sx = px.baseAddress, let sv = pv.baseAddress, let sa = pa.baseAddress else { return }
                    let grain = max(1, Parallel.grain / max(1, c * g.kernelHeight * g.kernelWidth))
                    Parallel.forEachChunk(pixels, grain: grain) { range in
                        for p in range {
                            let n = p / (g.outHeight * g.outWidth), oh = (p / g.outWidth) % g.outHeight, ow = p % g.outWidth
                            let best = sv + p * c, index = sa + p * c
                            var first = true
                            forEachTap(g, oh, ow) { ih, iw in
                                let base = ((n * g.inHeight + ih) * g.inWidth + iw) * c
                                let tap = sx + base
                                if first {
                                    for j in 0..<c { best[j] = tap[j]; index[j] = base + j }
                                    first = false
                                } else {
                                    for j in 0..<c where tap[j] > best[j] { best[j] = tap[j]; index[j] = base + j }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (values, argmax)
    }

    static func maxPool(_ x: HostTensor, _ g: Window2D) throws -> HostTensor {
        struct Max: FloatVisitor {
            let g: Window2D
            func visit<T: FloatElement>(_ x: [T]) -> TensorStorage { T.wrap(PoolKernels.maxArgmax(x, g).values) }
        }
        return HostTensor(unchecked: outShape(g), try x.storage.accept(Max(g: g)))
    }

    static func maxPoolGrad(_ context: KernelContext, _ g: Window2D) throws -> HostTensor {
        let x = try context.input(0), dy = try context.input(2)
        guard dy.shape == outShape(g) else {
            throw KernelError("grad \(dy.signature) must have the pooling output's shape \(HostTensor.describe(outShape(g)))")
        }
        struct Scatter: FloatVisitor {
            let x: HostTensor, g: Window2D
            func visit<T: FloatElement>(_ dy: [T]) throws -> TensorStorage {
                let argmax = PoolKernels.maxArgmax(try x.elements(as: T.self, "orig_input"), g).argmax
                var dx = [T](repeating: 0, count: x.count)
                for (o, i) in argmax.enumerated() where i >= 0 { dx[i] += dy[o] }
                return T.wrap(dx)
            }
        }
        return HostTensor(unchecked: x.shape, try dy.storage.accept(Scatter(x: x, g: g)))
    }

    /// ddy[o] = ddx[argmax(window o)]: MaxPoolGrad is linear in dy with a 0/1 selection matrix.
    static func maxPoolGradGrad(_ context: KernelContext, _ g: Window2D) throws -> HostTensor {
        let x = try context.input(0), ddx = try context.input(2)
        guard ddx.shape == x.shape else { throw KernelError("grad \(ddx.signature) must have the original input's shape \(x.signature)") }
        struct Gather: FloatVisitor {
            let x: HostTensor, g: Window2D
            func visit<T: FloatElement>(_ ddx: [T]) throws -> TensorStorage {
                let argmax = PoolKernels.maxArgmax(try x.elements(as: T.self, "orig_input"), g).argmax
                return T.wrap(argmax.map { $0 >= 0 ? ddx[$0] : 0 })
            }
        }
        return HostTensor(unchecked: outShape(g), try ddx.storage.accept(Gather(x: x, g: g)))
    }
}
