import GraphModel

/// What `graphgrad info` reports about a graph: size, op histogram, dtypes, inputs,
/// variables and the nodes nothing consumes (the likely outputs).
public struct GraphSummary: Sendable, Equatable {
    public struct Input: Sendable, Equatable {
        public var name: String
        public var op: String
        public var dtype: DType?
        public var shape: TensorShape?
    }

    public var nodeCount: Int
    /// Op type and count, most frequent first, ties by name.
    public var opHistogram: [(op: String, count: Int)]
    /// Element types named by `T`/`dtype`-like attributes, with how many nodes use each.
    public var dtypes: [(dtype: DType, count: Int)]
    public var placeholders: [Input]
    public var variables: [Input]
    public var likelyOutputs: [String]
    public var functionLibraryBytes: Int
    public var producer: Int32?

    public static func == (a: GraphSummary, b: GraphSummary) -> Bool {
        a.nodeCount == b.nodeCount && a.opHistogram.elementsEqual(b.opHistogram, by: ==)
            && a.dtypes.elementsEqual(b.dtypes, by: ==) && a.placeholders == b.placeholders
            && a.variables == b.variables && a.likelyOutputs == b.likelyOutputs
            && a.functionLibraryBytes == b.functionLibraryBytes && a.producer == b.producer
    }

    private static let variableOps: Set<String> = ["VariableV2", "Variable", "VarHandleOp"]
    private static let placeholderOps: Set<String> = ["Placeholder", "PlaceholderV2", "PlaceholderWithDefault"]
    /// Ops that are consumed by nothing by design, so they are not reported as outputs.
    private static let sinkOps: Set<String> = ["NoOp", "Assign", "AssignVariableOp", "SaveV2", "RestoreV2"]

    public init(_ graph: Graph) {
        nodeCount = graph.nodes.count
        var ops: [String: Int] = [:]
        var types: [DType: Int] = [:]
        var consumed = Set<String>()
        placeholders = []
        variables = []
        for node in graph.nodes {
            ops[node.op, default: 0] += 1
            var nodeTypes = Set<DType>()
            for (key, value) in node.attrs where !key.hasPrefix("_") {
                if let t = value.typeValue { nodeTypes.insert(t.base) }
                if let list = value.listValue { nodeTypes.formUnion(list.types.map(\.base)) }
            }
            for t in nodeTypes { types[t, default: 0] += 1 }
            for input in node.inputs {
                let name = input.hasPrefix("^") ? String(input.dropFirst()) : (TensorRef(parsing: input)?.node ?? input)
                consumed.insert(name)
            }
            let entry = Input(name: node.name, op: node.op,
                              dtype: node.attrs["dtype"]?.typeValue ?? node.attrs["T"]?.typeValue,
                              shape: node.attrs["shape"]?.shapeValue)
            if Self.placeholderOps.contains(node.op) { placeholders.append(entry) }
            if Self.variableOps.contains(node.op) { variables.append(entry) }
        }
        opHistogram = ops.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        dtypes = types.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.rawValue < $1.0.rawValue }
        likelyOutputs = graph.nodes
            .filter { !consumed.contains($0.name) && !Self.sinkOps.contains($0.op) && !Self.variableOps.contains($0.op) }
            .map(\.name)
        functionLibraryBytes = graph.library?.bytes.count ?? 0
        producer = graph.versions?.producer
    }
}
