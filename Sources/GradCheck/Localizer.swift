import Executor
import Gradients
import GraphCore
import GraphModel

/// `--localize`: checks each forward op's gradient nodes on their own, as they are in the
/// graph under test. The op's inputs are fed at their current values, each gradient arriving
/// at the scope `<root>/<op>_grad/` is replaced by a random seed `s`, and the gradients
/// leaving the scope are compared with finite differences of `sum(s * op(inputs))`.
///
/// Ops without gradient nodes of their own (Identity and other pass-through rules) are not
/// checked; an op whose scope cannot be matched to its outputs or inputs is inconclusive.
struct Localizer {
    let setup: CheckSetup
    let request: GradientRequest
    let options: CheckOptions

    init(setup: CheckSetup, request: GradientRequest, options: CheckOptions) {
        self.setup = setup
        self.request = request
        self.options = options
    }

    func run() throws(GradCheckError) -> [OpCheck] {
        let graph = setup.graph
        let reach = Reachability(graph)
        let seedNodes = (request.gradYs ?? []).compactMap { $0?.node }
        let forward = reach.ancestors(of: request.ys.map(\.node) + seedNodes)
        var resultRefs: [TensorRef] = []
        for result in setup.results {
            switch result {
            case .none: break
            case .tensor(let t): resultRefs.append(t)
            case .indexedSlices(let v, let i, let s): resultRefs += [v, i, s]
            }
        }
        let gradientNames = reach.ancestors(of: resultRefs.map(\.node)).subtracting(forward)
        let scopes = GradientScopes(gradientNodes: graph.nodes.filter { gradientNames.contains($0.name) }, forward: forward)
        let onPath = reach.descendants(of: request.xs.map(\.node)).intersection(forward)

        var checks: [OpCheck] = []
        for node in graph.nodes where onPath.contains(node.name) {
            guard let scope = scopes.nodes[node.name] else { continue }
            let verdict: OpCheck.Verdict
            do {
                verdict = try check(node, scope: Set(scope), forward: forward, onPath: onPath, results: resultRefs)
            } catch {
                verdict = .inconclusive("\(error)")
            }
            checks.append(OpCheck(node: node.name, op: node.op, verdict: verdict))
        }
        return checks
    }

