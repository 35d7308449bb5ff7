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

/// How many nodes a store read with `originalCount` nodes will hold once a gradient pass
/// has added its own, for sizing tables up front: a pass adds up to about 1.3 nodes per
/// forward op on its path (chains of element-wise ops), so 2.5x leaves room for the whole
/// graph on the path. Tables that regrow copy every entry, a tenth of a chain's pass.
public func expectedNodeCount(afterPassOver originalCount: Int) -> Int { originalCount * 5 / 2 }

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
