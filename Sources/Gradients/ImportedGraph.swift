import GraphCore
import GraphModel

/// A graph made ready for a gradient pass, the counterpart of TensorFlow's imported graph
/// (`tf.import_graph_def`): every node's inputs resolved to their producers and its
/// consumers listed, names indexed, static dtypes and shapes inferred for every node.
/// TensorFlow does this work when it imports a graph, before `gradients()` is called;
/// keeping it a step of its own lets a caller overlap it, time it, or report on it
/// separately from the pass.
///
/// Consumed by the rewrite it is given to: the pass appends to its node array in place.
public struct ImportedGraph: ~Copyable {
    let builder: GraphBuilder
    let edges: ForwardEdges
    /// The graph's other fields (versions, function library, unknown fields), kept for the result.
    let envelope: Graph

    /// Taking `graph` as `consuming` lets a caller that no longer needs it hand its node
    /// array over instead of having it copied.
    public init(_ graph: consuming Graph) {
        var envelope = graph
        // Moved, not shared: when the caller gave its graph up, the builder then holds the
        // only reference to the node array and appends to it without copying it.
        var nodes: [Node] = []
        swap(&nodes, &envelope.nodes)
        builder = GraphBuilder(nodes: consume nodes, namesRelevantTo: nil)
        builder.analysis.analyseAll()
        edges = ForwardEdges(builder: builder)
        self.envelope = envelope
    }

    public var nodeCount: Int { builder.originalCount }
}
