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
    var producerPositions: ProducerTable

    /// Below this many nodes a second thread costs more than it saves.
    static let parallelThreshold = 4096

    /// Tables get room for `capacity` positions: the pass appends the nodes it creates.
    init(_ nodes: [Node], capacity: Int) {
        let count = nodes.count
        var positions = NameTable(capacity: capacity)
        // Field reads through `nodes[i]` borrow the node; binding it to a local would retain
        // each of its fields. The first of duplicate names wins.
        for i in nodes.indices { positions.insertIfAbsent(nodes[i].name, i) }

        // Each worker resolves its half into a table of its own; the halves are joined after.
        let table = positions
        let halves = count >= Self.parallelThreshold ? [0..<count / 2, count / 2..<count] : [0..<count]
        let parts = UnsafeResults<ProducerTable>(count: halves.count)
        DispatchQueue.concurrentPerform(iterations: halves.count) { worker in
            var part = ProducerTable()
            // Room for the created nodes too in the first half, which the second is appended to.
            part.reserveCapacity(nodes: worker == 0 ? capacity : halves[worker].count,
                                 edges: 2 * (worker == 0 ? capacity : halves[worker].count))
            for i in halves[worker] { Self.appendProducers(of: nodes[i].inputs, in: table, to: &part) }
            parts[worker] = part
        }
        var producers = parts[0]!
        for worker in halves.indices.dropFirst() { producers.append(contentsOf: parts[worker]!) }
        self.positions = positions
        self.producerPositions = producers
    }

    /// Appends a node: the producer of each data input (nil for a name no node has), in
    /// order; empty strings are skipped, as `TensorRef(parsing:)` skips them.
    static func appendProducers(of inputs: [String], in table: NameTable, to producers: inout ProducerTable) {
        for input in Node.dataInputs(of: inputs) {
            let resolved: NodeOutput?? = input.withUTF8Bytes { bytes in
                guard let (nameLength, output) = TensorRef.split(bytes) else { return .none }
                let position = table[utf8: UnsafeBufferPointer(rebasing: bytes[..<nameLength])]
                return .some(position.map { NodeOutput(node: $0, output: output) })
            }
            if let resolved { producers.append(resolved) }
        }
        producers.endNode()
    }
}
