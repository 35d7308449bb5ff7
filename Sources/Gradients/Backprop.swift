import GraphCore
import GraphModel

/// The core of `tf.gradients` (spec §3): reachability, pending counts, the FIFO walk
/// that calls each op's rule, aggregation and the per-x results. The processing order
/// fixes every generated name, so it follows TensorFlow step for step.
struct Backprop {
    let b: GraphBuilder
    let request: GradientRequest

    // Per forward node position (gradients only ever reach nodes of the input graph):
    /// the gradients that arrived for each output, aggregated when the node is processed;
    private var arrived: ArrivedGradients
    private var aggregated: [[Gradient?]?]
    /// the consumer through which each node was reached, for error paths.
    private var reachedFrom: [Int?]
    /// Zero-fill tensors created so far: few, and only one rule asks.
    private var knownZeros: [TensorRef] = []
    private var progress: ProgressThrottle

    init(builder: GraphBuilder, request: GradientRequest, progress: ((RewriteProgress) -> Void)? = nil) {
        self.b = builder
        self.request = request
        self.progress = ProgressThrottle(progress)
        arrived = ArrivedGradients(nodeCount: builder.originalCount)
        aggregated = Array(repeating: nil, count: builder.originalCount)
        reachedFrom = Array(repeating: nil, count: builder.originalCount)
    }

    /// `graph`: the input graph's edges both ways, built when it was imported.
    mutating func run(seeds: [Gradient], graph: ForwardEdges) throws(GradientError) -> [GradientResult] {
        // Names were validated by the caller, so every position exists.
        func position(_ name: String) -> Int { b.position(of: name) ?? 0 }
        // Deduplicated by position, in request order (a set of names would also cost a
        // runtime conformance lookup on its first use in a process).
        var fromOps: [Int] = []
        var isFromOp = [Bool](repeating: false, count: b.nodeCount)
        for x in request.xs {
            let p = position(x.node)
            if !isFromOp[p] {
                isFromOp[p] = true
                fromOps.append(p)
            }
        }
        let toOps = request.ys.map { position($0.node) }

        // An output whose dtype we cannot tell (an op we have no signature for) is assumed to
        // carry gradients, so the walk reaches it and reports it instead of silently
        // answering None.
        let reached = graph.forwardReach(from: fromOps, trainable: { output in
            let dtype = b.analysis.info(output).dtype
            return dtype == .invalid || dtype.isTrainable
        })
        let (betweenList, between) = graph.between(toOps: toOps, reached: reached)
        var pending = Array(repeating: 0, count: b.nodeCount)
        for node in betweenList {
            graph.forEachProducer(at: node) { producer in if between[producer] { pending[producer] += 1 } }
        }

        for (y, seed) in zip(request.ys, seeds) { arrived.append(seed, to: NodeOutput(node: position(y.node), output: y.output)) }

        // Flags by position rather than sets: cheaper per lookup, and a set's first use in a
        // process costs a runtime conformance lookup of its element type.
        var queue = Deque<Int>()
        var enqueued = [Bool](repeating: false, count: b.nodeCount)
        for op in toOps where pending[op] == 0 && reached[op] && !enqueued[op] {
            enqueued[op] = true
            queue.append(op)
        }

        var stopOps = [Bool](repeating: false, count: b.nodeCount)
        for op in fromOps {
            var allDone = true
            graph.forEachProducer(at: op) { if pending[$0] > 0 { allDone = false } }
            if allDone { stopOps[op] = true }
        }
        for t in request.stopGradients { stopOps[position(t.node)] = true }

        var processed = 0
        let builder = b
        while let op = queue.popFirst() {
            try process(op, graph: graph, stopOps: stopOps)
            processed += 1
            progress.tick(RewriteProgress(processed: processed, total: betweenList.count,
                                          nodesAdded: builder.nodeCount - builder.originalCount))
            graph.forEachProducer(at: op) { producer in
                pending[producer] -= 1
                if pending[producer] == 0 {
                    if reachedFrom[producer] == nil { reachedFrom[producer] = op }
                    queue.append(producer)
                }
            }
        }

        return request.xs.map { x in
            let p = position(x.node)
            if let outs = aggregated[p] { return x.output < outs.count ? (outs[x.output]?.result ?? .none) : .none }
            // Received gradients but was never processed: TF returns the lone entry.
            let list = arrived.lists(at: p, width: 0)[safe: x.output] ?? []
            return list.count == 1 ? list[0].result : .none
        }
    }

