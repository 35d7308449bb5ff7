/// One operation of a graph (`NodeDef`).
public struct Node: Hashable, Sendable {
    public var name: String
    public var op: String
    /// Data inputs (`node`, `node:k`) followed by control inputs (`^node`), as written.
    public var inputs: [String]
    public var device: String
    public var attrs: [String: AttrValue]
    public var debugInfo: NodeDebugInfo?
    public var experimentalType: FullType?
    public var unknownFields: UnknownFields

    public init(
        name: String, op: String, inputs: [String] = [], device: String = "",
        attrs: [String: AttrValue] = [:], debugInfo: NodeDebugInfo? = nil,
        experimentalType: FullType? = nil, unknownFields: UnknownFields = []
    ) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.device = device
        self.attrs = attrs
        self.debugInfo = debugInfo
        self.experimentalType = experimentalType
        self.unknownFields = unknownFields
    }

    /// The data inputs, without control inputs.
    public var dataInputs: ArraySlice<String> {
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
