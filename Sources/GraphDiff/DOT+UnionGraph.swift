import GraphModel

/// Both graphs laid over each other: every node of either, with its status, and every edge of
/// either, marked by which graph has it.
struct UnionGraph {
    struct Edge: Hashable {
        var from: String
        var to: String
        var isControl: Bool
        var status: DOTDiffRenderer.Status
    }

    /// `after`'s nodes in file order, then the removed ones.
    let names: [String]
    let status: [String: DOTDiffRenderer.Status]
    let changes: [String: [FieldChange]]
    private let beforeNodes: [String: Node]
    private let afterNodes: [String: Node]

    init(_ d: GraphDifference) {
        beforeNodes = Dictionary(d.before.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        afterNodes = Dictionary(d.after.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var status: [String: DOTDiffRenderer.Status] = [:]
        var names: [String] = []
        for node in d.after.nodes where status[node.name] == nil {
            status[node.name] = .unchanged
            names.append(node.name)
        }
        for name in d.added { status[name] = .added }
        for name in d.removed where status[name] == nil {
            status[name] = .removed
            names.append(name)
        }
        for change in d.changed { status[change.name] = .changed }
        self.names = names
        self.status = status
        changes = Dictionary(d.changed.map { ($0.name, $0.fields) }, uniquingKeysWith: { first, _ in first })
    }

    func op(of name: String) -> String { afterNodes[name]?.op ?? beforeNodes[name]?.op ?? "" }

    /// Edges whose both ends are in `drawn`, each once, in a stable order. Inputs naming nodes
    /// in neither graph are left out rather than invented.
    func edges(among drawn: Set<String>) -> [Edge] {
        var seen = Set<Edge>(), ordered: [Edge] = []
        for consumer in names where drawn.contains(consumer) {
            let inAfter = Set(afterNodes[consumer].map { Self.edgeKeys($0.inputs) } ?? [])
            let inBefore = Set(beforeNodes[consumer].map { Self.edgeKeys($0.inputs) } ?? [])
            let all = (afterNodes[consumer].map { Self.edgeKeys($0.inputs) } ?? [])
                + (beforeNodes[consumer].map { Self.edgeKeys($0.inputs) } ?? [])
            for key in all where drawn.contains(key.producer) {
                let edgeStatus: DOTDiffRenderer.Status =
                    inAfter.contains(key) && inBefore.contains(key) ? .unchanged : (inAfter.contains(key) ? .added : .removed)
                let edge = Edge(from: key.producer, to: consumer, isControl: key.isControl, status: edgeStatus)
                guard seen.insert(edge).inserted else { continue }
                ordered.append(edge)
            }
        }
        return ordered
    }

    /// Nodes that are added, removed or changed, and the nodes directly connected to them in
    /// either graph.
    func changesAndNeighbours() -> Set<String> {
        var drawn = Set(names.filter { status[$0] != .unchanged })
        for name in names {
            let producers = ((afterNodes[name]?.inputs ?? []) + (beforeNodes[name]?.inputs ?? []))
                .map(DiffNeighbourhood.producer(of:)).filter { status[$0] != nil }
            if status[name] != .unchanged {
                drawn.formUnion(producers)
            } else if producers.contains(where: { status[$0] != .unchanged }) {
                drawn.insert(name)
            }
        }
        return drawn
    }

    private struct EdgeKey: Hashable {
        var producer: String
        var isControl: Bool
    }

    private static func edgeKeys(_ inputs: [String]) -> [EdgeKey] {
        inputs.map { EdgeKey(producer: DiffNeighbourhood.producer(of: $0), isControl: $0.hasPrefix("^")) }
    }
}

/// Name scopes as a tree, for clusters: which drawn nodes sit directly in each scope and which
/// scopes nest inside it, both in first-appearance order, plus how many nodes each scope holds
/// that are not drawn. Scopes with nothing drawn inside are not in the tree.
struct ScopeTree {
    private(set) var members: [String: [String]] = [:]
    private(set) var children: [String: [String]] = [:]
    private(set) var hiddenMembers: [String: Int] = [:]
    private var changedScopes = Set<String>()

    init(names: [String], drawn: Set<String>, status: [String: DOTDiffRenderer.Status]) {
        var known: Set<String> = [""]
        var hidden: [String: Int] = [:]
        for name in names {
            let scope = NameScope.parent(of: name)
            guard drawn.contains(name) else {
                hidden[scope, default: 0] += 1
                continue
            }
            members[scope, default: []].append(name)
            let touched = (status[name] ?? .unchanged) != .unchanged
            var path = scope
            while true {
                if touched { changedScopes.insert(path) }
                if path.isEmpty { break }
                let parent = NameScope.parent(of: path)
                if known.insert(path).inserted { children[parent, default: []].append(path) }
                path = parent
            }
        }
        hiddenMembers = hidden.filter { known.contains($0.key) }
    }

    func hasChanges(_ scope: String) -> Bool { changedScopes.contains(scope) }
}
