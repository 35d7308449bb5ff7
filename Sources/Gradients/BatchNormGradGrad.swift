import GraphCore
import GraphModel

/// The gradient of the batch-norm gradient ops (second order through batch norm), as TF's
/// `_FusedBatchNormGradGrad` builds it: the backward pass is replayed as ordinary ops
/// (`_BatchNormGrad`) while a gradient tape watches `dy`, `x` and `scale`, and the tape's
/// gradients of the replayed `dx`, `dscale`, `doffset` are the rule's answer.
let batchNormSecondOrderGradients: [([String], GradientRule)] = [
    // (dx, dscale, doffset, r4, r5[, r6]) = fused_batch_norm_grad(dy, x, scale, r1, r2[, r3]);
    // d dy, d x, d scale from the tape; the statistics inputs get None.
    (["FusedBatchNormGrad", "FusedBatchNormGradV2", "FusedBatchNormGradV3"], .function { (c) throws(GradientError) in
        try fusedBatchNormGradGradient(c)
    }),
]

private func fusedBatchNormGradGradient(_ c: RuleContext) throws(GradientError) -> [Gradient?] {
    let dy = c.inputs[0], x = c.inputs[1], scale = c.inputs[2]
    guard let layout = BatchNormLayout(c.attr("data_format")?.stringValue ?? "NHWC") else {
        throw .unsupported(node: c.name, op: c.op, reason: "data_format \(c.attr("data_format")?.stringValue ?? "?")")
    }
    var replay = BatchNormReplay(builder: c.b, layout: layout, epsilon: Double(c.attr("epsilon")?.floatValue ?? 0.0001))
    replay.tape.watch(dy)
    replay.tape.watch(x)
    replay.tape.watch(scale)
    let training = c.attr("is_training")?.boolValue ?? true
    let (dx, dscale, doffset) = training
        ? replay.trainingGradients(dy: dy, x: x, scale: scale)
        : replay.inferenceGradients(dy: dy, x: x, scale: scale, mean: c.inputs[3], variance: c.inputs[4])
    let seeds = (0..<3).map { c.incoming($0) }
    let grads = try replay.tape.gradient(of: [dx, dscale, doffset], withRespectTo: [dy, x, scale], seeds: seeds)
    return grads + Array(repeating: nil, count: c.inputs.count - 3)
}

/// Where the channels are, and so what the replay reduces over.
struct BatchNormLayout {
    let rank: Int
    let channelsFirst: Bool

    init?(_ format: String) {
        switch format {
        case "NHWC": (rank, channelsFirst) = (4, false)
        case "NDHWC": (rank, channelsFirst) = (5, false)
        case "NCHW": (rank, channelsFirst) = (4, true)
        case "NCDHW": (rank, channelsFirst) = (5, true)
        default: return nil
        }
    }

    /// Every axis but the channels'.
    var reductionAxes: [Int] { channelsFirst ? [0] + Array(2..<rank) : Array(0..<(rank - 1)) }
}

/// TF's `_BatchNormGrad` rebuilt op for op, each op recorded on the tape with the scope it was
/// built in. Python's operators (`a - b`, `a * b`, `a + eps`) open a scope named after the op
/// they build; functions (`reduce_mean`, `rsqrt`, ...) build in the current one.
private struct BatchNormReplay {
    let b: GraphBuilder
    let layout: BatchNormLayout
    let epsilon: Double
    var tape: GradientTape

    init(builder: GraphBuilder, layout: BatchNormLayout, epsilon: Double) {
        b = builder
        self.layout = layout
        self.epsilon = epsilon
        tape = GradientTape(builder: builder)
    }

    /// Gradients of a training-mode batch norm (statistics from the batch itself).
    mutating func trainingGradients(dy gradY: TensorRef, x input: TensorRef, scale channelScale: TensorRef)
        -> (TensorRef, TensorRef, TensorRef) {
        let (x, dy) = computeType(input, gradY)
        let keepDims = layout.channelsFirst
        var scale = channelScale
        if layout.channelsFirst { scale = reshapeToBroadcast(scale, size: channelCount(of: channelScale)) }
        let meanDy = reduce("Mean", dy, keepDims: keepDims)
        let meanX = reduce("Mean", x, keepDims: keepDims)
        let stopped = b.unary("StopGradient", meanX)  // built with the tape's recording stopped
        let variance = reduce("Mean", function(b.binary("SquaredDifference", x, stopped)), keepDims: keepDims)
        let dyOffset = binaryOperator("Sub", "sub", dy, .tensor(meanDy))
        let xOffset = binaryOperator("Sub", "sub", x, .tensor(meanX))
        let meanProduct = reduce("Mean", binaryOperator("Mul", "mul", dy, .tensor(xOffset)), keepDims: keepDims)
        // scale * rsqrt(var + eps) * (dy_offset - reciprocal(var + eps) * mean * x_offset)
        let scaled = binaryOperator("Mul", "mul", scale, .tensor(function(b.unary("Rsqrt", plusEpsilon(variance)))))
        let reciprocal = function(b.unary("Reciprocal", plusEpsilon(variance)))
        let correction = binaryOperator("Mul", "mul", binaryOperator("Mul", "mul", reciprocal, .tensor(meanProduct)), .tensor(xOffset))
        let dx = binaryOperator("Mul", "mul", scaled, .tensor(binaryOperator("Sub", "sub", dyOffset, .tensor(correction))))
        // rsqrt(var + eps) * reduce_sum(dy * x_offset)
        let inverseDeviation = function(b.unary("Rsqrt", plusEpsilon(variance)))
        var dscale = binaryOperator("Mul", "mul", inverseDeviation,
                                    .tensor(reduce("Sum", binaryOperator("Mul", "mul", dy, .tensor(xOffset)), keepDims: keepDims)))
        if layout.channelsFirst { dscale = function(b.squeeze(dscale, axes: [])) }
        let doffset = reduce("Sum", dy, keepDims: false)
        return (castBack(dx, to: b.dtype(input)), dscale, doffset)
    }

