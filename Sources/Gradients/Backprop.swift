import GraphCore
import GraphModel

/// The core of `tf.gradients` (spec §3): reachability, pending counts, the FIFO walk
/// that calls each op's rule, aggregation and the per-x results. The processing order
/// fixes every generated name, so it follows TensorFlow step for step.
struct Backprop {
    let b: GraphBuilder
    let request: GradientRequest
    let root: String

    /// Per node, the gradients that arrived for each output (aggregated when the node is processed).
    private var grads: [String: [[Gradient]]] = [:]
    private var aggregated: [String: [Gradient?]] = [:]
    private var knownZeros: Set<TensorRef> = []
    /// The consumer through which each node was reached, for error paths.
    private var reachedFrom: [String: String] = [:]

    init(builder: GraphBuilder, request: GradientRequest, root: String) {
        self.b = builder
        self.request = request
        self.root = root
    }

    mutating func run(seeds: [Gradient]) throws(GradientError) -> [GradientResult] {
        let graph = ForwardEdges(builder: b)
        let fromOps = uniqued(request.xs.map(\.node))
        let toOps = request.ys.map(\.node)

        let reached = graph.forwardReach(from: fromOps, trainable: { b.analysis.info($0).dtype.isTrainable })
        let (betweenList, between) = graph.between(toOps: toOps, reached: reached)
        var pending: [String: Int] = [:]
        for node in betweenList {
            for input in graph.inputs(of: node) where between.contains(input.node) { pending[input.node, default: 0] += 1 }
        }

        for (y, seed) in zip(request.ys, seeds) { append(seed, to: y) }

        var queue = Deque<String>()
        var enqueued = Set<String>()
        for op in toOps where (pending[op] ?? 0) == 0 && reached.contains(op) && !enqueued.contains(op) {
            enqueued.insert(op)
            queue.append(op)
        }

        var stopOps = Set<String>()
        for op in fromOps where graph.inputs(of: op).allSatisfy({ (pending[$0.node] ?? 0) <= 0 }) { stopOps.insert(op) }
        for t in request.stopGradients { stopOps.insert(t.node) }

        while let op = queue.popFirst() {
            try process(op, graph: graph, stopOps: stopOps)
            for input in graph.inputs(of: op) {
                let count = (pending[input.node] ?? 0) - 1
                pending[input.node] = count
                if count == 0 {
                    if reachedFrom[input.node] == nil { reachedFrom[input.node] = op }
                    queue.append(input.node)
                }
            }
        }

        return request.xs.map { x in
            guard grads[x.node] != nil || aggregated[x.node] != nil else { return .none }
            if let outs = aggregated[x.node] { return x.output < outs.count ? (outs[x.output]?.result ?? .none) : .none }
            // Received gradients but was never processed: TF returns the lone entry.
            let list = grads[x.node]?[safe: x.output] ?? []
            return list.count == 1 ? list[0].result : .none
        }
    }

    private mutating func append(_ gradient: Gradient, to t: TensorRef) {
        var lists = grads[t.node] ?? Array(repeating: [], count: max(b.analysis.outputCount(of: t.node), t.output + 1))
        if lists.count <= t.output { lists += Array(repeating: [], count: t.output + 1 - lists.count) }
        lists[t.output].append(gradient)
        grads[t.node] = lists
    }

    private mutating func process(_ name: String, graph: ForwardEdges, stopOps: Set<String>) throws(GradientError) {
        guard let node = b.node(name) else { return }
        let colocationTarget = request.colocateGradientsWithOps ? name : nil
        try b.colocated(with: colocationTarget) { () throws(GradientError) in
            var outGrads = try aggregate(name)
            aggregated[name] = outGrads
            let inputs = graph.inputs(of: name)
            let hasGrads = outGrads.contains { $0 != nil }
            var rule: GradientRule? = nil
            if hasGrads && !stopOps.contains(name) && !inputs.isEmpty {
                if let r = GradientRegistry.rules[node.op] {
                    rule = r
                } else if ControlFlowOps.whileLoopOps.contains(node.op) {
                    throw .unsupportedControlFlow(node: name, op: node.op)
                } else {
                    throw .noGradient(node: name, op: node.op, path: path(to: name))
                }
            }
            var inGrads: [Gradient?] = Array(repeating: nil, count: inputs.count)
            switch rule {
            case .prevented?:
                let message = node.attrs["message"]?.stringValue ?? ""
                throw .gradientDisabled(node: name, message: message)
            case .function(let function)? where hasGrads:
                let outputs = (0..<outGrads.count).map { TensorRef(node: name, output: $0) }
                for (k, g) in outGrads.enumerated() where g == nil && b.analysis.info(outputs[k]).dtype.isTrainable {
                    let zeros = b.op("ZerosLike", name: "zeros_like", [.tensor(outputs[k])], attrs: ["T": .type(b.dtype(outputs[k]))])
                    knownZeros.insert(zeros)
                    outGrads[k] = .dense(zeros)
                }
                let zeros = knownZeros
                inGrads = try b.withScope(name + "_grad") { () throws(GradientError) -> [Gradient?] in
                    let context = RuleContext(builder: b, node: node, inputs: inputs, outputs: outputs, grads: outGrads, knownZeros: zeros)
                    let result = try function(context)
                    guard result.count == inputs.count else {
                        throw .wrongGradientCount(node: name, op: node.op, expected: inputs.count, got: result.count)
                    }
                    if request.gateGradients && result.compactMap({ $0 }).count > 1 {
                        return Gating.tuple(result, builder: b)
                    }
                    return result
                }
            default:
                break
            }
            for (i, (input, gradient)) in zip(inputs, inGrads).enumerated() {
                guard let gradient else { continue }
                if case .dense(let d) = gradient, b.dtype(input) != .resource {
                    let gShape = b.shape(d), inShape = b.shape(input)
                    guard let merged = gShape.merged(with: inShape) else {
                        throw .incompatibleShapes(node: name, op: node.op, input: i, inputShape: inShape.description, gradientShape: gShape.description)
                    }
                    if merged != gShape { b.analysis.refine(d, to: merged) }
                }
                append(gradient, to: input)
            }
        }
    }

    private mutating func aggregate(_ name: String) throws(GradientError) -> [Gradient?] {
        let lists = grads[name] ?? []
        let count = max(b.analysis.outputCount(of: name), lists.count)
        var out: [Gradient?] = Array(repeating: nil, count: count)
        for (k, list) in lists.enumerated() where !list.isEmpty {
            out[k] = list.count == 1 ? list[0] : Aggregation.sum(list, of: name, method: request.aggregationMethod, builder: b)
        }
        return out
    }

    private func path(to name: String) -> [String] {
        var path = [name]
        var seen: Set<String> = [name]
        var current = name
        while let next = reachedFrom[current], !seen.contains(next) {
            path.append(next)
            seen.insert(next)
            current = next
        }
        return path.reversed()
    }
}

func uniqued(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
