/// Normalization: fused batch norm (NHWC and NCHW, training and inference) with its
/// gradient, and local response normalization across channels.
enum NormKernels {
    static let all: [Kernel] = [
        batchNorm("FusedBatchNorm", reserveSpace3: false), batchNorm("FusedBatchNormV2", reserveSpace3: false),
        batchNorm("FusedBatchNormV3", reserveSpace3: true),
        batchNormGrad("FusedBatchNormGrad"), batchNormGrad("FusedBatchNormGradV2"), batchNormGrad("FusedBatchNormGradV3"),
        // y = x / (bias + alpha * sum_{|j-c| <= r} x_j^2)^beta, over the innermost (channel) axis
        .single("LRN") { context in
            let x = try context.input(0)
            let p = try LRNParams(context, x)
            struct Forward: FloatVisitor {
                let p: LRNParams
                func visit<T: FloatElement>(_ x: [T]) -> TensorStorage {
                    T.wrap(buildArray(count: x.count, grain: 4096) { out, range in
                        for i in range {
                            let (lo, hi) = p.window(i)
                            var sum: T = 0
                            for j in lo..<hi { sum += x[j] * x[j] }
                            (out + i).initialize(to: x[i] * T.pow(T(p.bias) + T(p.alpha) * sum, -T(p.beta)))
                        }
                    })
                }
            }
            return HostTensor(unchecked: x.shape, try x.storage.accept(Forward(p: p)))
        },
        // with n_j = bias + alpha * sum_window(x^2):
        // dx_k = sum_{j: k in window j} dy_j * ([k == j] n_j^-beta - 2 alpha beta x_k y_j / n_j)
        .single("LRNGrad") { context in
            let dy = try context.input(0), x = try context.input(1), y = try context.input(2)
            guard x.shape == dy.shape, y.shape == dy.shape else {
                throw KernelError("input_grads \(dy.signature), input_image \(x.signature) and output_image \(y.signature) must have one shape")
            }
            let p = try LRNParams(context, x)
            struct Backward: FloatVisitor {
                let x: HostTensor, y: HostTensor, p: LRNParams
                func visit<T: FloatElement>(_ dy: [T]) throws -> TensorStorage {
                    let x = try self.x.elements(as: T.self, "input_image"), y = try self.y.elements(as: T.self, "output_image")
                    let alpha = T(p.alpha), beta = T(p.beta)
                    var dx = [T](repeating: 0, count: x.count)
                    for j in x.indices {
                        let (lo, hi) = p.window(j)
                        var sum: T = 0
                        for k in lo..<hi { sum += x[k] * x[k] }
                        let norm = T(p.bias) + alpha * sum
                        let common = -2 * alpha * beta * y[j] / norm * dy[j]
                        for k in lo..<hi { dx[k] += common * x[k] }
                        dx[j] += T.pow(norm, -beta) * dy[j]
                    }
                    return T.wrap(dx)
                }
            }
            return HostTensor(unchecked: x.shape, try dy.storage.accept(Backward(x: x, y: y, p: p)))
        },
    ]

    struct LRNParams {
        let radius: Int, depth: Int, bias: Double, alpha: Double, beta: Double

        init(_ context: KernelContext, _ x: HostTensor) throws {
            guard x.rank == 4 else { throw KernelError("input must be 4-D, got \(x.signature)") }
            radius = try context.int("depth_radius", default: 5)
            guard radius >= 0 else { throw KernelError("depth_radius \(radius) must be non-negative") }
            depth = x.shape[3]
            bias = Double(try context.float("bias", default: 1))
            alpha = Double(try context.float("alpha", default: 1))
            beta = Double(try context.float("beta", default: 0.5))
        }

        /// The flat index range of the channel window around flat index `i`.
        @inline(__always) func window(_ i: Int) -> (Int, Int) {
            let c = i % depth, row = i - c
            return (row + max(0, c - radius), row + min(depth, c + radius + 1))
        }
    }

    /// Where the channel axis sits: x is viewed as [outer, channels, inner] (NHWC: inner 1;
    /// NCHW: inner H*W).
    struct ChannelLayout {
        let outer: Int, channels: Int, inner: Int
        var perChannel: Int { outer * inner }

        init(_ context: KernelContext, _ x: HostTensor) throws {
            guard x.rank == 4 || x.rank == 5 else { throw KernelError("x must be 4-D or 5-D, got \(x.signature)") }
            let format = context.string("data_format", default: "NHWC")
            let axis: Int
            switch format {
            case "NHWC", "NDHWC": axis = x.rank - 1
            case "NCHW", "NCDHW": axis = 1
            default: throw KernelError("data_format must be NHWC or NCHW, got \(format)")
            }
            outer = elementCount(Array(x.shape[..<axis]))
            channels = x.shape[axis]
            inner = elementCount(Array(x.shape[(axis + 1)...]))
        }