    /// Gradients of an inference-mode batch norm (given statistics, which get no gradient).
    mutating func inferenceGradients(dy gradY: TensorRef, x input: TensorRef, scale channelScale: TensorRef,
                                     mean populationMean: TensorRef, variance populationVariance: TensorRef)
        -> (TensorRef, TensorRef, TensorRef) {
        let (x, dy) = computeType(input, gradY)
        var mean = populationMean, variance = populationVariance, scale = channelScale
        if layout.channelsFirst {
            let size = channelCount(of: populationMean)
            mean = reshapeToBroadcast(mean, size: size)
            variance = reshapeToBroadcast(variance, size: size)
            scale = reshapeToBroadcast(scale, size: size)
        }
        let doffset = reduce("Sum", dy, keepDims: false)
        let inverseDeviation = function(b.unary("Rsqrt", plusEpsilon(variance)))
        let centered = binaryOperator("Sub", "sub", x, .tensor(mean))
        let product = binaryOperator("Mul", "mul", binaryOperator("Mul", "mul", dy, .tensor(centered)), .tensor(inverseDeviation))
        let dscale = reduce("Sum", product, keepDims: false)
        let dx = binaryOperator("Mul", "mul", binaryOperator("Mul", "mul", dy, .tensor(scale)), .tensor(inverseDeviation))
        return (castBack(dx, to: b.dtype(input)), dscale, doffset)
    }

    // MARK: Building and recording

    /// An op built by a function: recorded with the current scope.
    private mutating func function(_ t: TensorRef) -> TensorRef {
        tape.record(t, scope: b.scope)
        return t
    }

    /// An op built by a Python operator: recorded with the scope it opened, its own name.
    private mutating func binaryOperator(_ type: String, _ name: String, _ x: TensorRef, _ y: OpInput) -> TensorRef {
        let t = b.binary(type, .tensor(x), y, name: name)
        tape.record(t, scope: t.node)
        return t
    }

    private mutating func plusEpsilon(_ t: TensorRef) -> TensorRef {
        binaryOperator("AddV2", "add", t, .scalar(epsilon, b.dtype(t), arg: "y"))
    }

    private mutating func reduce(_ type: String, _ t: TensorRef, keepDims: Bool) -> TensorRef {
        function(b.reduce(type, t, .intList(layout.reductionAxes, arg: "reduction_indices", dtype: .int32), keepDims: keepDims))
    }

    /// `array_ops.size(t)`: a constant when the shape is static, else a recorded `Size`.
    private mutating func channelCount(of t: TensorRef) -> TensorRef {
        let size = b.sizeOf(t)
        if b.op(of: size.node) == "Size" { tape.record(size, scope: b.scope) }
        return size
    }

    /// `reshape(t, [1, size, 1, 1(, 1)])`: the list is packed inside the reshape's scope.
    private mutating func reshapeToBroadcast(_ t: TensorRef, size: TensorRef) -> TensorRef {
        let name = b.uniqueName("Reshape")
        let dims: [OpInput] = (0..<layout.rank).map { $0 == 1 ? .tensor(size) : .int(1, arg: "") }
        let shape = b.withExactScope(name) { b.pack(dims, name: "shape") }
        return function(b.add(name: name, op: "Reshape", inputs: [t, shape],
                              attrs: ["T": .type(b.dtype(t)), "Tshape": .type(.int32)]))
    }

    /// Half-precision inputs are replayed in float32 (`math_ops.cast`, which opens a scope).
    private mutating func computeType(_ x: TensorRef, _ dy: TensorRef) -> (TensorRef, TensorRef) {
        guard b.dtype(x) == .float16 || b.dtype(x) == .bfloat16 else { return (x, dy) }
        return (cast(x, to: .float32), cast(dy, to: .float32))
    }

    private mutating func castBack(_ t: TensorRef, to dtype: DType) -> TensorRef {
        b.dtype(t) == dtype ? t : cast(t, to: dtype)
    }

    private mutating func cast(_ t: TensorRef, to dtype: DType) -> TensorRef {
        let cast = b.cast(t, to: dtype)
        tape.record(cast, scope: cast.node)
        return cast
    }
}
