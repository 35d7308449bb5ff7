import GraphModel

/// Renders a difference for people, like a good `diff`: a summary line, then the changes
/// grouped by name scope (one group per `gradients/<op>_grad`, naming the forward op).
///
/// Equal graphs render as the empty string, as `diff(1)` prints nothing for equal files.
public struct TextDiffRenderer: Sendable {
    /// How many unchanged neighbours (producers, then consumers) to list after each changed node.
    public var context: Int
    /// Whether to use ANSI colours.
    public var color: Bool
    /// Data inputs shown per node before the rest are counted instead.
    public var maxInputsShown = 6

    public init(context: Int = 0, color: Bool = false) {
        self.context = context
        self.color = color
    }

    public func render(_ difference: GraphDifference) -> String {
        guard !difference.isEmpty else { return "" }
        let style = TerminalStyle(enabled: color)
        let hood = DiffNeighbourhood(difference)
        var lines = [Self.summary(difference)]
        for change in difference.graphChanges {
            lines.append(style.changed("~ graph \(change.field): \(change.before) → \(change.after)"))
        }
        for group in groups(difference) {
            lines.append("")
            lines.append(style.heading(heading(group.name, hood: hood)))
            let width = min(60, group.entries.map { $0.name.count }.max() ?? 0)
            var shownContext = Set<String>()
            for entry in group.entries {
                lines += entryLines(entry, width: width, hood: hood, style: style)
                for neighbour in hood.unchangedNeighbours(of: entry.name, limit: context)
                where shownContext.insert(neighbour).inserted {
                    lines.append(style.context("  = " + padded(neighbour, width) + "  " + hood.op(of: neighbour)))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `+412 nodes, -0, ~3 changed`, plus the graph-level fields that differ.
    public static func summary(_ d: GraphDifference) -> String {
        var line = "+\(d.added.count) nodes, -\(d.removed.count), ~\(d.changed.count) changed"
        if !d.graphChanges.isEmpty { line += "; graph: " + d.graphChanges.map(\.field).joined(separator: ", ") }
        return line
    }

    enum Entry {
        case added(String), removed(String), changed(NodeChange)

        var name: String {
            switch self {
            case .added(let n), .removed(let n): n
            case .changed(let c): c.name
            }
        }
    }

    struct Group {
        var name: String
        var entries: [Entry]
    }

    /// Groups in order of first appearance: `after`'s file order, then removed nodes.
    func groups(_ d: GraphDifference) -> [Group] {
        let changedByName = Dictionary(d.changed.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let addedNames = Set(d.added)
        var ordered: [Entry] = []
        for node in d.after.nodes {
            if let change = changedByName[node.name] { ordered.append(.changed(change)) }
            else if addedNames.contains(node.name) { ordered.append(.added(node.name)) }
        }
        ordered += d.removed.map(Entry.removed)
        // A scope named after a listed node (`gradients/grad_ys_0/Const` under the listed
        // `gradients/grad_ys_0`) joins that node's group instead of forming a group of its own.
        let listed = Set(ordered.map(\.name))
        func key(_ name: String) -> String {
            var key = NameScope.group(of: name)
            while listed.contains(key) { key = NameScope.group(of: key) }
            return key
        }
        var groups: [Group] = [], position: [String: Int] = [:]
        for entry in ordered {
            let key = key(entry.name)
            if let i = position[key] { groups[i].entries.append(entry) } else {
                position[key] = groups.count
                groups.append(Group(name: key, entries: [entry]))
            }
        }
        return groups
    }

    private func heading(_ group: String, hood: DiffNeighbourhood) -> String {
        let title = group.isEmpty ? "(top level)" : group
        guard let forward = NameScope.forwardOp(ofGroup: group), let node = hood.node(named: forward) else { return title }
        return "\(title)  (gradient of \(forward), \(node.op))"
    }

    private func entryLines(_ entry: Entry, width: Int, hood: DiffNeighbourhood, style: TerminalStyle) -> [String] {
        switch entry {
        case .added(let name):
            return [style.added("  + " + padded(name, width) + "  " + call(hood.afterNode(named: name)))]
        case .removed(let name):
            return [style.removed("  - " + padded(name, width) + "  " + call(hood.beforeNode(named: name)))]
        case .changed(let change):
            var lines = [style.changed("  ~ " + padded(change.name, width) + "  " + change.op)]
            for field in change.fields {
                lines.append("      " + Self.describe(field))
            }
            return lines
        }
    }

    /// `MatMul(x, W1/read, ^init)`, or just `Const` for a node without inputs.
    private func call(_ node: Node?) -> String {
        guard let node else { return "" }
        guard !node.inputs.isEmpty else { return node.op }
        var shown = node.inputs.prefix(maxInputsShown).joined(separator: ", ")
        if node.inputs.count > maxInputsShown { shown += ", … (+\(node.inputs.count - maxInputsShown))" }
        return node.op + "(" + shown + ")"
    }

    private func padded(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// One line per field change: `input 1: W1 → W1/read`, `attr T: float32 → float64`.
    public static func describe(_ field: FieldChange) -> String {
        switch field {
        case .op(let a, let b):
            return "op: \(a) → \(b)"
        case .dataInput(let i, let a, let b):
            return "input \(i): \(a ?? "(absent)") → \(b ?? "(absent)")"
        case .controlInputs(let a, let b):
            let gone = a.filter { !b.contains($0) }, new = b.filter { !a.contains($0) }
            if gone.isEmpty && new.isEmpty && a.count == b.count {
                return "control inputs reordered: " + caret(a) + " → " + caret(b)
            }
            let parts = new.map { "+^" + $0 } + gone.map { "-^" + $0 }
            return "control inputs: " + (parts.isEmpty ? caret(a) + " → " + caret(b) : parts.joined(separator: ", "))
        case .device(let a, let b):
            return "device: " + DisplayText.quoted(Array(a.utf8)) + " → " + DisplayText.quoted(Array(b.utf8))
        case .attr(let name, let a, let b):
            var (x, y) = (a?.displayText() ?? "(absent)", b?.displayText() ?? "(absent)")
            if x == y, let a, let b { (x, y) = (a.displayText(detailed: true), b.displayText(detailed: true)) }
            return "attr \(name): \(x) → \(y)"
        case .opaque(let name):
            return "\(name) differs"
        }
    }

    private static func caret(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.map { "^" + $0 }.joined(separator: ", ")
    }
}