        @inline(__always) func channel(_ i: Int) -> Int { (i / inner) % channels }

        /// Per-channel sums of f(i, channel) over all elements.
        @inline(__always)
        func sums<T: FloatElement>(_ f: (Int, Int) -> T) -> [T] {
            var out = [T](repeating: 0, count: channels)
            var i = 0
            for _ in 0..<outer {
                for c in 0..<channels {
                    var s: T = 0
                    for _ in 0..<inner { s += f(i, c); i += 1 }
                    out[c] += s
                }
            }
            return out
        }
    }

    static func params<T: FloatElement>(_ t: HostTensor, _ role: String, _ count: Int) throws -> [T] {
        let values = try t.elements(as: T.self, role)
        guard t.rank == 1, values.count == count else { throw KernelError("\(role) must be a vector of \(count) values, got \(t.signature)") }
        return values
    }

    // training: mu, var = mean and biased variance per channel; inference: the given estimates;
    // y = (x - mu) / sqrt(var + eps) * scale + offset. batch_variance reports the unbiased
    // variance; the reserve spaces carry mu and the biased var to the gradient.
    static func batchNorm(_ op: String, reserveSpace3: Bool) -> Kernel {
        Kernel(op) { context in
            let x = try context.input(0)
            let layout = try ChannelLayout(context, x)
            struct Forward: FloatVisitor {
                let context: KernelContext, layout: ChannelLayout, reserveSpace3: Bool
                func visit<T: FloatElement>(_ x: [T]) throws -> [TensorStorage] {
                    let c = layout.channels
                    let scale: [T] = try NormKernels.params(try context.input(1), "scale", c), offset: [T] = try NormKernels.params(try context.input(2), "offset", c)
                    let epsilon = T(try context.float("epsilon", default: 0.0001))
                    let factor = T(try context.float("exponential_avg_factor", default: 1))
                    let training = context.bool("is_training", default: true)
                    let channelsLast = layout.inner == 1 && !x.isEmpty ? ChannelsLast<T>(rows: layout.outer, channels: c) : nil
                    var mean: [T], variance: [T], batchMean: [T], batchVariance: [T]
                    if training {
                        let n = T(layout.perChannel)
                        if let channelsLast {
                            (mean, variance) = x.withUnsafeBufferPointer { px in
                                px.baseAddress.map { channelsLast.moments($0) } ?? ([T](repeating: 0, count: c), [T](repeating: 0, count: c))
                            }
                        } else {
                            let mu = layout.sums { i, _ in x[i] }.map { $0 / n }
                            mean = mu
                            variance = layout.sums { i, ch in (x[i] - mu[ch]) * (x[i] - mu[ch]) }.map { $0 / n }
                        }
                        let bessel = n / T(max(layout.perChannel - 1, 1))
                        batchMean = mean
                        batchVariance = variance.map { $0 * bessel }
                        if factor != 1 {
                            let oldMean: [T] = try NormKernels.params(try context.input(3), "mean", c), oldVariance: [T] = try NormKernels.params(try context.input(4), "variance", c)
                            batchMean = (0..<c).map { (1 - factor) * oldMean[$0] + factor * mean[$0] }
                            batchVariance = (0..<c).map { (1 - factor) * oldVariance[$0] + factor * batchVariance[$0] }
                        }
                    } else {
                        mean = try NormKernels.params(try context.input(3), "mean", c)
                        variance = try NormKernels.params(try context.input(4), "variance", c)
                        (batchMean, batchVariance) = (mean, variance)
                    }
                    let multiplier = (0..<c).map { scale[$0] / (variance[$0] + epsilon).squareRoot() }
                    let shift = (0..<c).map { offset[$0] - mean[$0] * multiplier[$0] }
                    let y: [T]
                    if let channelsLast {
                        y = x.withUnsafeBufferPointer { px in px.baseAddress.map { channelsLast.affine($0, multiplier, shift) } ?? [] }
                    } else {
                        y = buildArray(count: x.count) { out, range in
                            for i in range {
                                let ch = layout.channel(i)
                                (out + i).initialize(to: x[i] * multiplier[ch] + shift[ch])
                            }
                        }
                    }
                    var outputs = [T.wrap(y), T.wrap(batchMean), T.wrap(batchVariance), T.wrap(mean), T.wrap(variance)]
                    if reserveSpace3 { outputs.append(T.wrap([0])) }
                    return outputs
                }
            }
            let parts = try x.storage.accept(Forward(context: context, layout: layout, reserveSpace3: reserveSpace3))
            let c = [layout.channels]
            return [HostTensor(unchecked: x.shape, parts[0])] + parts[1..<5].map { HostTensor(unchecked: c, $0) }
                + (reserveSpace3 ? [HostTensor(unchecked: [], parts[5])] : [])
        }
    }

