import GraphModel

/// Name lookup and consumer lists for a graph, built once in O(nodes + edges).
public struct GraphIndex: Sendable {
    public let graph: Graph
    private let positions: NameTable

    public init(_ graph: Graph) {
        self.graph = graph
        var positions = NameTable(capacity: graph.nodes.count)
        // Indexing borrows each node (iterating would copy them); the first of duplicates wins.
        for i in graph.nodes.indices { positions.insertIfAbsent(graph.nodes[i].name, i) }
        self.positions = positions
    }

    public func position(of name: String) -> Int? { positions[name] }

    public func node(named name: String) -> Node? { positions[name].map { graph.nodes[$0] } }

    public func contains(_ name: String) -> Bool { positions[name] != nil }

    /// Node names closest to `name` by edit distance, for "did you mean" messages.
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        let target = Array(name.lowercased().utf8)
        // Allow roughly one typo per three characters, so short names do not match everything.
        let cap = max(1, target.count / 3)
        let scored = graph.nodes.lazy.map { node -> (String, Int) in
            (node.name, Self.editDistance(Array(node.name.lowercased().utf8), target, cap: cap))
        }
        return scored.filter { $0.1 <= cap }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(limit).map(\.0)
    }

    private static func editDistance(_ a: [UInt8], _ b: [UInt8], cap: Int) -> Int {
        if abs(a.count - b.count) > cap { return cap + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : (b.isEmpty ? a.count : previous[b.count])
    }
}
