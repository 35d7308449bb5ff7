import GraphCore
import GraphModel

/// Runs a GraphDef on the CPU: only the nodes the fetches need, in an order that respects
/// data and control edges, with feeds overriding any tensor.
///
/// Build once per graph and call `run` as often as needed (a finite-difference checker runs
/// the same graph many times with different feeds).
public struct Executor: Sendable {
    public let graph: Graph
    let index: GraphIndex
    /// Per node, its data inputs and control inputs resolved to node positions.
    let edges: [NodeEdges]
    /// Variable op name -> the tensor its initializer assigns (input 1 of its Assign).
    let initializers: [String: TensorRef]

    struct NodeEdges: Sendable {
        var data: [TensorRef]
        var control: [String]
    }

    public init(graph: Graph) {
        self.graph = graph
        self.index = GraphIndex(graph)
        self.edges = graph.nodes.map { node in
            NodeEdges(
                data: node.dataInputs.map { TensorRef(parsing: $0) ?? TensorRef(node: $0) },
                control: node.controlInputs
            )
        }
        var initializers: [String: TensorRef] = [:]
        for (i, node) in graph.nodes.enumerated() where VariableKernels.assignOps.contains(node.op) {
            let inputs = edges[i].data
            guard inputs.count >= 2, let target = VariableKernels.variableName(of: inputs[0], in: index) else { continue }
            if initializers[target] == nil { initializers[target] = inputs[1] }
        }
        self.initializers = initializers
    }

    /// The op types this executor has kernels for.
    public static var supportedOps: [String] { KernelRegistry.supportedOps }

    /// Computes `fetches`.
    ///
    /// - Parameters:
    ///   - feeds: values that replace tensors; the producing node is not run for them (nor
    ///     anything only it needed). A fed placeholder must match its declared dtype and shape.
    ///   - variables: values for variables, keyed by the variable op's name (`VariableV2`,
    ///     `VarHandleOp`). A variable without one is initialized by running the subgraph
    ///     its `Assign`/`AssignVariableOp` reads.
    ///   - targets: nodes to run for their effects only (for example an `Assign`).
    public func run(
        fetches: [TensorRef], feeds: [TensorRef: HostTensor] = [:], variables: [String: HostTensor] = [:],
        targets: [String] = []
    ) throws(ExecutionError) -> [HostTensor] {
        try validate(feeds: feeds)
        for (name, value) in variables {
            guard let node = index.node(named: name) else {
                throw .unknownTensor(name: name, suggestions: index.suggestions(for: name))
            }
            guard VariableKernels.variableOps.contains(node.op) else {
                throw .feedMismatch(tensor: name, message: "\(name) is a \(node.op), not a variable; feed it as \(name):0")
            }
            if let declared = node.attrs["dtype"]?.typeValue, declared.base != value.dtype {
                throw .feedMismatch(tensor: name, message: "variable \(name) is \(declared.base), the value is \(value.signature)")
            }
        }
        let state = RunState(variables: variables)
        state.initializer = { [self] name in try self.initialValue(of: name, feeds: feeds, state: state) }
        return try execute(fetches: fetches, targets: targets, feeds: feeds, state: state)
    }

    /// `run` with tensor names (`y:0`, or `y` for `y:0`).
    public func run(
        fetches: [String], feeds: [String: HostTensor] = [:], variables: [String: HostTensor] = [:]
    ) throws(ExecutionError) -> [HostTensor] {
        var refs: [TensorRef: HostTensor] = [:]
        for (name, value) in feeds { refs[try tensorRef(name)] = value }
        var fetchRefs: [TensorRef] = []
        for name in fetches { fetchRefs.append(try tensorRef(name)) }
        return try run(fetches: fetchRefs, feeds: refs, variables: variables)
    }

    /// Parses a tensor name and checks that its node exists.
    public func tensorRef(_ name: String) throws(ExecutionError) -> TensorRef {
        guard let ref = TensorRef(parsing: name), index.contains(ref.node) else {
            throw .unknownTensor(name: name, suggestions: index.suggestions(for: TensorRef(parsing: name)?.node ?? name))
        }
        return ref
    }

    /// Whether `name` is a variable op (fed by its op name, not as a tensor).
    public func isVariable(_ name: String) -> Bool {
        guard let node = index.node(named: name) else { return false }
        return VariableKernels.variableOps.contains(node.op)
    }

    func initialValue(of variable: String, feeds: [TensorRef: HostTensor], state: RunState) throws -> HostTensor {
        guard let ref = initializers[variable] else {
            let op = index.node(named: variable)?.op ?? "?"
            throw ExecutionError.uninitializedVariable(node: variable, op: op)
        }
        return try execute(fetches: [ref], targets: [], feeds: feeds, state: state)[0]
    }

    private func validate(feeds: [TensorRef: HostTensor]) throws(ExecutionError) {
        for (ref, value) in feeds {
            guard let node = index.node(named: ref.node) else {
                throw .unknownTensor(name: ref.description, suggestions: index.suggestions(for: ref.node))
            }
            guard node.op.hasPrefix("Placeholder") else { continue }
            if let declared = node.attrs["dtype"]?.typeValue, declared.base != value.dtype {
                throw .feedMismatch(tensor: ref.description, message: "\(node.op) \(node.name) expects \(declared.base), the feed is \(value.signature)")
            }
            if let sizes = node.attrs["shape"]?.shapeValue?.sizes {
                let fits = sizes.count == value.rank && zip(sizes, value.shape).allSatisfy { $0 < 0 || Int($0) == $1 }
                guard fits else {
                    throw .feedMismatch(tensor: ref.description, message: "\(node.op) \(node.name) has shape \(TensorShape(sizes)), the feed is \(value.signature)")
                }
            }
        }
    }
}
