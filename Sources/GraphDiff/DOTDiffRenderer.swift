import GraphModel

/// Renders the union of both graphs as Graphviz DOT: added nodes green, removed nodes red and
/// dashed, changed nodes yellow, unchanged nodes grey; edges likewise; one cluster per name
/// scope, nested like the scopes.
public struct DOTDiffRenderer: Sendable {
    /// Draw only changed nodes and their direct neighbours; each drawn scope's other nodes
    /// become one "… N unchanged" box and scopes with nothing to draw are left out. A large
    /// graph (thousands of nodes) then lays out in seconds and shows just its changes.
    public var changesOnly: Bool
    /// The graph's title; the summary line is appended.
    public var title: String?

    public init(changesOnly: Bool = false, title: String? = nil) {
        self.changesOnly = changesOnly
        self.title = title
    }

    enum Status { case added, removed, changed, unchanged }

    public func render(_ d: GraphDifference) -> String {
        let union = UnionGraph(d)
        let drawn = changesOnly ? union.changesAndNeighbours() : Set(union.names)
        let scopes = ScopeTree(names: union.names, drawn: drawn, status: union.status)
        var out = ["digraph graphdiff {"]
        var lines = [title, TextDiffRenderer.summary(d)].compactMap { $0 }
        if drawn.count < union.names.count { lines.append("\(union.names.count - drawn.count) unchanged nodes not drawn") }
        out.append("  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(Self.quote(lines.joined(separator: "\n")))];")
        out.append("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\"];")
        out.append("  edge [color=\"#9e9e9e\", arrowsize=0.6];")
        emitScope("", depth: 1, scopes: scopes, union: union, into: &out)
        for edge in union.edges(among: drawn) {
            out.append("  \(Self.quote(edge.from)) -> \(Self.quote(edge.to))\(Self.edgeStyle(edge))")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    private func emitScope(_ scope: String, depth: Int, scopes: ScopeTree, union: UnionGraph, into out: inout [String]) {
        let pad = String(repeating: "  ", count: depth)
        for name in scopes.members[scope] ?? [] {
            out.append(pad + Self.quote(name) + Self.nodeStyle(name, union: union))
        }
        if let hidden = scopes.hiddenMembers[scope], hidden > 0 {
            out.append(pad + Self.quote("hidden:" + scope)
                + " [label=\"… \(hidden) unchanged\", shape=note, style=dashed, color=\"#bdbdbd\", fontcolor=\"#9e9e9e\"];")
        }
        for child in scopes.children[scope] ?? [] {
            let shortName = child.split(separator: "/").last.map(String.init) ?? child
            let border = scopes.hasChanges(child) ? "#616161" : "#bdbdbd"
            out.append(pad + "subgraph \(Self.quote("cluster_" + child)) {")
            out.append(pad + "  graph [style=rounded, color=\"\(border)\", fontsize=10, label=\(Self.quote(shortName)), tooltip=\(Self.quote(child))];")
            emitScope(child, depth: depth + 1, scopes: scopes, union: union, into: &out)
            out.append(pad + "}")
        }
    }

    private static func nodeStyle(_ name: String, union: UnionGraph) -> String {
        let shortName = name.split(separator: "/").last.map(String.init) ?? name
        let op = union.op(of: name)
        var label = shortName + "\n" + op
        var tooltip = name + " (" + op + ")"
        let attrs: String
        switch union.status[name] ?? .unchanged {
        case .added:
            label = "+ " + label
            attrs = "fillcolor=\"#d4f7d4\", color=\"#2e7d32\""
        case .removed:
            label = "- " + label
            attrs = "style=\"rounded,filled,dashed\", fillcolor=\"#fbd5d5\", color=\"#c62828\""
        case .changed:
            let fields = union.changes[name] ?? []
            label = "~ " + label + "\n" + Set(fields.map(Self.fieldLabel)).sorted().joined(separator: ", ")
            tooltip += "\n" + fields.map(TextDiffRenderer.describe).joined(separator: "\n")
            attrs = "fillcolor=\"#fff3c4\", color=\"#f9a825\", penwidth=2"
        case .unchanged:
            attrs = "fillcolor=white, color=\"#9e9e9e\", fontcolor=\"#616161\""
        }
        return " [label=\(quote(label)), tooltip=\(quote(tooltip)), \(attrs)];"
    }

    private static func fieldLabel(_ field: FieldChange) -> String {
        switch field {
        case .dataInput(let i, _, _): "input \(i)"
        case .attr(let name, _, _): "attr \(name)"
        default: field.field
        }
    }

    private static func edgeStyle(_ edge: UnionGraph.Edge) -> String {
        var attrs: [String] = []
        switch edge.status {
        case .added: attrs.append("color=\"#2e7d32\"")
        case .removed: attrs += ["color=\"#c62828\"", "style=dashed"]
        default: break
        }
        // Control edges: dotted with a hollow head; a removed one keeps the dashes of removal.
        if edge.isControl { attrs += edge.status == .removed ? ["arrowhead=odot"] : ["style=dotted", "arrowhead=odot"] }
        return attrs.isEmpty ? ";" : " [" + attrs.joined(separator: ", ") + "];"
    }

    /// A DOT double-quoted ID; newlines become DOT's centred line break.
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
