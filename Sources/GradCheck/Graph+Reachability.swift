import GraphModel

/// Producer and consumer walks over node names, data and control edges alike.
struct Reachability {
    private var producers: [String: [String]] = [:]
    private var consumers: [String: [String]] = [:]

    init(_ graph: Graph) {
        for node in graph.nodes {
            let inputs = node.inputs.map { input -> String in
                input.hasPrefix("^") ? String(input.dropFirst()) : (TensorRef(parsing: input)?.node ?? input)
            }
            producers[node.name] = inputs
            for input in inputs { consumers[input, default: []].append(node.name) }
        }
    }

    /// `roots` and every node they depend on.
    func ancestors(of roots: [String]) -> Set<String> { walk(roots, producers) }

    /// `roots` and every node that depends on them.
    func descendants(of roots: [String]) -> Set<String> { walk(roots, consumers) }

    private func walk(_ roots: [String], _ edges: [String: [String]]) -> Set<String> {
        var seen = Set(roots)
        var frontier = roots
        while let current = frontier.popLast() {
            for next in edges[current] ?? [] where seen.insert(next).inserted { frontier.append(next) }
        }
        return seen
    }
}
