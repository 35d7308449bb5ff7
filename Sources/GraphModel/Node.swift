/// One operation of a graph (`NodeDef`).
public struct Node: Hashable, Sendable {
    public var name: String { didSet { origin = .none } }
    public var op: String { didSet { origin = .none } }
    /// Data inputs (`node`, `node:k`) followed by control inputs (`^node`), as written.
    public var inputs: [String] { didSet { origin = .none } }
    public var device: String { didSet { origin = .none } }
    public var attrs: AttrMap { didSet { origin = .none } }
    /// The fields most nodes leave empty, out of line: nodes are moved and copied in bulk
    /// (read, rewrite, write), and inline these doubled a node's size. Zero or one element;
    /// an empty array allocates nothing.
    private var rare: [RareFields] { didSet { origin = .none } }
    /// The bytes this node was decoded from, while it is unchanged (see `EncodedSource`).
    /// Not part of the node's value: equality and hashing ignore it.
    package var origin = NodeOrigin.none

    public static func == (a: Node, b: Node) -> Bool {
        a.name == b.name && a.op == b.op && a.inputs == b.inputs && a.device == b.device
            && a.attrs == b.attrs && a.rare == b.rare
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(op)
        hasher.combine(inputs)
        hasher.combine(device)
        hasher.combine(attrs)
        hasher.combine(rare)
    }

    private struct RareFields: Hashable, Sendable {
        var debugInfo: NodeDebugInfo?
        var experimentalType: FullType?
        var unknownFields: UnknownFields = []

        var isEmpty: Bool { debugInfo == nil && experimentalType == nil && unknownFields.isEmpty }
    }

    public var debugInfo: NodeDebugInfo? {
        get { rare.first?.debugInfo }
        set { updateRare { $0.debugInfo = newValue } }
    }

    public var experimentalType: FullType? {
        get { rare.first?.experimentalType }
        set { updateRare { $0.experimentalType = newValue } }
    }

    public var unknownFields: UnknownFields {
        get { rare.first?.unknownFields ?? [] }
        set { updateRare { $0.unknownFields = newValue } }
    }

    public init(
        name: String, op: String, inputs: [String] = [], device: String = "",
        attrs: AttrMap = [:], debugInfo: NodeDebugInfo? = nil,
        experimentalType: FullType? = nil, unknownFields: UnknownFields = []
    ) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.device = device
        self.attrs = attrs
        // Initialized, not assigned after a default: assigning a property with an observer
        // once the node is complete copied the whole node.
        let rare = RareFields(debugInfo: debugInfo, experimentalType: experimentalType, unknownFields: unknownFields)
        self.rare = rare.isEmpty ? [] : [rare]
    }

    /// Empty rare fields are stored as no element, so equal nodes compare and hash equal.
    private mutating func updateRare(_ change: (inout RareFields) -> Void) {
        var fields = rare.first ?? RareFields()
        change(&fields)
        rare = fields.isEmpty ? [] : [fields]
    }

    /// The data inputs, without control inputs.
    public var dataInputs: ArraySlice<String> { Self.dataInputs(of: inputs) }

    /// The data inputs of an input list: control inputs (`^op`) come after them. Static, so
    /// a pass holding nodes in an array can ask without copying the node out.
    public static func dataInputs(of inputs: [String]) -> ArraySlice<String> {
        let end = inputs.firstIndex(where: { $0.utf8.first == UInt8(ascii: "^") }) ?? inputs.count
        return inputs[..<end]
    }

    /// The names of the nodes this node has control edges from.
    public var controlInputs: [String] {
        inputs.compactMap { $0.hasPrefix("^") ? String($0.dropFirst()) : nil }
    }
}

/// `NodeDef.ExperimentalDebugInfo`: where a node came from after graph transformations.
public struct NodeDebugInfo: Hashable, Sendable {
    public var originalNodeNames: [String]
    public var originalFuncNames: [String]
    public var unknownFields: UnknownFields

    public init(originalNodeNames: [String] = [], originalFuncNames: [String] = [], unknownFields: UnknownFields = []) {
        self.originalNodeNames = originalNodeNames
        self.originalFuncNames = originalFuncNames
        self.unknownFields = unknownFields
    }
}

/// `FullTypeDef`: TensorFlow's experimental full type of a node's outputs.
public struct FullType: Hashable, Sendable {
    public enum Attribute: Hashable, Sendable {
        case none
        case string(String)
        case int(Int64)
    }

    public var typeID: Int32
    public var args: [FullType]
    public var attribute: Attribute
    public var unknownFields: UnknownFields

    public init(typeID: Int32, args: [FullType] = [], attribute: Attribute = .none, unknownFields: UnknownFields = []) {
        self.typeID = typeID
        self.args = args
        self.attribute = attribute
        self.unknownFields = unknownFields
    }
}
