import GraphCore
import GraphModel

/// TensorFlow's `GradientTape` as graph construction sees it (`tensorflow/c/eager/tape.h`,
/// called through Python's `_gradient_function`). A few TF rules (FusedBatchNormGrad's) build
/// their nodes by replaying a computation under a tape and asking it for gradients; this
/// reproduces that second backprop engine so the names come out as TF's do:
///
/// - ops built while the tape watches are recorded when an input of a trainable dtype is a
///   watched tensor or the output of a recorded op;
/// - `gradient` walks the recorded ops from the targets: ops become ready when every gradient
///   of their used outputs is in, and are served first from a list seeded in the iteration
///   order of TF's hash map, then first-ready-first-served;
/// - each op's registered rule runs in the scope `gradient_tape/<scope the op was built in>/`,
///   told which inputs need no gradient (neither watched nor recorded);
/// - several gradients of one tensor are summed by `AddN` in the caller's scope.
struct GradientTape {
    private struct Entry {
        let position: Int
        let inputs: [TensorRef]
        let inputKeys: [NodeOutput]
        let outputCount: Int
        /// The name scope the op was built in (its gradient's scope under `gradient_tape/`).
        let scope: String
    }

    private let b: GraphBuilder
    private var entries: [Entry] = []
    /// The recording op of every recorded tensor; `watchedSource` for watched ones (TF's tensor tape).
    private var producers: [NodeOutput: Int] = [:]
    private static let watchedSource = -1

    init(builder: GraphBuilder) { b = builder }

    private func key(_ t: TensorRef) -> NodeOutput {
        NodeOutput(node: b.position(of: t) ?? -1, output: t.output)
    }

    mutating func watch(_ t: TensorRef) {
        let k = key(t)
        if producers[k] == nil { producers[k] = Self.watchedSource }
    }

    /// Records the op producing `t` if it reads the tape (TF's `ShouldRecord`). `scope`: the
    /// name scope the op was built in, which for ops built by Python's operators (`*`, `-`, `+`)
    /// is the scope they open, the op's own name.
    mutating func record(_ t: TensorRef, scope: String, outputs: Int = 1) {
        guard let position = b.position(of: t) else { return }
        let inputs = b.inputs(at: position)
        let keys = inputs.map(key)
        let readsTape = zip(inputs, keys).contains { input, k in producers[k] != nil && b.dtype(input).isTrainable }
        guard readsTape else { return }
        let id = entries.count
        entries.append(Entry(position: position, inputs: inputs, inputKeys: keys, outputCount: outputs, scope: scope))
        for k in 0..<outputs { producers[NodeOutput(node: position, output: k)] = id }
    }

    /// The gradients of `targets` (seeded with `seeds`) with respect to `sources`, nil where
    /// none reaches a source (TF's `tape.gradient(targets, sources, output_gradients)`).
    func gradient(of targets: [TensorRef], withRespectTo sources: [TensorRef], seeds: [Gradient]) throws(GradientError) -> [Gradient?] {
        let sourceKeys = sources.map(key)
        var walk = BackwardWalk(tape: self, targets: targets.map(key), sources: Set(sourceKeys))
        for (t, seed) in zip(targets, seeds) { try walk.arrive(seed, at: key(t)) }
        try walk.run()
        var results: [Gradient?] = []
        for source in sourceKeys { results.append(try walk.result(for: source)) }
        return results
    }

    /// One `ComputeGradient` call: the state tape.h keeps while it walks back.
    private struct BackwardWalk {
        let tape: GradientTape
        let sources: Set<NodeOutput>
        /// Ops on the way back from the targets, by recording id.
        var onPath: [Bool]
        /// Uses still to be differentiated per tensor, and per op its outputs still in use.
        var uses: [NodeOutput: Int] = [:]
        var missingOutputs: [Int: Int] = [:]
        var ready: [Int]
        var arrived: [NodeOutput: [Gradient]] = [:]
        var elementCounts: [NodeOutput: Int] = [:]

        /// TF sums a tensor's gradients early when more than four wait and they would hold
        /// over 128 MiB (counting four bytes an element).
        static let earlySumCount = 4
        static let earlySumBytes = 128 * 1024 * 1024

        init(tape: GradientTape, targets: [NodeOutput], sources: Set<NodeOutput>) {
            self.tape = tape
            self.sources = sources
            onPath = Array(repeating: false, count: tape.entries.count)
            // TF's PrepareBackprop: depth first from the targets, counting each tensor's uses.
            var pathOrder = StdHashMapOrder()
            var stack = targets
            while let t = stack.popLast() {
                guard let op = tape.producers[t], op != GradientTape.watchedSource, !onPath[op] else { continue }
                onPath[op] = true
                pathOrder.insert(op)
                for input in tape.entries[op].inputKeys {
                    if let n = uses[input] {
                        uses[input] = n + 1
                    } else {
                        uses[input] = 1
                        if tape.producers[input] != nil { stack.append(input) }
                    }
                }
            }
            for t in uses.keys {
                if let op = tape.producers[t], op != GradientTape.watchedSource { missingOutputs[op, default: 0] += 1 }
            }
            // The initial list in the path map's iteration order; taken from the back.
            let missing = missingOutputs
            ready = pathOrder.keys.filter { missing[$0] == nil }
        }

