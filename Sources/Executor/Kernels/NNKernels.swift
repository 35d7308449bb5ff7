/// Neural-network ops: bias add, softmax family, cross-entropy losses, L2 loss.
enum NNKernels {
    static let all: [Kernel] = [
        .single("BiasAdd") { context in
            let x = try context.input(0), bias = try context.input(1)
            let axis = try channelAxis(context, rank: x.rank)
            guard bias.rank == 1, bias.count == x.shape[axis] else {
                throw KernelError("bias \(bias.signature) must be a vector matching dimension \(axis) of value \(x.signature)")
            }
            let shaped = bias.reshaped([bias.count] + Array(repeating: 1, count: x.rank - 1 - axis))
            var addContext = KernelContext(node: context.node, inputs: [x, shaped], state: context.state)
            return try BinaryKernels.addKernel.compute(&addContext)[0]
        },
        .single("BiasAddGrad") { context in
            let dy = try context.input(0)
            let axis = try channelAxis(context, rank: dy.rank)
            let axes = Set(0..<dy.rank).subtracting([axis])
            struct Sum: FloatVisitor {
                let shape: [Int], axes: Set<Int>
                func visit<T: FloatElement>(_ v: [T]) -> TensorStorage {
                    T.wrap(reduceAxes(v, shape: shape, axes: axes, initial: 0) { $0 + $1 })
                }
            }
            return HostTensor(unchecked: [dy.shape[axis]], try dy.storage.accept(Sum(shape: dy.shape, axes: axes)))
        },
        .single("Softmax") { context in try softmax(try context.input(0), log: false) },
        .single("LogSoftmax") { context in try softmax(try context.input(0), log: true) },
        Kernel("SoftmaxCrossEntropyWithLogits") { context in
            let logits = try context.input(0), labels = try context.input(1)
            guard logits.rank == 2, labels.shape == logits.shape else {
                throw KernelError("logits and labels must be matrices of one shape: \(logits.signature), \(labels.signature)")
            }
            struct Xent: FloatVisitor {
                let labels: HostTensor, batch: Int, classes: Int
                func visit<T: FloatElement>(_ f: [T]) throws -> [TensorStorage] {
                    let y = try labels.elements(as: T.self, "labels")
                    var loss = [T](repeating: 0, count: batch), backprop = [T](repeating: 0, count: f.count)
                    for b in 0..<batch {
                        let row = b * classes
                        let (maxValue, logSum) = logSumExp(f, row, classes)
                        var l: T = 0
                        for c in 0..<classes {
                            let logP = f[row + c] - maxValue - logSum
                            l -= y[row + c] * logP
                            backprop[row + c] = T.exp(logP) - y[row + c]
                        }
                        loss[b] = l
                    }
                    return [T.wrap(loss), T.wrap(backprop)]
                }
            }
            let parts = try logits.storage.accept(Xent(labels: labels, batch: logits.shape[0], classes: logits.shape[1]))
            return [HostTensor(unchecked: [logits.shape[0]], parts[0]), HostTensor(unchecked: logits.shape, parts[1])]
        },
        Kernel("SparseSoftmaxCrossEntropyWithLogits") { context in
            let logits = try context.input(0)
            let labels = try context.intInput(1, "labels")
            guard logits.rank == 2, labels.count == logits.shape[0] else {
                throw KernelError("logits must be [batch, classes] and labels [batch]: \(logits.signature), \(try context.input(1).signature)")
            }
            let classes = logits.shape[1]
            if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
                throw KernelError("label \(bad) is out of range [0, \(classes))")
            }
            struct Xent: FloatVisitor {
                let labels: [Int], classes: Int
                func visit<T: FloatElement>(_ f: [T]) -> [TensorStorage] {
                    var loss = [T](repeating: 0, count: labels.count), backprop = [T](repeating: 0, count: f.count)
                    for (b, label) in labels.enumerated() {
                        let row = b * classes
                        let (maxValue, logSum) = logSumExp(f, row, classes)
                        for c in 0..<classes { backprop[row + c] = T.exp(f[row + c] - maxValue - logSum) }
                        backprop[row + label] -= 1
                        loss[b] = maxValue + logSum - f[row + label]
                    }
                    return [T.wrap(loss), T.wrap(backprop)]
                }
            }
            let parts = try logits.storage.accept(Xent(labels: labels, classes: classes))
            return [HostTensor(unchecked: [labels.count], parts[0]), HostTensor(unchecked: logits.shape, parts[1])]
        },
        .single("L2Loss") { context in
            struct Half: FloatVisitor {
                func visit<T: FloatElement>(_ v: [T]) -> TensorStorage {
                    var sum: T = 0
                    for x in v { sum += x * x }
                    return T.wrap([sum / 2])
                }
            }
            return HostTensor(unchecked: [], try context.input(0).storage.accept(Half()))
        },
    ]

    /// The channel dimension for `data_format` (NHWC: last; NCHW: 1).
    static func channelAxis(_ context: KernelContext, rank: Int) throws -> Int {
        guard rank >= 1 else { throw KernelError("value must have rank >= 1") }
        let format = context.string("data_format", default: "NHWC")
        if format.hasPrefix("NC") && rank >= 3 { return 1 }
        return rank - 1
    }

    // softmax(x)_i = e^(x_i - m - log sum_j e^(x_j - m)), m = max x, per innermost row;
    // LogSoftmax is the exponent itself.
    static func softmax(_ x: HostTensor, log: Bool) throws -> HostTensor {
        guard x.rank >= 1 else { throw KernelError("logits must have rank >= 1") }
        struct Rows: FloatVisitor {
            let width: Int, log: Bool
            func visit<T: FloatElement>(_ v: [T]) -> TensorStorage {
                guard width > 0 else { return T.wrap(v) }
                let rows = v.count / width
                let out = [T](unsafeUninitializedCapacity: v.count) { buffer, initialized in
                    if let base = buffer.baseAddress {
                        Parallel.forEachChunk(rows, grain: max(1, Parallel.grain / width)) { rowRange in
                            for r in rowRange {
                                let start = r * width
                                let (m, logSum) = logSumExp(v, start, width)
                                for k in 0..<width {
                                    let z = v[start + k] - m - logSum
                                    (base + start + k).initialize(to: log ? z : T.exp(z))
                                }
                            }
                        }
                    }
                    initialized = v.count
                }
                return T.wrap(out)
            }
        }
        return HostTensor(unchecked: x.shape, try x.storage.accept(Rows(width: x.shape[x.rank - 1], log: log)))
    }
}

/// (max, log sum exp(x - max)) over `count` elements of `x` from `start`.
func logSumExp<T: FloatElement>(_ x: [T], _ start: Int, _ count: Int) -> (T, T) {
    var m = -T.infinity
    for k in 0..<count where x[start + k] > m { m = x[start + k] }
    var sum: T = 0
    for k in 0..<count { sum += T.exp(x[start + k] - m) }
    return (m, T.log(sum))
}
