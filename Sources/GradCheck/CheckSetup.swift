import Executor
import Gradients
import GraphCore
import GraphModel

/// Everything both sides of a check need, computed once at the base point: the rewritten
/// graph and its float64 copy, the objective and each x's value and analytic gradient.
struct CheckSetup {
    enum Slot {
        case checked(CheckedX)
        case skipped(reason: String)
    }

    var graph: Graph
    var results: [GradientResult]
    var promoted: Bool
    var evaluator: Evaluator
    var objective: Objective
    var slots: [Slot]
    /// Per x: dtype as the user's graph has it, shape, and the gradient as described to users.
    var dtypes: [DType]
    var shapes: [[Int]]

    init(_ request: CheckRequest, options: CheckOptions) throws(GradCheckError) {
        let gradientRequest = request.gradientRequest
        if let gradients = request.gradients {
            guard gradients.count == gradientRequest.xs.count else {
                throw .gradientCount(gradients: gradients.count, xs: gradientRequest.xs.count)
            }
            graph = request.graph
            results = gradients
        } else {
            do {
                let rewrite = try GradientRewriter.rewrite(request.graph, gradientRequest)
                graph = rewrite.graph
                results = rewrite.results
            } catch {
                throw .rewrite(error)
            }
        }
        let graph64 = graph.promotingFloat32ToFloat64()
        promoted = graph64 != graph
        evaluator = try Evaluator(graph: graph, graph64: graph64, feeds: request.feeds, seed: options.seed, progress: options.progress)

        // Variables are read once and fed from then on: a run that initializes them would
        // repeat their (random) initializers on every one of the many forward runs.
        let gradientTensors = results.flatMap(Self.tensors(of:))
        let seeds = (gradientRequest.gradYs ?? []).compactMap { $0 }
        let reach = Reachability(graph)
        try Self.readVariables(
            needed: reach.ancestors(of: (gradientRequest.ys + gradientTensors + seeds + gradientRequest.xs).map(\.node)),
            graph: graph, evaluator: evaluator)

        let index = GraphIndex(graph)
        var targets: [PerturbTarget] = []
        for x in gradientRequest.xs {
            guard let node = index.node(named: x.node) else {
                throw .execution(.unknownTensor(name: x.description, suggestions: index.suggestions(for: x.node)), task: "finding the xs")
            }
            targets.append(node.op == "VarHandleOp" ? .variable(node.name) : .tensor(x))
        }
        let tensorXs = targets.compactMap { if case .tensor(let ref) = $0 { ref } else { nil } }
        let held = Self.heldTensors(graph: graph, request: gradientRequest, reach: reach)

        // One run computes everything the check needs at the base point.
        let ys = gradientRequest.ys
        let fetches = ys + seeds + held + tensorXs + gradientTensors
        let values = try evaluator.run(fetches, task: "computing the ys, xs and gradients")
        var known = Dictionary(zip(fetches, values), uniquingKeysWith: { first, _ in first })

        var objective = Objective(ys: [], weights: [], held: FeedSet())
        for (i, y) in ys.enumerated() {
            guard let value = known[y], value.dtype == .float64 || value.dtype == .float32 else { continue }
            objective.ys.append(y)
            if let seed = gradientRequest.gradYs?[i] ?? nil, let seedValue = known[seed] {
                guard seedValue.shape == value.shape, let weights = seedValue.doubles else {
                    throw .seedShape(y: y.description, yShape: value.shape, seed: seed.description, seedShape: seedValue.shape)
                }
                objective.weights.append(weights)
            } else {
                objective.weights.append(Array(repeating: 1, count: value.count))
            }
        }
        for ref in held { objective.held.tensors[ref] = known[ref] }
        self.objective = objective

        slots = []
        dtypes = []
        shapes = []
        for (i, (x, result)) in zip(gradientRequest.xs, results).enumerated() {
            let value: HostTensor
            switch targets[i] {
            case .variable(let name): value = try evaluator.variableValue(name)
            case .tensor(let ref): value = known[ref] ?? HostTensor.scalar(Double.nan)
            }
            if let node = index.node(named: x.node) { dtypes.append(Self.userDType(of: node, value: value, promoted: promoted)) }
            shapes.append(value.shape)
            guard value.dtype == .float64, let base = value.doubles else {
                let kind = value.dtype.isInteger || value.dtype == .bool ? "integer" : "non-floating-point"
                slots.append(.skipped(reason: "\(kind) x (\(value.dtype)): tf.gradients does not differentiate with respect to it"))
                continue
            }
            let analytic = try Self.analytic(result, x: x, shape: value.shape, known: &known)
            slots.append(.checked(CheckedX(position: i, ref: x, target: targets[i], shape: value.shape, base: base, analytic: analytic)))
        }
    }

