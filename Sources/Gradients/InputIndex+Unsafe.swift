import Dispatch
import GraphCore
import GraphModel

/// The indexes a pass needs over its input graph: name → position, each node's parsed data
/// inputs, and those inputs resolved to positions. Built in one pass over the nodes, on both
/// cores for large graphs (the name table on one, input parsing on the other, then the
/// resolution in halves).
struct InputIndex {
    var positions: NameTable
    var dataInputs: [[TensorRef]]
    var producerPositions: [[NodeOutput?]]

    /// Below this many nodes a second thread costs more than it saves.
    static let parallelThreshold = 4096

    /// Tables get room for `capacity` positions: the pass appends the nodes it creates.
    init(_ nodes: [Node], capacity: Int) {
        let count = nodes.count
        nonisolated(unsafe) var positions = NameTable(capacity: capacity)
        nonisolated(unsafe) var dataInputs: [[TensorRef]] = []
        dataInputs.reserveCapacity(capacity)
        if count >= Self.parallelThreshold {
            // The two tables are independent: each is written by exactly one worker.
            DispatchQueue.concurrentPerform(iterations: 2) { worker in
                if worker == 0 { Self.addPositions(of: nodes, to: &positions) } else { Self.addParsedInputs(of: nodes, to: &dataInputs) }
            }
        } else {
            Self.addPositions(of: nodes, to: &positions)
            Self.addParsedInputs(of: nodes, to: &dataInputs)
        }

        // Resolved in place, in halves on both cores for large graphs: each worker writes
        // its own range of `dataInputs` and of the producer table.
        let table = positions
        var producerPositions = [[NodeOutput?]](repeating: [], count: count)
        producerPositions.reserveCapacity(capacity)
        dataInputs.withUnsafeMutableBufferPointer { inputs in
            producerPositions.withUnsafeMutableBufferPointer { producers in
                nonisolated(unsafe) let (inputs, producers) = (inputs, producers)
                let halves = count >= Self.parallelThreshold ? [0..<count / 2, count / 2..<count] : [0..<count]
                DispatchQueue.concurrentPerform(iterations: halves.count) { worker in
                    for i in halves[worker] { producers[i] = Self.resolve(&inputs[i], in: table) }
                }
            }
        }
        self.positions = positions
        self.dataInputs = dataInputs
        self.producerPositions = producerPositions
    }

    private static func addPositions(of nodes: [Node], to positions: inout NameTable) {
        // Field reads through `nodes[i]` borrow the node; binding it to a local would retain
        // each of its fields.
        for i in nodes.indices {
            // The first of duplicate names wins.
            positions.insertIfAbsent(nodes[i].name, i)
        }
    }

    private static func addParsedInputs(of nodes: [Node], to dataInputs: inout [[TensorRef]]) {
        for i in nodes.indices {
            // The stored `inputs`, not the computed `dataInputs`: a computed property from
            // another module needs the whole node copied out first.
            let inputs = nodes[i].inputs
            let dataCount = inputs.firstIndex { $0.utf8.first == UInt8(ascii: "^") } ?? inputs.count
            var refs: [TensorRef] = []
            refs.reserveCapacity(dataCount)
            for k in 0..<dataCount { if let ref = TensorRef(parsing: inputs[k]) { refs.append(ref) } }
            dataInputs.append(refs)
        }
    }

    /// Each input's producer position, also recorded in the input as its position hint.
    private static func resolve(_ inputs: inout [TensorRef], in positions: NameTable) -> [NodeOutput?] {
        inputs.indices.map { k in
            guard let p = positions[inputs[k].node] else { return nil }
            inputs[k].position = Int32(truncatingIfNeeded: p)
            return NodeOutput(node: p, output: inputs[k].output)
        }
    }
}