    private mutating func process(_ position: Int, graph: ForwardEdges, stopOps: [Bool]) throws(GradientError) {
        // Fields, not the whole node: it is copied only for a rule that runs.
        let name = b.name(at: position)
        let op = b.op(at: position)
        let colocationTarget = request.colocateGradientsWithOps ? name : nil
        try b.colocated(with: colocationTarget) { () throws(GradientError) in
            var outGrads = try aggregate(position)
            aggregated[position] = outGrads
            let inputs = graph.inputs(at: position)
            let hasGrads = outGrads.contains { !$0.isNone }
            var rule: GradientRule? = nil
            if hasGrads && !stopOps[position] && !inputs.isEmpty {
                if let r = GradientRegistry.rules[op] {
                    rule = r
                } else if ControlFlowOps.whileLoopOps.contains(op) {
                    throw .unsupportedControlFlow(node: name, op: op)
                } else if ControlFlowOps.functionCallOps.contains(op) {
                    throw .unsupported(node: name, op: op,
                                       reason: "function calls are differentiated by TensorFlow with SymbolicGradient, which is not supported")
                } else {
                    throw .noGradient(node: name, op: op, path: path(to: position))
                }
            }
            // Empty unless a rule runs: the loop below pairs inputs with what there is.
            var inGrads: [Gradient?] = []
            switch rule {
            case .prevented?:
                let message = b.attrs(at: position)["message"]?.stringValue ?? ""
                throw .gradientDisabled(node: name, message: message)
            case .function(let function)? where hasGrads:
                for (k, g) in outGrads.enumerated() where g.isNone && b.analysis.info(NodeOutput(node: position, output: k)).dtype.isTrainable {
                    let output = TensorRef(node: name, output: k, position: position)
                    let zeros = b.op("ZerosLike", name: "zeros_like", [.tensor(output)], attrs: ["T": .type(b.dtype(output))])
                    knownZeros.append(zeros)
                    outGrads[k] = .dense(zeros)
                }
                let zeros = knownZeros
                inGrads = try b.withGradientScope(of: name) { () throws(GradientError) -> [Gradient?] in
                    let context = RuleContext(builder: b, name: name, op: op, attrs: b.attrs(at: position), inputs: inputs, position: position, grads: outGrads, knownZeros: zeros)
                    let result = try function(context)
                    guard result.count == inputs.count else {
                        throw .wrongGradientCount(node: name, op: op, expected: inputs.count, got: result.count)
                    }
                    if request.gateGradients && result.compactMap({ $0 }).count > 1 {
                        return Gating.tuple(result, builder: b)
                    }
                    return result
                }
            default:
                break
            }
            let producers = b.producers(at: position)
            for (i, (input, gradient)) in zip(inputs, inGrads).enumerated() {
                guard let gradient, let producer = producers[i] else { continue }
                // The input's facts read once, for its dtype and its shape.
                if case .dense(let d) = gradient, case let inInfo = b.info(input), inInfo.dtype.base != .resource {
                    let gShape = b.shape(d), inShape = inInfo.shape
                    guard let merged = gShape.merged(with: inShape) else {
                        throw .incompatibleShapes(node: name, op: op, input: i, inputShape: inShape.description, gradientShape: gShape.description)
                    }
                    if merged != gShape { b.analysis.refine(d, to: merged) }
                }
                arrived.append(gradient, to: producer)
            }
        }
    }

    private mutating func aggregate(_ position: Int) throws(GradientError) -> [Gradient?] {
        let count = max(b.analysis.outputCount(at: position), arrived.highestOutput(at: position) + 1)
        // Appended rather than filled in: `Array(repeating: nil, count:)` of this enum costs
        // more than the appends.
        var out: [Gradient?] = []
        out.reserveCapacity(count)
        if let (output, gradient) = arrived.only(at: position) {
            for k in 0..<count { out.append(k == output ? gradient : nil) }
            return out
        }
        let lists = arrived.lists(at: position, width: count)
        let name = b.name(at: position)
        for list in lists {
            out.append(list.isEmpty ? nil : list.count == 1 ? list[0] : Aggregation.sum(list, of: name, method: request.aggregationMethod, builder: b))
        }
        return out
    }

    private func path(to position: Int) -> [String] {
        var path = [position]
        var seen: Set<Int> = [position]
        var current = position
        while let next = reachedFrom[current], !seen.contains(next) {
            path.append(next)
            seen.insert(next)
            current = next
        }
        return path.reversed().map { b.name(at: $0) }
    }
}

func uniqued(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