    private func check(_ node: Node, scope: Set<String>, forward: Set<String>, onPath: Set<String>, results: [TensorRef]) throws(GradCheckError) -> OpCheck.Verdict {
        let graph = setup.graph
        var incoming: [TensorRef] = []
        var outgoing: [TensorRef] = []
        var outputs: [TensorRef] = []
        for other in graph.nodes {
            for ref in other.dataInputs.compactMap(TensorRef.init(parsing:)) {
                if scope.contains(other.name), !scope.contains(ref.node), !forward.contains(ref.node), !incoming.contains(ref) {
                    incoming.append(ref)
                }
                if !scope.contains(other.name), scope.contains(ref.node), !outgoing.contains(ref) { outgoing.append(ref) }
                if ref.node == node.name, !outputs.contains(ref) { outputs.append(ref) }
            }
        }
        for ref in results where scope.contains(ref.node) && !outgoing.contains(ref) { outgoing.append(ref) }
        for ref in request.ys where ref.node == node.name && !outputs.contains(ref) { outputs.append(ref) }
        let inputs = node.dataInputs.compactMap(TensorRef.init(parsing:))

        let evaluator = setup.evaluator
        let task = "localizing \(node.name)"
        let incomingValues = try evaluator.run(incoming, task: task)
        let outputValues = try evaluator.run(outputs, task: task)
        let inputValues = try evaluator.run(inputs, task: task)

        // Each float gradient arriving at the scope stands for one output of the op of its shape.
        var objective = Objective(ys: [], weights: [], held: FeedSet())
        var seeds = FeedSet()
        var used: Set<Int> = []
        for (ref, value) in zip(incoming, incomingValues) where value.dtype == .float64 {
            guard let o = outputValues.indices.first(where: { !used.contains($0) && outputValues[$0].shape == value.shape && outputValues[$0].dtype == .float64 }) else {
                return .inconclusive("gradient \(ref) arriving at its gradient nodes matches no output of the op")
            }
            used.insert(o)
            var random = SeededRandom(seed: options.seed, stream: "localize \(node.name) \(ref)")
            let seed = (0..<value.count).map { _ in random.gaussian() }
            seeds.set(.tensor(ref), seed, shape: value.shape)
            objective.ys.append(outputs[o])
            objective.weights.append(seed)
        }
        guard !objective.ys.isEmpty else {
            // A rule's gradients are linear in the gradient arriving at the op; nodes that read
            // none cannot be right unless they produce nothing for an input on the path.
            let reachesPath = inputs.contains { onPath.contains($0.node) }
            return reachesPath && !outgoing.isEmpty
                ? .disagrees("its gradient nodes read no incoming gradient (nothing from outside the scope but forward tensors)")
                : .inconclusive("no gradient arriving at its gradient nodes was found")
        }
        for (ref, value) in zip(inputs, inputValues) { objective.held.tensors[ref] = value }
        var overrides = seeds
        overrides.tensors.merge(objective.held.tensors) { seed, _ in seed }
        // A rule may pass an arriving gradient straight on (BiasAdd's input 0), so the seeds
        // are candidates too.
        for ref in incoming where seeds.tensors[ref] != nil && !outgoing.contains(ref) { outgoing.append(ref) }
        let outgoingValues = try evaluator.run(outgoing, overrides: overrides, task: task)

        var unusedCandidates = Set(outgoing.indices)
        var checkedInputs: Set<TensorRef> = []
        for (slot, (ref, value)) in zip(inputs, inputValues).enumerated() where value.dtype == .float64 && onPath.contains(ref.node) {
            guard checkedInputs.insert(ref).inserted, let base = value.doubles else { continue }
            let candidates = unusedCandidates.sorted().filter { outgoingValues[$0].shape == value.shape && outgoingValues[$0].dtype == .float64 }
            let x = CheckedX(position: slot, ref: ref, target: .tensor(ref), shape: value.shape, base: base, analytic: [])
            let compare = try comparator(for: x, objective: objective)
            if let match = candidates.first(where: { compare(outgoingValues[$0].doubles ?? []).passed }) {
                unusedCandidates.remove(match)
                continue
            }
            // The same tensor in two slots (x * x) gets one gradient per slot, summed later.
            let sum = candidates.reduce(into: [Double](repeating: 0, count: base.count)) { total, c in
                for (i, v) in (outgoingValues[c].doubles ?? []).enumerated() { total[i] += v }
            }
            let together = compare(sum)
            if together.passed, candidates.count > 1 || candidates.isEmpty {
                candidates.forEach { unusedCandidates.remove($0) }
                continue
            }
            guard let closest = candidates.map({ compare(outgoingValues[$0].doubles ?? []) }).min(by: { ($0.worst?.excess ?? 0) < ($1.worst?.excess ?? 0) }) else {
                return .inconclusive("no gradient of shape \(GradCheckError.describe(value.shape)) for input \(slot) (\(ref)) leaves its gradient nodes")
            }
            let detail = closest.worst.map { "analytic \($0.analytic) vs numeric \($0.numeric)" } ?? ""
            return .disagrees("gradient for input \(slot) (\(ref)) disagrees with finite differences: max abs error \(closest.maxAbsError), \(detail)")
        }
        return .agrees
    }

    /// A function comparing a candidate gradient for `x` with finite differences of the
    /// objective (element by element for small inputs, along random directions otherwise).
    private func comparator(for x: CheckedX, objective: Objective) throws(GradCheckError) -> ([Double]) -> Comparison {
        var done = 0
        let tolerance = options.tolerance
        if x.count <= options.fullLimit {
            let numeric = try FiniteDifferences.full(x, objective: objective, evaluator: setup.evaluator, eps: options.eps, runsDone: &done, runsTotal: 2 * x.count)
            return { Comparison(analytic: $0, numeric: numeric, tolerance: tolerance) }
        }
        var directions: [[Double]] = []
        var numeric: [Double] = []
        for k in 0..<options.directions {
            var random = SeededRandom(seed: options.seed, stream: "localize direction \(k) \(x.ref)")
            let v = (0..<x.count).map { _ in random.gaussian() }
            directions.append(v)
            numeric.append(try FiniteDifferences.directional(
                [x], direction: [v], objective: objective, evaluator: setup.evaluator, eps: options.eps,
                runsDone: &done, runsTotal: 2 * options.directions))
        }
        return { candidate in Comparison(analytic: directions.map { dot(candidate, $0) }, numeric: numeric, tolerance: tolerance) }
    }
}
