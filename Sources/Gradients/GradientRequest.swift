import GraphModel

/// How several gradients arriving at one tensor are summed (TF's `AggregationMethod`).
public enum AggregationMethod: String, Sendable, CaseIterable {
    case addN = "add_n"
    case experimentalTree = "experimental_tree"
    case experimentalAccumulateN = "experimental_accumulate_n"
}

/// The arguments of `tf.gradients(ys, xs, grad_ys, name, colocate_gradients_with_ops,
/// gate_gradients, aggregation_method, stop_gradients)`.
public struct GradientRequest: Sendable, Equatable {
    public var ys: [TensorRef]
    public var xs: [TensorRef]
    /// One entry per y (nil entries use the default ones-seed), or nil for all defaults.
    public var gradYs: [TensorRef?]?
    /// Root name scope; nil means "gradients". A trailing "/" uses the scope verbatim.
    public var name: String?
    public var colocateGradientsWithOps: Bool
    public var gateGradients: Bool
    public var aggregationMethod: AggregationMethod
    public var stopGradients: [TensorRef]

    public init(
        ys: [TensorRef], xs: [TensorRef], gradYs: [TensorRef?]? = nil, name: String? = "gradients",
        colocateGradientsWithOps: Bool = false, gateGradients: Bool = false,
        aggregationMethod: AggregationMethod = .addN, stopGradients: [TensorRef] = []
    ) {
        self.ys = ys
        self.xs = xs
        self.gradYs = gradYs
        self.name = name
        self.colocateGradientsWithOps = colocateGradientsWithOps
        self.gateGradients = gateGradients
        self.aggregationMethod = aggregationMethod
        self.stopGradients = stopGradients
    }
}

/// The gradient TensorFlow would return for one x.
public enum GradientResult: Sendable, Equatable {
    /// x is not connected to any y through differentiable edges.
    case none
    case tensor(TensorRef)
    /// A sparse gradient, as `tf.IndexedSlices(values, indices, dense_shape)`.
    case indexedSlices(values: TensorRef, indices: TensorRef, denseShape: TensorRef)
}

/// A rewritten graph and the gradient of each x, in the order of `GradientRequest.xs`.
public struct GradientRewrite: Sendable {
    public var graph: Graph
    public var results: [GradientResult]
    public var nodesAdded: Int
}
