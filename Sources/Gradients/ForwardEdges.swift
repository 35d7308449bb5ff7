import GraphCore
import GraphModel

/// Data edges of the forward graph in both directions, built once in O(nodes + edges).
struct ForwardEdges {
    private let builder: GraphBuilder
    /// consumers[producer position] = (consumer name, producer output) for every data edge.
    private var consumers: [[(String, Int)]]

    init(builder: GraphBuilder) {
        self.builder = builder
        var consumers = Array(repeating: [(String, Int)](), count: builder.originalCount)
        for node in builder.nodes[..<builder.originalCount] {
            for input in node.dataInputs {
                guard let ref = TensorRef(parsing: input), let p = builder.position(of: ref.node), p < builder.originalCount else { continue }
                consumers[p].append((node.name, ref.output))
            }
        }
        self.consumers = consumers
    }

    func inputs(of name: String) -> [TensorRef] {
        builder.node(name)?.dataInputs.compactMap(TensorRef.init(parsing:)) ?? []
    }

    /// Nodes reachable from `from` along data edges whose tensors carry gradients (§3.1).
    func forwardReach(from: [String], trainable: (TensorRef) -> Bool) -> Set<String> {
        var reached = Set<String>()
        var queue = Deque<String>()
        for op in from where reached.insert(op).inserted { queue.append(op) }
        while let op = queue.popFirst() {
            guard let p = builder.position(of: op), p < consumers.count else { continue }
            var trainableOutputs: [Int: Bool] = [:]
            for (consumer, output) in consumers[p] {
                let ok = trainableOutputs[output] ?? trainable(TensorRef(node: op, output: output))
                trainableOutputs[output] = ok
                if ok && reached.insert(consumer).inserted { queue.append(consumer) }
            }
        }
        return reached
    }

    /// The reachable nodes that lie on a path to a y, in discovery order (§3.2).
    func between(toOps: [String], reached: Set<String>) -> ([String], Set<String>) {
        var remaining = reached
        var list: [String] = []
        var set = Set<String>()
        var queue = Deque(toOps)
        while let op = queue.popFirst() {
            guard remaining.remove(op) != nil else { continue }
            list.append(op)
            set.insert(op)
            for input in inputs(of: op) { queue.append(input.node) }
        }
        return (list, set)
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
