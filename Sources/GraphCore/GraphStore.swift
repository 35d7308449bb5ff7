import GraphModel

/// One output of the node at a position in a graph store.
public struct NodeOutput: Hashable, Sendable {
    public var node: Int
    public var output: Int

    public init(node: Int, output: Int) {
        self.node = node
        self.output = output
    }
}

/// A growing graph whose nodes are addressed by position, with each node's data inputs
/// parsed and resolved once. Analyses work on positions so a walk over thousands of
/// nodes does not hash a name per edge.
public protocol GraphStore: AnyObject {
    var nodeCount: Int { get }
    func position(of name: String) -> Int?
    /// The position of `tensor`'s node, trusting its position hint when the name there matches.
    func position(of tensor: TensorRef) -> Int?
    func node(at position: Int) -> Node
    /// Single fields of a node: reading them does not copy (and retain) the whole node.
    func op(at position: Int) -> String
    func attrs(at position: Int) -> AttrMap
    /// The data inputs as written.
    func inputs(at position: Int) -> [TensorRef]
    /// The data inputs resolved to positions (nil for a producer not in the graph).
    func producers(at position: Int) -> ProducerList
}