    // training (mu, var from the reserve spaces, x^ = (x - mu) / sqrt(var + eps), N per channel):
    //   dx = scale / sqrt(var + eps) * (dy - mean(dy) - x^ * mean(dy * x^))
    // inference (mu, var the estimates): dx = dy * scale / sqrt(var + eps)
    // both: dscale = sum(dy * x^), doffset = sum(dy)
    static func batchNormGrad(_ op: String) -> Kernel {
        Kernel(op) { context in
            let dy = try context.input(0), x = try context.input(1)
            guard dy.shape == x.shape else { throw KernelError("y_backprop \(dy.signature) and x \(x.signature) must have one shape") }
            let layout = try ChannelLayout(context, x)
            struct Backward: FloatVisitor {
                let context: KernelContext, layout: ChannelLayout
                func visit<T: FloatElement>(_ dy: [T]) throws -> [TensorStorage] {
                    let c = layout.channels
                    let x = try context.input(1).elements(as: T.self, "x")
                    let scale: [T] = try NormKernels.params(try context.input(2), "scale", c)
                    let mean: [T] = try NormKernels.params(try context.input(3), "reserve_space_1", c)
                    let variance: [T] = try NormKernels.params(try context.input(4), "reserve_space_2", c)
                    let epsilon = T(try context.float("epsilon", default: 0.0001))
                    let inv = variance.map { 1 / ($0 + epsilon).squareRoot() }
                    let training = context.bool("is_training", default: true)
                    let n = T(layout.perChannel)
                    if layout.inner == 1, !x.isEmpty {
                        return NormKernels.channelsLastGrad(dy, x, scale: scale, mean: mean, inv: inv, training: training,
                                                            ChannelsLast(rows: layout.outer, channels: c))
                    }
                    let dOffset = layout.sums { i, _ in dy[i] }
                    let dScale = layout.sums { i, ch in dy[i] * (x[i] - mean[ch]) * inv[ch] }
                    let dyMean = dOffset.map { $0 / n }, projection = dScale.map { $0 / n }
                    let dx: [T] = buildArray(count: x.count) { out, range in
                        for i in range {
                            let ch = layout.channel(i)
                            let k = scale[ch] * inv[ch]
                            if training {
                                let normalized = (x[i] - mean[ch]) * inv[ch]
                                (out + i).initialize(to: k * (dy[i] - dyMean[ch] - normalized * projection[ch]))
                            } else {
                                (out + i).initialize(to: k * dy[i])
                            }
                        }
                    }
                    return [T.wrap(dx), T.wrap(dScale), T.wrap(dOffset), T.wrap([0]), T.wrap([0])]
                }
            }
            let parts = try dy.storage.accept(Backward(context: context, layout: layout))
            return [HostTensor(unchecked: x.shape, parts[0]), HostTensor(unchecked: [layout.channels], parts[1]),
                    HostTensor(unchecked: [layout.channels], parts[2]), HostTensor(unchecked: [], parts[3]), HostTensor(unchecked: [], parts[4])]
        }
    }

    /// The training or inference gradient over channels-last data, as in `batchNormGrad`.
    static func channelsLastGrad<T: FloatElement>(_ dy: [T], _ x: [T], scale: [T], mean: [T], inv: [T], training: Bool,
                                                  _ layout: ChannelsLast<T>) -> [TensorStorage] {
        let c = layout.channels, n = T(layout.rows)
        return dy.withUnsafeBufferPointer { pdy in
            x.withUnsafeBufferPointer { px in
                guard let sdy = pdy.baseAddress, let sx = px.baseAddress else { return [] }
                let (dOffset, dyCentered) = layout.gradientSums(sdy, sx, mean: mean)
                let dScale = (0..<c).map { dyCentered[$0] * inv[$0] }
                let gain = (0..<c).map { scale[$0] * inv[$0] }
                let dyMean = training ? dOffset.map { $0 / n } : [T](repeating: 0, count: c)
                let slope = training ? (0..<c).map { gain[$0] * inv[$0] * (dScale[$0] / n) } : [T](repeating: 0, count: c)
                let dx = layout.gradientInput(sdy, sx, gain: gain, dyMean: dyMean, slope: slope, mean: mean)
                return [T.wrap(dx), T.wrap(dScale), T.wrap(dOffset), T.wrap([0]), T.wrap([0])]
            }
        }
    }
}
