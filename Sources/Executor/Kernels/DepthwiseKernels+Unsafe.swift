/// Depthwise 2-D convolution (NHWC, filter [height, width, channels, multiplier]): each input
/// channel c is convolved with its own filters, giving output channels c*M ..< (c+1)*M.
enum DepthwiseKernels {
    static let all: [Kernel] = [
        // y[n,oh,ow,c*M+m] = sum_{kh,kw} x[n, oh*sh - pt + kh*dh, ow*sw - pl + kw*dw, c] * w[kh,kw,c,m]
        .single("DepthwiseConv2dNative") { context in
            let x = try context.input(0), w = try context.input(1)
            let g = try geometry(context, input: x.shape, filter: w.shape)
            let m = w.shape[3]
            return HostTensor(unchecked: [g.batch, g.outHeight, g.outWidth, g.channels * m], try gemmPair(x, w, Forward(g: g, multiplier: m)))
        },
        // dx[n,ih,iw,c] = sum over the (oh, ow, kh, kw) that read it of sum_m dy[n,oh,ow,c*M+m] * w[kh,kw,c,m]
        .single("DepthwiseConv2dNativeBackpropInput") { context in
            let sizes = try context.shapeInput(0, "input_sizes", count: 4)
            let w = try context.input(1), dy = try context.input(2)
            let g = try geometry(context, input: sizes, filter: w.shape)
            try ConvKernels.checkBackprop(dy, g, outChannels: g.channels * w.shape[3])
            return HostTensor(unchecked: sizes, try gemmPair(dy, w, BackpropInput(g: g, multiplier: w.shape[3])))
        },
        // dw[kh,kw,c,m] = sum_{n,oh,ow} x[n, ih, iw, c] * dy[n,oh,ow,c*M+m]
        .single("DepthwiseConv2dNativeBackpropFilter") { context in
            let x = try context.input(0), dy = try context.input(2)
            let sizes = try context.shapeInput(1, "filter_sizes", count: 4)
            let g = try geometry(context, input: x.shape, filter: sizes)
            try ConvKernels.checkBackprop(dy, g, outChannels: g.channels * sizes[3])
            return HostTensor(unchecked: sizes, try gemmPair(x, dy, BackpropFilter(g: g, multiplier: sizes[3])))
        },
    ]

    static func geometry(_ context: KernelContext, input: [Int], filter: [Int]) throws -> Window2D {
        guard filter.count == 4 else { throw KernelError("filter must be 4-D [height, width, in, multiplier], got \(HostTensor.describe(filter))") }
        let g = try Window2D(context, input: input, kernel: (filter[0], filter[1]))
        guard filter[2] == g.channels else {
            throw KernelError("input depth \(g.channels) (shape \(HostTensor.describe(input))) must equal the filter's in-depth \(filter[2]) (shape \(HostTensor.describe(filter)))")
        }
        return g
    }

