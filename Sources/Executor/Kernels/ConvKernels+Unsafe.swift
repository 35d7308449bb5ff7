/// 2-D convolution (NHWC, filter HWIO) and its two backprops, as GEMMs over an im2col
/// matrix (one row per output pixel, one column per filter tap and input channel).
/// A 1x1, stride-1, unpadded convolution skips im2col: the input already is that matrix.
enum ConvKernels {
    static let all: [Kernel] = [
        // y[n,oh,ow,o] = sum_{kh,kw,c} x[n, oh*sh - pt + kh*dh, ow*sw - pl + kw*dw, c] * w[kh,kw,c,o]
        .single("Conv2D") { context in
            let x = try context.input(0), w = try context.input(1)
            let g = try geometry(context, input: x.shape, filter: w.shape)
            let o = w.shape[3]
            return HostTensor(unchecked: [g.batch, g.outHeight, g.outWidth, o], try gemmPair(x, w, Forward(g: g, outChannels: o)))
        },
        // dx = col2im(dy @ wᵀ)
        .single("Conv2DBackpropInput") { context in
            let sizes = try context.shapeInput(0, "input_sizes", count: 4)
            let w = try context.input(1), dy = try context.input(2)
            let g = try geometry(context, input: sizes, filter: w.shape)
            try checkBackprop(dy, g, outChannels: w.shape[3])
            return HostTensor(unchecked: sizes, try gemmPair(dy, w, BackpropInput(g: g, outChannels: w.shape[3])))
        },
        // dw = im2col(x)ᵀ @ dy
        .single("Conv2DBackpropFilter") { context in
            let x = try context.input(0), dy = try context.input(2)
            let sizes = try context.shapeInput(1, "filter_sizes", count: 4)
            let g = try geometry(context, input: x.shape, filter: sizes)
            try checkBackprop(dy, g, outChannels: sizes[3])
            return HostTensor(unchecked: sizes, try gemmPair(x, dy, BackpropFilter(g: g, outChannels: sizes[3])))
        },
    ]

    static func geometry(_ context: KernelContext, input: [Int], filter: [Int]) throws -> Window2D {
        guard filter.count == 4 else { throw KernelError("filter must be 4-D [height, width, in, out], got \(HostTensor.describe(filter))") }
        let g = try Window2D(context, input: input, kernel: (filter[0], filter[1]))
        guard filter[2] == g.channels else {
            throw KernelError("input depth \(g.channels) (shape \(HostTensor.describe(input))) must equal the filter's in-depth \(filter[2]) (shape \(HostTensor.describe(filter)))")
        }
        return g
    }

    static func checkBackprop(_ dy: HostTensor, _ g: Window2D, outChannels: Int) throws {
        let expected = [g.batch, g.outHeight, g.outWidth, outChannels]
        guard dy.shape == expected else {
            throw KernelError("out_backprop \(dy.signature) must have the convolution's output shape \(HostTensor.describe(expected))")
        }
    }

    /// Whole images per im2col block, so the scratch matrix stays near 16M elements.
    static func imagesPerBlock(_ g: Window2D) -> Int {
        max(1, min(g.batch, (1 << 24) / max(1, g.outHeight * g.outWidth * g.patchSize)))
    }

    static func isPointwise(_ g: Window2D) -> Bool {
        g.kernelHeight == 1 && g.kernelWidth == 1 && g.strideH == 1 && g.strideW == 1 && g.padTop == 0 && g.padLeft == 0
            && g.outHeight == g.inHeight && g.outWidth == g.inWidth
    }

    struct Forward: GemmPairVisitor {
        let g: Window2D, outChannels: Int
        func visit<T: GemmElement>(_ x: [T], _ w: [T]) -> TensorStorage {
            var y = [T](repeating: 0, count: g.outPixels * outChannels)
            let k = g.patchSize, o = outChannels
            guard y.count > 0, k > 0 else { return T.wrap(y) }
            withBaseAddresses(x, w, &y) { sx, sw, sy in
                if isPointwise(g) {
                    T.gemm(false, false, g.outPixels, o, k, sx, k, sw, o, 0, sy, o)
                    return
                }
                forEachBlock(g) { images, rows, col in
                    im2col(sx, g, images: images, into: col)
                    T.gemm(false, false, rows.count, o, k, col, k, sw, o, 0, sy + rows.lowerBound * o, o)
                }
            }
            return T.wrap(y)
        }
    }

    struct BackpropInput: GemmPairVisitor {
        let g: Window2D, outChannels: Int
        func visit<T: GemmElement>(_ dy: [T], _ w: [T]) -> TensorStorage {
            var dx = [T](repeating: 0, count: g.inputCount)
            let k = g.patchSize, o = outChannels
            guard dx.count > 0, g.outPixels > 0, o > 0 else { return T.wrap(dx) }
            withBaseAddresses(dy, w, &dx) { sdy, sw, sdx in
                if isPointwise(g) {
                    T.gemm(false, true, g.outPixels, k, o, sdy, o, sw, o, 0, sdx, k)
                    return
                }
                forEachBlock(g) { images, rows, col in
                    T.gemm(false, true, rows.count, k, o, sdy + rows.lowerBound * o, o, sw, o, 0, col, k)
                    col2im(col, g, images: images, into: sdx)
                }
            }
            return T.wrap(dx)
        }
    }

