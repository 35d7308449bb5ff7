import GraphCore
import GraphModel

/// Data edges of the forward graph in both directions, by node position, built once in
/// O(nodes + edges) from the builder's resolved inputs.
struct ForwardEdges {
    private let builder: GraphBuilder
    /// The consumers of producer `p`, as (consumer, producer output), in consumer order, are
    /// `consumers[consumerStart[p]..<consumerStart[p + 1]]`: one flat list rather than an
    /// array per node, which was an allocation for every node of the graph.
    private let consumerStart: [Int]
    private let consumers: [(node: Int, output: Int)]

    init(builder: GraphBuilder) {
        self.builder = builder
        let count = builder.originalCount
        let edges = builder.producerPositions
        var start = [Int](repeating: 0, count: count + 1)
        edges.forEachEdge(of: 0..<count) { _, producer in
            if producer.node < count { start[producer.node + 1] += 1 }
        }
        for p in 0..<count { start[p + 1] += start[p] }
        var next = start
        var consumers = [(node: Int, output: Int)](repeating: (0, 0), count: start[count])
        edges.forEachEdge(of: 0..<count) { position, producer in
            guard producer.node < count else { return }
            consumers[next[producer.node]] = (position, producer.output)
            next[producer.node] += 1
        }
        self.consumerStart = start
        self.consumers = consumers
    }

    func inputs(at position: Int) -> [TensorRef] { builder.inputs(at: position) }

    /// Calls `body` with the position of each input producer of a node (unknown producers
    /// are skipped), without building a list per call: the walk asks for every forward op.
    func forEachProducer(at position: Int, _ body: (Int) -> Void) {
        for case let producer? in builder.producers(at: position) { body(producer.node) }
    }

    /// Nodes reachable from `from` along data edges whose tensors carry gradients (§3.1).
    func forwardReach(from: [Int], trainable: (NodeOutput) -> Bool) -> [Bool] {
        var reached = Array(repeating: false, count: builder.nodeCount)
        var queue = Deque<Int>()
        for op in from where !reached[op] {
            reached[op] = true
            queue.append(op)
        }
        while let op = queue.popFirst() {
            guard op < builder.originalCount else { continue }
            for (consumer, output) in consumers[consumerStart[op]..<consumerStart[op + 1]] where !reached[consumer] {
                if trainable(NodeOutput(node: op, output: output)) {
                    reached[consumer] = true
                    queue.append(consumer)
                }
            }
        }
        return reached
    }

    /// The reachable nodes that lie on a path to a y, in discovery order (§3.2).
    func between(toOps: [Int], reached: [Bool]) -> (list: [Int], member: [Bool]) {
        var remaining = reached
        var list: [Int] = []
        var member = Array(repeating: false, count: reached.count)
        var queue = Deque(toOps)
        while let op = queue.popFirst() {
            guard op < remaining.count, remaining[op] else { continue }
            remaining[op] = false
            list.append(op)
            member[op] = true
            forEachProducer(at: op) { queue.append($0) }
        }
        return (list, member)
    }
}

/// A FIFO queue with O(1) amortized push and pop.
struct Deque<Element> {
    private var storage: [Element] = []
    private var head = 0

    init() {}
    init(_ elements: [Element]) { storage = elements }

    mutating func append(_ element: Element) { storage.append(element) }

    mutating func popFirst() -> Element? {
        guard head < storage.count else { return nil }
        let element = storage[head]
        head += 1
        if head > 1024 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return element
    }
}
