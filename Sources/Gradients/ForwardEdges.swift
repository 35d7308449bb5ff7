import GraphCore
import GraphModel

/// Data edges of the forward graph in both directions, by node position, built once in
/// O(nodes + edges) from the builder's resolved inputs.
struct ForwardEdges {
    private let builder: GraphBuilder
    /// consumers[producer] = (consumer, producer output) for every data edge.
    private var consumers: [[(node: Int, output: Int)]]

    init(builder: GraphBuilder) {
        self.builder = builder
        var consumers = Array(repeating: [(node: Int, output: Int)](), count: builder.originalCount)
        for position in 0..<builder.originalCount {
            for case let producer? in builder.producers(at: position) where producer.node < builder.originalCount {
                consumers[producer.node].append((position, producer.output))
            }
        }
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
            guard op < consumers.count else { continue }
            for (consumer, output) in consumers[op] where !reached[consumer] {
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