    /// Feeds every variable the check reads with its current value, read in one run.
    static func readVariables(needed: Set<String>, graph: Graph, evaluator: Evaluator) throws(GradCheckError) {
        var names: [String] = []
        var reads: [TensorRef] = []
        var readers: [String: TensorRef] = [:]
        for node in graph.nodes where node.op == "ReadVariableOp" {
            if let handle = node.dataInputs.first.flatMap(TensorRef.init(parsing:)), readers[handle.node] == nil {
                readers[handle.node] = TensorRef(node: node.name)
            }
        }
        for node in graph.nodes where needed.contains(node.name) && evaluator.feeds.variables[node.name] == nil {
            switch node.op {
            case "VariableV2", "Variable":
                names.append(node.name)
                reads.append(TensorRef(node: node.name))
            case "VarHandleOp":
                guard let reader = readers[node.name] else { continue }
                names.append(node.name)
                reads.append(reader)
            default: continue
            }
        }
        guard !reads.isEmpty else { return }
        let values = try evaluator.run(reads, task: "reading the variables")
        for (name, value) in zip(names, values) { evaluator.setVariable(name, value) }
    }

    static func tensors(of result: GradientResult) -> [TensorRef] {
        switch result {
        case .none: []
        case .tensor(let t): [t]
        case .indexedSlices(let v, let i, let s): [v, i, s]
        }
    }

    /// Stop-gradient tensors and the outputs of `StopGradient` ops the ys depend on.
    static func heldTensors(graph: Graph, request: GradientRequest, reach: Reachability) -> [TensorRef] {
        let upstream = reach.ancestors(of: request.ys.map(\.node))
        var held: [TensorRef] = []
        for ref in request.stopGradients where !held.contains(ref) { held.append(ref) }
        for node in graph.nodes where node.op == "StopGradient" && upstream.contains(node.name) {
            if !held.contains(TensorRef(node: node.name)) { held.append(TensorRef(node: node.name)) }
        }
        return held
    }

    /// The gradient as a dense float64 array of x's shape; zeros for `None`.
    static func analytic(_ result: GradientResult, x: TensorRef, shape: [Int], known: inout [TensorRef: HostTensor]) throws(GradCheckError) -> [Double] {
        let task = "computing the gradient of \(x)"
        let dense: HostTensor
        let name: String
        let missing = HostTensor.scalar(Double.nan)
        switch result {
        case .none:
            return Array(repeating: 0, count: shape.reduce(1, *))
        case .tensor(let ref):
            dense = known[ref] ?? missing
            name = ref.description
        case .indexedSlices(let values, let indices, let denseShape):
            do {
                dense = try HostTensor.dense(slices: known[values] ?? missing, indices: known[indices] ?? missing, denseShape: known[denseShape] ?? missing)
            } catch {
                throw .execution(error, task: task)
            }
            name = "IndexedSlices(\(values))"
        }
        guard dense.shape == shape, let values = dense.doubles else {
            throw .gradientShape(x: x.description, xShape: shape, gradient: name, gradientShape: dense.shape)
        }
        return values
    }

    /// The dtype the user's graph gives x (the float64 copy reports float64 for float32 xs).
    static func userDType(of node: Node, value: HostTensor, promoted: Bool) -> DType {
        guard promoted, value.dtype == .float64 else { return value.dtype }
        let declared = ["dtype", "T", "DstT", "out_type"].compactMap { node.attrs[$0]?.typeValue?.base }
        return declared.contains(.float32) ? .float32 : .float64
    }
}

extension GradientResult {
    /// As `graphgrad rewrite` prints it.
    public var displayName: String {
        switch self {
        case .none: "None"
        case .tensor(let t): t.description
        case .indexedSlices(let v, let i, let s): "IndexedSlices(values=\(v), indices=\(i), dense_shape=\(s))"
        }
    }
}