    struct BackpropFilter: GemmPairVisitor {
        let g: Window2D, outChannels: Int
        func visit<T: GemmElement>(_ x: [T], _ dy: [T]) -> TensorStorage {
            let k = g.patchSize, o = outChannels
            var dw = [T](repeating: 0, count: k * o)
            guard dw.count > 0, g.outPixels > 0 else { return T.wrap(dw) }
            withBaseAddresses(x, dy, &dw) { sx, sdy, sdw in
                if isPointwise(g) {
                    T.gemm(true, false, k, o, g.outPixels, sx, k, sdy, o, 0, sdw, o)
                    return
                }
                forEachBlock(g) { images, rows, col in
                    im2col(sx, g, images: images, into: col)
                    T.gemm(true, false, k, o, rows.count, col, k, sdy + rows.lowerBound * o, o,
                           images.lowerBound == 0 ? 0 : 1, sdw, o)
                }
            }
            return T.wrap(dw)
        }
    }

    /// Calls `body` with each block of whole images, its im2col rows and a scratch matrix
    /// big enough for them.
    static func forEachBlock<T: GemmElement>(_ g: Window2D, _ body: (Range<Int>, Range<Int>, UnsafeMutablePointer<T>) -> Void) {
        let per = imagesPerBlock(g), pixels = g.outHeight * g.outWidth
        let scratch = UnsafeMutablePointer<T>.allocate(capacity: per * pixels * g.patchSize)
        defer { scratch.deallocate() }
        for first in stride(from: 0, to: g.batch, by: per) {
            let images = first..<min(g.batch, first + per)
            body(images, (images.lowerBound * pixels)..<(images.upperBound * pixels), scratch)
        }
    }

    /// Writes the im2col rows of `images` (zeros where a tap falls in the padding) to `col`.
    static func im2col<T: GemmElement>(_ x: UnsafePointer<T>, _ g: Window2D, images: Range<Int>, into col: UnsafeMutablePointer<T>) {
        let c = g.channels, k = g.patchSize
        let rows = images.count * g.outHeight
        Parallel.forEachChunk(rows, grain: max(1, 4096 / max(1, g.outWidth * k))) { range in
            for r in range {
                let n = images.lowerBound + r / g.outHeight, oh = r % g.outHeight
                for ow in 0..<g.outWidth {
                    var dst = col + (r * g.outWidth + ow) * k
                    for kh in 0..<g.kernelHeight {
                        let ih = g.inputRow(oh, kh)
                        for kw in 0..<g.kernelWidth {
                            let iw = g.inputColumn(ow, kw)
                            if ih >= 0, ih < g.inHeight, iw >= 0, iw < g.inWidth {
                                dst.update(from: x + ((n * g.inHeight + ih) * g.inWidth + iw) * c, count: c)
                            } else {
                                dst.update(repeating: 0, count: c)
                            }
                            dst += c
                        }
                    }
                }
            }
        }
    }

    /// Adds the im2col-shaped gradient `col` of `images` back onto the input pixels it came
    /// from. Each input row gathers its own taps, so rows can run in parallel without races.
    static func col2im<T: GemmElement>(_ col: UnsafePointer<T>, _ g: Window2D, images: Range<Int>, into dx: UnsafeMutablePointer<T>) {
        let c = g.channels, k = g.patchSize
        let rows = images.count * g.inHeight
        Parallel.forEachChunk(rows, grain: max(1, 4096 / max(1, g.inWidth * k))) { range in
            for r in range {
                let local = r / g.inHeight, ih = r % g.inHeight
                for kh in 0..<g.kernelHeight {
                    let hNumerator = ih + g.padTop - kh * g.dilationH
                    guard hNumerator >= 0, hNumerator % g.strideH == 0 else { continue }
                    let oh = hNumerator / g.strideH
                    guard oh < g.outHeight else { continue }
                    for iw in 0..<g.inWidth {
                        let target = dx + (((images.lowerBound + local) * g.inHeight + ih) * g.inWidth + iw) * c
                        for kw in 0..<g.kernelWidth {
                            let wNumerator = iw + g.padLeft - kw * g.dilationW
                            guard wNumerator >= 0, wNumerator % g.strideW == 0 else { continue }
                            let ow = wNumerator / g.strideW
                            guard ow < g.outWidth else { continue }
                            let source = col + ((local * g.outHeight + oh) * g.outWidth + ow) * k + (kh * g.kernelWidth + kw) * c
                            for i in 0..<c { target[i] += source[i] }
                        }
                    }
                }
            }
        }
    }
}

/// float32 and float64, which OpenBLAS multiplies.
protocol GemmElement: FloatElement {
    /// Row-major `c = op(a) @ op(b) + beta * c` with `op(a)` m x k and `op(b)` k x n.
    static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Self>, _ lda: Int,
                     _ b: UnsafePointer<Self>, _ ldb: Int, _ beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
}

extension Float: GemmElement {
    static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                     _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        BLAS.gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc)
    }
}

extension Double: GemmElement {
    static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ lda: Int,
                     _ b: UnsafePointer<Double>, _ ldb: Int, _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        BLAS.gemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc)
    }
}

/// Generic code over two float operands of one dtype.
protocol GemmPairVisitor {
    associatedtype Result
    func visit<T: GemmElement>(_ a: [T], _ b: [T]) throws -> Result
}

func gemmPair<V: GemmPairVisitor>(_ a: HostTensor, _ b: HostTensor, _ visitor: V) throws -> V.Result {
    switch (a.storage, b.storage) {
    case (.float32(let x), .float32(let y)): return try visitor.visit(x, y)
    case (.float64(let x), .float64(let y)): return try visitor.visit(x, y)
    default: throw KernelError("operands must both be float32 or both float64, got \(a.signature) and \(b.signature)")
    }
}
