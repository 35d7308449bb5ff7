import Executor
import Gradients
import GraphModel

/// What to check: the derivative `tf.gradients(ys, xs, grad_ys, stop_gradients=...)` defines,
/// that is of `sum(grad_ys * ys)` with respect to each x, holding the `stopGradients` tensors
/// and the outputs of `StopGradient` ops at their current values.
public struct CheckRequest: Sendable {
    /// The forward graph (when `gradients` is nil) or an already rewritten graph.
    public var graph: Graph
    public var gradientRequest: GradientRequest
    /// The gradient of each x in `graph`, in the order of `gradientRequest.xs`; nil to
    /// rewrite `graph` with `GradientRewriter` first and check what it produces.
    public var gradients: [GradientResult]?
    /// Values keyed as in `.npz` feed files: `x:0` feeds a tensor, a variable op's name
    /// sets that variable. Anything missing is generated from `CheckOptions.seed`.
    public var feeds: [(String, HostTensor)]

    public init(graph: Graph, gradientRequest: GradientRequest, gradients: [GradientResult]? = nil, feeds: [(String, HostTensor)] = []) {
        self.graph = graph
        self.gradientRequest = gradientRequest
        self.gradients = gradients
        self.feeds = feeds
    }
}
