import GraphCore
import GraphModel

/// What a rule sees: the forward op, its tensors, the incoming gradients and the builder.
struct RuleContext {
    let builder: GraphBuilder
    /// The forward op's name, type and attributes (what rules read of the node).
    let name: String
    let op: String
    let attrs: AttrMap
    let inputs: [TensorRef]
    /// The forward op's position, for references to its outputs.
    let position: Int
    /// Incoming gradient per output (already aggregated and zero-filled), one per output.
    let grads: [Gradient?]
    /// Zero-fill tensors, which rules may skip work for.
    let knownZeros: [TensorRef]
    /// Inputs whose gradients nobody asked for, bit i for input i: set only by a gradient tape
    /// (TF's `op.skip_input_indices`, which a few rules read to build less); none in
    /// `tf.gradients`. A mask, not an array: every rule call builds a context.
    var skippedInputs: UInt64 = 0

    var b: GraphBuilder { builder }
    var x: TensorRef { inputs[0] }
    var y: TensorRef { inputs[1] }
    /// Output `k` of the forward op.
    func output(_ k: Int) -> TensorRef { TensorRef(node: name, output: k, position: position) }
    var z: TensorRef { output(0) }
    /// Every output, built when a rule asks: most read only `z`, or none.
    var outputs: [TensorRef] { grads.indices.map(output) }

    /// The dense gradient of output `k`. Sparse rows are summed into place here, in the
    /// rule's scope, as TF's `_IndexedSlicesToTensorNoWarning` does (`UnsortedSegmentSum`):
    /// call it where the rule converts, since the conversion's nodes take names in order.
    func grad(_ k: Int = 0) -> TensorRef {
        switch grads[k] {
        case .dense(let t)?: return t
        case .slices(let s)?: return builder.densify(s, name: "UnsortedSegmentSum")
        case nil: return builder.zerosLike(output(k))
        }
    }

    /// The incoming gradient of output `k` as it came, dense or sparse (zeros if none came).
    func incoming(_ k: Int = 0) -> Gradient { grads[k] ?? .dense(grad(k)) }

    /// The incoming gradient of output `k` as an input of the op a rule builds next: sparse
    /// rows are densified inside that op, named after its argument `arg` (TF's conversion).
    func gradInput(_ k: Int = 0, arg: String) -> OpInput {
        grads[k].map { OpInput.gradient($0, arg: arg) } ?? .tensor(grad(k))
    }

    /// The tensor whose producer a control-dependency block on gradient `k` depends on.
    func gradProducer(_ k: Int = 0) -> TensorRef { grads[k]?.primary ?? grad(k) }

    /// Whether the caller skips input `i`'s gradient (TF's `i in op.skip_input_indices`).
    func skips(_ i: Int) -> Bool { i < 64 && skippedInputs & (1 << UInt64(i)) != 0 }

    func attr(_ name: String) -> AttrValue? { attrs[name] }
    func bool(_ name: String) -> Bool { attrs[name]?.boolValue ?? false }
    func dtype(_ t: TensorRef) -> DType { builder.dtype(t) }
    func shape(_ t: TensorRef) -> StaticShape { builder.shape(t) }
}

typealias GradientFunction = @Sendable (RuleContext) throws(GradientError) -> [Gradient?]

/// Each op is in exactly one state: it has a rule, is explicitly not differentiable, or
/// is missing (an error when reached).
enum GradientRule {
    case function(GradientFunction)
    case notDifferentiable
    /// `PreventGradient`: reaching it is an error carrying the op's message.
    case prevented
}

/// The registry, built once from the per-family literal tables.
enum GradientRegistry {
    /// Every family's table; an op listed twice would be answered by its later entry.
    static let entries = mathGradients + trigGradients + gradientKernelGradients + arrayGradients + indexingGradients + linalgGradients + nnGradients + convGradients
        + batchNormSecondOrderGradients + stateGradients + controlFlowGradients
    static let rules = OpTable<GradientRule>(entries)
}

// MARK: Combinators for the common shapes of rules

/// A rule returning one dense gradient for input 0 built from the context.
func unaryRule(_ body: @escaping @Sendable (RuleContext) -> TensorRef) -> GradientRule {
    .function { c in
        // Appended: concatenating with `Array(repeating:count:)` allocated twice more.
        var grads: [Gradient?] = []
        grads.reserveCapacity(max(c.inputs.count, 1))
        grads.append(.dense(body(c)))
        while grads.count < c.inputs.count { grads.append(nil) }
        return grads
    }
}

/// dx = g * factor, the factor built under a control dependency on g (TF's
/// `with ops.control_dependencies([grad]): return grad * f(x)`), sparse rows densified in the Mul.
func controlledProductRule(_ factor: @escaping @Sendable (RuleContext) -> TensorRef) -> GradientRule {
    unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) { c.b.times(g, factor(c)) }
    }
}

/// A rule passing the incoming gradient of output k to input k unchanged.
let passThrough = GradientRule.function { c in
    c.inputs.indices.map { i in i < c.grads.count ? c.grads[i] : nil }
}
