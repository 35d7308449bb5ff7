import Dispatch
import GraphCore
import GraphModel

/// The indexes a pass needs over its input graph: name → position, and each node's data
/// inputs resolved to the positions of their producers. Inputs are resolved from their
/// strings' bytes, without a `TensorRef` (and a `String` for every `op:k`) per edge: most
/// nodes of a large graph are never on the gradient path, so their inputs are never
/// needed as references. Resolution runs in halves on both cores for large graphs.
struct InputIndex {
    var positions: NameTable
    var producerPositions: [[NodeOutput?]]

    /// Below this many nodes a second thread costs more than it saves.
    static let parallelThreshold = 4096

    /// Tables get room for `capacity` positions: the pass appends the nodes it creates.
    init(_ nodes: [Node], capacity: Int) {
        let count = nodes.count
        var positions = NameTable(capacity: capacity)
        // Field reads through `nodes[i]` borrow the node; binding it to a local would retain
        // each of its fields. The first of duplicate names wins.
        for i in nodes.indices { positions.insertIfAbsent(nodes[i].name, i) }

        // Each worker writes its own range of the producer table.
        let table = positions
        var producerPositions = [[NodeOutput?]](repeating: [], count: count)
        producerPositions.reserveCapacity(capacity)
        producerPositions.withUnsafeMutableBufferPointer { producers in
            nonisolated(unsafe) let producers = producers
            let halves = count >= Self.parallelThreshold ? [0..<count / 2, count / 2..<count] : [0..<count]
            DispatchQueue.concurrentPerform(iterations: halves.count) { worker in
                for i in halves[worker] { producers[i] = Self.producers(of: nodes[i].inputs, in: table) }
            }
        }
        self.positions = positions
        self.producerPositions = producerPositions
    }

    /// The producer of each data input (nil for a name no node has), in order; empty
    /// strings are skipped, as `TensorRef(parsing:)` skips them.
    static func producers(of inputs: [String], in table: NameTable) -> [NodeOutput?] {
        // Sources (constants, variables, placeholders) are a large share of any graph.
        guard !inputs.isEmpty else { return [] }
        var producers: [NodeOutput?] = []
        producers.reserveCapacity(inputs.count)
        for input in Node.dataInputs(of: inputs) {
            let resolved: NodeOutput?? = withBytes(of: input) { bytes in
                guard let (nameLength, output) = TensorRef.split(bytes) else { return .none }
                let position = table[utf8: UnsafeBufferPointer(rebasing: bytes[..<nameLength])]
                return .some(position.map { NodeOutput(node: $0, output: output) })
            }
            if let resolved { producers.append(resolved) }
        }
        return producers
    }

    private static func withBytes<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
