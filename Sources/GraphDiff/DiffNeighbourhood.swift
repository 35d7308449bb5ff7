import GraphModel

/// Unchanged producers and consumers of changed nodes: the context `--context N` shows.
struct DiffNeighbourhood {
    private let difference: GraphDifference
    private let beforeNodes: [String: Node]
    private let afterNodes: [String: Node]
    private let consumers: [String: [String]]
    private let touched: Set<String>

    init(_ difference: GraphDifference) {
        self.difference = difference
        beforeNodes = Dictionary(difference.before.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        afterNodes = Dictionary(difference.after.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var consumers: [String: [String]] = [:]
        for node in difference.after.nodes + difference.before.nodes {
            for input in node.inputs { consumers[Self.producer(of: input), default: []].append(node.name) }
        }
        self.consumers = consumers
        touched = Set(difference.added).union(difference.removed).union(difference.changed.map(\.name))
    }

    /// Up to `limit` nodes next to `name` that exist unchanged in both graphs: producers in
    /// input order first, then consumers in file order.
    func unchangedNeighbours(of name: String, limit: Int) -> [String] {
        guard limit > 0 else { return [] }
        var seen = Set<String>(), found: [String] = []
        let producers = (afterNodes[name]?.inputs ?? []) + (beforeNodes[name]?.inputs ?? [])
        for candidate in producers.map(Self.producer(of:)) + (consumers[name] ?? []) where found.count < limit {
            guard !touched.contains(candidate), beforeNodes[candidate] != nil, afterNodes[candidate] != nil,
                  seen.insert(candidate).inserted else { continue }
            found.append(candidate)
        }
        return found
    }

    func op(of name: String) -> String { afterNodes[name]?.op ?? beforeNodes[name]?.op ?? "" }

    func node(named name: String) -> Node? { afterNodes[name] ?? beforeNodes[name] }

    func beforeNode(named name: String) -> Node? { beforeNodes[name] }

    func afterNode(named name: String) -> Node? { afterNodes[name] }

    static func producer(of input: String) -> String {
        if input.hasPrefix("^") { return String(input.dropFirst()) }
        return TensorRef(parsing: input)?.node ?? input
    }
}