        mutating func arrive(_ g: Gradient, at t: NodeOutput) throws(GradientError) {
            arrived[t, default: []].append(g)
            guard let count = arrived[t]?.count, count > Self.earlySumCount else { return }
            let elements = elementCounts[t] ?? elementCount(arrived[t]![0])
            elementCounts[t] = elements
            if count * elements * 4 > Self.earlySumBytes { arrived[t] = [try sum(arrived[t]!)] }
        }

        mutating func run() throws(GradientError) {
            while let op = ready.popLast() {
                guard onPath[op] else { continue }
                onPath[op] = false
                let entry = tape.entries[op]
                var outGrads: [Gradient?] = []
                for k in 0..<entry.outputCount {
                    let t = NodeOutput(node: entry.position, output: k)
                    guard let list = arrived[t], !list.isEmpty else {
                        outGrads.append(nil)
                        continue
                    }
                    let g = list.count == 1 ? list[0] : try sum(list)
                    arrived[t] = sources.contains(t) ? [g] : nil
                    outGrads.append(g)
                }
                var inGrads: [Gradient?] = Array(repeating: nil, count: entry.inputs.count)
                if outGrads.contains(where: { $0 != nil }) {
                    var skipped: UInt64 = 0
                    for (i, input) in entry.inputKeys.enumerated() where i < 64 && tape.producers[input] == nil && !sources.contains(input) {
                        skipped |= 1 << UInt64(i)
                    }
                    inGrads = try tape.differentiate(entry, outGrads: fillingZeros(outGrads, of: entry), skipped: skipped)
                }
                for (i, input) in entry.inputKeys.enumerated() {
                    if let g = inGrads[i] { try arrive(g, at: input) }
                    guard let n = uses[input] else { continue }
                    uses[input] = n - 1
                    guard n == 1 else { continue }
                    guard let producer = tape.producers[input] else {
                        arrived[input] = nil
                        continue
                    }
                    guard producer != GradientTape.watchedSource, let m = missingOutputs[producer] else { continue }
                    missingOutputs[producer] = m - 1
                    if m == 1 { ready.insert(producer, at: 0) }
                }
            }
        }

        func result(for source: NodeOutput) throws(GradientError) -> Gradient? {
            guard let list = arrived[source], !list.isEmpty else { return nil }
            return list.count == 1 ? list[0] : try sum(list)
        }

        /// Outputs without a gradient get zeros when another output of the op has one.
        private func fillingZeros(_ grads: [Gradient?], of entry: Entry) -> [Gradient?] {
            grads.enumerated().map { k, g in
                g ?? .dense(tape.b.zerosLike(TensorRef(node: tape.b.name(at: entry.position), output: k, position: entry.position)))
            }
        }

        private func sum(_ grads: [Gradient]) throws(GradientError) -> Gradient {
            var terms: [TensorRef] = []
            for g in grads {
                guard case .dense(let t) = g else {
                    throw .unsupported(node: tape.b.scope, op: "AddN",
                                       reason: "a gradient tape sums sparse gradients as IndexedSlices, which is not modelled")
                }
                terms.append(t)
            }
            return .dense(tape.b.addN(terms))
        }

        private func elementCount(_ g: Gradient) -> Int {
            guard let dims = tape.b.shape(g.primary).dims, !dims.contains(where: { $0 < 0 }) else { return 0 }
            return dims.reduce(1, *)
        }
    }

    /// Calls the op's rule as `_gradient_function` does: in `gradient_tape/<scope>/`, with the
    /// op's own tensors, and the inputs no one needs marked as skipped.
    private func differentiate(_ entry: Entry, outGrads: [Gradient?], skipped: UInt64) throws(GradientError) -> [Gradient?] {
        let name = b.name(at: entry.position)
        let op = b.op(at: entry.position)
        let function: GradientFunction
        switch GradientRegistry.rules[op] {
        case .function(let f)?: function = f
        case .notDifferentiable?: return Array(repeating: nil, count: entry.inputs.count)
        case .prevented?:
            throw .gradientDisabled(node: name, message: b.attrs(at: entry.position)["message"]?.stringValue ?? "")
        case nil: throw .noGradient(node: name, op: op, path: [name])
        }
        let scope = entry.scope.isEmpty ? "gradient_tape" : "gradient_tape/" + entry.scope
        return try b.withExactScope(scope) { () throws(GradientError) -> [Gradient?] in
            let context = RuleContext(builder: b, name: name, op: op, attrs: b.attrs(at: entry.position), inputs: entry.inputs,
                                      position: entry.position, grads: outGrads, knownZeros: [], skippedInputs: skipped)
            let result = try function(context)
            guard result.count == entry.inputs.count else {
                throw .wrongGradientCount(node: name, op: op, expected: entry.inputs.count, got: result.count)
            }
            return result
        }
    }
}
