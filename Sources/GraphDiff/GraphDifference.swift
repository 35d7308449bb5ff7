import GraphModel

/// The result of comparing two graphs whose nodes are matched by name.
///
/// The compared graphs are kept (arrays are copy-on-write, so this costs nothing) because the
/// renderers need them: the text renderer shows inputs and neighbours, the DOT renderer draws
/// the union of both graphs.
public struct GraphDifference: Sendable {
    public let before: Graph
    public let after: Graph
    /// Names of nodes only in `after`, in `after`'s file order.
    public var added: [String]
    /// Names of nodes only in `before`, in `before`'s file order.
    public var removed: [String]
    /// Nodes in both graphs that differ, in `after`'s file order.
    public var changed: [NodeChange]
    /// Differences outside the node list (versions, function library, debug info).
    public var graphChanges: [GraphFieldChange]

    public init(
        before: Graph, after: Graph, added: [String], removed: [String], changed: [NodeChange],
        graphChanges: [GraphFieldChange]
    ) {
        self.before = before
        self.after = after
        self.added = added
        self.removed = removed
        self.changed = changed
        self.graphChanges = graphChanges
    }

    /// Whether the graphs are equal under the options the comparison used.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && graphChanges.isEmpty }
}

/// One node present in both graphs with at least one difference.
public struct NodeChange: Hashable, Sendable {
    public var name: String
    /// The op type in `after` (an op change is also listed in `fields`).
    public var op: String
    public var fields: [FieldChange]

    public init(name: String, op: String, fields: [FieldChange]) {
        self.name = name
        self.op = op
        self.fields = fields
    }
}

/// One difference between two nodes of the same name.
public enum FieldChange: Hashable, Sendable {
    case op(before: String, after: String)
    /// Data input slot `index`; nil where the slot does not exist on that side.
    case dataInput(index: Int, before: String?, after: String?)
    /// The control inputs (names without `^`), whole lists because order matters too.
    case controlInputs(before: [String], after: [String])
    case device(before: String, after: String)
    /// An attribute; nil where it is absent on that side.
    case attr(name: String, before: AttrValue?, after: AttrValue?)
    /// A field with no readable rendering (`experimental_debug_info`, `experimental_type`,
    /// unknown fields): only the fact that it differs is reported.
    case opaque(field: String)

    /// The field's name as used in JSON and as the first word of a text line.
    public var field: String {
        switch self {
        case .op: "op"
        case .dataInput: "input"
        case .controlInputs: "control_inputs"
        case .device: "device"
        case .attr: "attr"
        case .opaque(let field): field
        }
    }
}

/// A difference in a `GraphDef` field other than `node`.
public struct GraphFieldChange: Hashable, Sendable {
    /// The `GraphDef` field: `versions`, `version`, `library`, `debug_info`, `unknown_fields`.
    public var field: String
    public var before: String
    public var after: String

    public init(field: String, before: String, after: String) {
        self.field = field
        self.before = before
        self.after = after
    }
}