    struct Forward: GemmPairVisitor {
        let g: Window2D, multiplier: Int
        func visit<T: GemmElement>(_ x: [T], _ w: [T]) -> TensorStorage {
            let c = g.channels, m = multiplier, depth = c * m
            var y = [T](repeating: 0, count: g.outPixels * depth)
            guard y.count > 0 else { return T.wrap(y) }
            withBaseAddresses(x, w, &y) { sx, sw, sy in
                Parallel.forEachChunk(g.batch * g.outHeight, grain: max(1, 2048 / max(1, g.outWidth * depth))) { range in
                    for r in range {
                        let n = r / g.outHeight, oh = r % g.outHeight
                        for ow in 0..<g.outWidth {
                            let out = sy + (r * g.outWidth + ow) * depth
                            for kh in 0..<g.kernelHeight {
                                let ih = g.inputRow(oh, kh)
                                guard ih >= 0, ih < g.inHeight else { continue }
                                for kw in 0..<g.kernelWidth {
                                    let iw = g.inputColumn(ow, kw)
                                    guard iw >= 0, iw < g.inWidth else { continue }
                                    let input = sx + ((n * g.inHeight + ih) * g.inWidth + iw) * c
                                    let filter = sw + (kh * g.kernelWidth + kw) * depth
                                    if m == 1 {
                                        for i in 0..<c { out[i] += input[i] * filter[i] }
                                    } else {
                                        for i in 0..<c { for j in 0..<m { out[i * m + j] += input[i] * filter[i * m + j] } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return T.wrap(y)
        }
    }

    struct BackpropInput: GemmPairVisitor {
        let g: Window2D, multiplier: Int
        func visit<T: GemmElement>(_ dy: [T], _ w: [T]) -> TensorStorage {
            let c = g.channels, m = multiplier, depth = c * m
            var dx = [T](repeating: 0, count: g.inputCount)
            guard dx.count > 0, g.outPixels > 0 else { return T.wrap(dx) }
            withBaseAddresses(dy, w, &dx) { sdy, sw, sdx in
                Parallel.forEachChunk(g.batch * g.inHeight, grain: max(1, 2048 / max(1, g.inWidth * depth))) { range in
                    for r in range {
                        let n = r / g.inHeight, ih = r % g.inHeight
                        for kh in 0..<g.kernelHeight {
                            let hNumerator = ih + g.padTop - kh * g.dilationH
                            guard hNumerator >= 0, hNumerator % g.strideH == 0, hNumerator / g.strideH < g.outHeight else { continue }
                            let oh = hNumerator / g.strideH
                            for iw in 0..<g.inWidth {
                                let target = sdx + (r * g.inWidth + iw) * c
                                for kw in 0..<g.kernelWidth {
                                    let wNumerator = iw + g.padLeft - kw * g.dilationW
                                    guard wNumerator >= 0, wNumerator % g.strideW == 0, wNumerator / g.strideW < g.outWidth else { continue }
                                    let grad = sdy + ((n * g.outHeight + oh) * g.outWidth + wNumerator / g.strideW) * depth
                                    let filter = sw + (kh * g.kernelWidth + kw) * depth
                                    if m == 1 {
                                        for i in 0..<c { target[i] += grad[i] * filter[i] }
                                    } else {
                                        for i in 0..<c {
                                            var sum: T = 0
                                            for j in 0..<m { sum += grad[i * m + j] * filter[i * m + j] }
                                            target[i] += sum
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return T.wrap(dx)
        }
    }

    struct BackpropFilter: GemmPairVisitor {
        let g: Window2D, multiplier: Int
        func visit<T: GemmElement>(_ x: [T], _ dy: [T]) -> TensorStorage {
            let c = g.channels, m = multiplier, depth = c * m
            let taps = g.kernelHeight * g.kernelWidth
            var dw = [T](repeating: 0, count: taps * depth)
            guard dw.count > 0, g.outPixels > 0 else { return T.wrap(dw) }
            withBaseAddresses(x, dy, &dw) { sx, sdy, sdw in
                // Each tap owns its slice of dw, so taps run in parallel without races.
                Parallel.forEachChunk(taps, grain: 1) { range in
                    for tap in range {
                        let kh = tap / g.kernelWidth, kw = tap % g.kernelWidth
                        let target = sdw + tap * depth
                        for n in 0..<g.batch {
                            for oh in 0..<g.outHeight {
                                let ih = g.inputRow(oh, kh)
                                guard ih >= 0, ih < g.inHeight else { continue }
                                for ow in 0..<g.outWidth {
                                    let iw = g.inputColumn(ow, kw)
                                    guard iw >= 0, iw < g.inWidth else { continue }
                                    let input = sx + ((n * g.inHeight + ih) * g.inWidth + iw) * c
                                    let grad = sdy + ((n * g.outHeight + oh) * g.outWidth + ow) * depth
                                    if m == 1 {
                                        for i in 0..<c { target[i] += input[i] * grad[i] }
                                    } else {
                                        for i in 0..<c { for j in 0..<m { target[i * m + j] += input[i] * grad[i * m + j] } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return T.wrap(dw)
        }
    }
}
