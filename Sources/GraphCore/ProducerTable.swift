/// The producers of every node's data inputs, by node position, in one flat list: node p's
/// are `flat[end(p - 1)..<end(p)]`. A list per node was an allocation for every node read
/// and every node a pass creates.
///
/// Reads are inlinable: the walks of other modules read producers for every node they
/// visit, and a call per read (building a slice) cost more than the lists saved.
public struct ProducerTable {
    @usableFromInline var flat: [NodeOutput?] = []
    /// Where each node's producers end in `flat`.
    @usableFromInline var ends: [Int32] = []

    public init() {}

    /// Room for `nodes` nodes with `edges` data inputs between them.
    public mutating func reserveCapacity(nodes: Int, edges: Int) {
        ends.reserveCapacity(nodes)
        flat.reserveCapacity(edges)
    }

    /// The number of nodes.
    @inlinable public var count: Int { ends.count }

    @inlinable public subscript(position: Int) -> ProducerList {
        let start = position == 0 ? 0 : Int(ends[position - 1])
        return ProducerList(slice: flat[start..<Int(ends[position])])
    }

    /// Appends the next node's producers one by one, then `endNode()` closes its list.
    @inlinable public mutating func append(_ producer: NodeOutput?) { flat.append(producer) }
    @inlinable public mutating func endNode() { ends.append(Int32(flat.count)) }

    /// Calls `body(consumer, producer)` for each resolved data input of the nodes in
    /// `positions`, in order. The table is borrowed once for the walk rather than sliced,
    /// and its storage retained, for every node.
    public func forEachEdge(of positions: Range<Int>, _ body: (Int, NodeOutput) -> Void) {
        flat.withUnsafeBufferPointer { flat in
            ends.withUnsafeBufferPointer { ends in
                var start = positions.lowerBound == 0 ? 0 : Int(ends[positions.lowerBound - 1])
                for consumer in positions {
                    let end = Int(ends[consumer])
                    for i in start..<end { if let producer = flat[i] { body(consumer, producer) } }
                    start = end
                }
            }
        }
    }

    /// Appends every node of `other` after this table's nodes.
    public mutating func append(contentsOf other: ProducerTable) {
        let offset = Int32(flat.count)
        flat.append(contentsOf: other.flat)
        ends.reserveCapacity(ends.count + other.ends.count)
        for end in other.ends { ends.append(end + offset) }
    }
}

/// The producers of one node's data inputs, in input order (nil: an input naming no node).
public struct ProducerList: RandomAccessCollection {
    @usableFromInline let slice: ArraySlice<NodeOutput?>

    @inlinable init(slice: ArraySlice<NodeOutput?>) { self.slice = slice }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { slice.count }
    @inlinable public subscript(i: Int) -> NodeOutput? { slice[slice.startIndex + i] }
}
