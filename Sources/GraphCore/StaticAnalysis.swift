import GraphModel

/// Static dtype and shape of a tensor.
public struct TensorInfo: Hashable, Sendable {
    public var dtype: DType
    public var shape: StaticShape

    public init(dtype: DType, shape: StaticShape) {
        self.dtype = dtype
        self.shape = shape
    }

    public static let unknown = TensorInfo(dtype: .invalid, shape: .unknown)
}

/// Lazily computed static facts about tensors: dtypes, shapes (TF's C++ shape inference
/// for the ops in the catalog) and constant-folded values. Only nodes that someone asks
/// about are analysed, so the cost follows the part of the graph a rewrite touches.
public final class StaticAnalysis {
    // Stored state is `@exclusivity(unchecked)`: a pass is single-threaded and never holds
    // overlapping accesses, and the dynamic checks cost several percent of every rewrite.
    // unowned(unsafe): the owner outlives the analysis, and checked unowned costs two atomics per access.
    private unowned(unsafe) let store: GraphStore
    /// Per node position: where its outputs' facts start in `facts` (-1: not computed yet)
    /// and how many outputs it has. One flat table instead of a list per node: checking
    /// whether a node is done, or reading one fact, touches no reference-counted storage.
    @exclusivity(unchecked) private var factStart: [Int32] = []
    @exclusivity(unchecked) private var factCount: [Int32] = []
    @exclusivity(unchecked) private var facts: [TensorInfo] = []
    /// Per node position: whether its facts are being computed (to cut cycles).
    @exclusivity(unchecked) private var inProgress: [Bool] = []
    /// The post-order walk's stack, kept between walks so its storage is reused.
    @exclusivity(unchecked) private var walk: [(node: Int, expanded: Bool)] = []
    /// Constant values already folded (weakly, and with shape inference's stronger
    /// evaluation), by fact slot rather than in dictionaries keyed by `NodeOutput`.
    @exclusivity(unchecked) private var folded = FoldedValues()
    @exclusivity(unchecked) private var evaluated = FoldedValues()

    /// Nodes from this position on were created by a pass, not read from a file, so they
    /// carry no exporter-recorded `_output_shapes` to look for.
    @exclusivity(unchecked) public var createdFrom = Int.max

    /// `store` must outlive the analysis (its owner usually holds both).
    public init(store: GraphStore) {
        self.store = store
        // A pass adds about as many nodes as it reads: room for both up front, so the tables
        // are not copied as they grow.
        let capacity = 2 * store.nodeCount
        factStart.reserveCapacity(capacity)
        factCount.reserveCapacity(capacity)
        inProgress.reserveCapacity(capacity)
        facts.reserveCapacity(capacity)
    }

    public func node(_ name: String) -> Node? { store.position(of: name).map(store.node(at:)) }
    func op(at position: Int) -> String { store.op(at: position) }
    func attrs(at position: Int) -> AttrMap { store.attrs(at: position) }
    func producers(at position: Int) -> ProducerList { store.producers(at: position) }

    public func info(_ tensor: TensorRef) -> TensorInfo {
        guard let position = store.position(of: tensor) else { return .unknown }
        return info(NodeOutput(node: position, output: tensor.output))
    }

    public func info(_ output: NodeOutput) -> TensorInfo {
        computeIfNeeded(output.node)
        guard output.output < factCount[output.node] else { return .unknown }
        return facts[Int(factStart[output.node]) + output.output]
    }

    private func isComputed(_ position: Int) -> Bool { factStart[position] >= 0 }

    public func dtype(_ tensor: TensorRef) -> DType { info(tensor).dtype }
    public func shape(_ tensor: TensorRef) -> StaticShape { info(tensor).shape }

    /// Records a more precise shape learned later (the gradient shape merge of §3.6 step 5).
    public func refine(_ tensor: TensorRef, to shape: StaticShape) {
        guard let p = store.position(of: tensor), p < factStart.count, isComputed(p),
              tensor.output < factCount[p] else { return }
        facts[Int(factStart[p]) + tensor.output].shape = shape
    }

    public func outputCount(of name: String) -> Int {
        store.position(of: name).map(outputCount(at:)) ?? 0
    }

    public func outputInfos(at position: Int) -> [TensorInfo] {
        computeIfNeeded(position)
        let start = Int(factStart[position])
        return start < 0 ? [] : Array(facts[start..<start + Int(factCount[position])])
    }

    /// The number of outputs, without copying their facts out.
    public func outputCount(at position: Int) -> Int {
        computeIfNeeded(position)
        return Int(factCount[position])
    }

    /// Computes the facts of `position` and of the producers they need. A node on a cycle (a
    /// loop's back edge) that asks about itself is left without facts ("unknown").
    private func computeIfNeeded(_ position: Int) {
        // Answered without calling the store (each call retains it) when already known.
        if position < factStart.count && factStart[position] >= 0 { return }
        grow(to: store.nodeCount)
        if inProgress[position] { return }
        // Iterative post-order walk: deep graphs (1M-node chains) must not overflow the stack.
        // A node a rewrite creates usually has every producer analysed already, so its walk
        // ends after one step.
        walk.append((position, false))
        while let (top, expanded) = walk.popLast() {
            if isComputed(top) { continue }
            if !expanded {
                inProgress[top] = true
                walk.append((top, true))
                for case let producer? in store.producers(at: top) where !isComputed(producer.node) && !inProgress[producer.node] {
                    walk.append((producer.node, false))
                }
                continue
            }
            let computed = compute(at: top)
            factStart[top] = Int32(facts.count)
            factCount[top] = Int32(computed.count)
            // One by one: `append(contentsOf:)` goes through the generic sequence path.
            for info in computed { facts.append(info) }
            inProgress[top] = false
        }
    }

    private func grow(to count: Int) {
        guard factStart.count < count else { return }
        // Nodes are added one at a time: append in place rather than building a padding array.
        while factStart.count < count {
            factStart.append(-1)
            factCount.append(0)
            inProgress.append(false)
        }
    }

    private func compute(at position: Int) -> [TensorInfo] {
        let context = ShapeContext(position: position, analysis: self)
        var infos = (ShapeFunctions.table[context.op] ?? ShapeFunctions.fallback)(context)
        // Shapes recorded by the exporter refine what the shape functions could not know.
        if position < createdFrom, let recorded = context.attrs["_output_shapes"]?.listValue?.shapes, recorded.count == infos.count {
            for i in infos.indices {
                infos[i].shape = infos[i].shape.merged(with: StaticShape(recorded[i])) ?? infos[i].shape
            }
        }
        return infos
    }

    /// The value of `tensor` if it can be computed from constants and static shapes.
    public func constantValue(_ tensor: TensorRef) -> ConstantValue? {
        store.position(of: tensor).flatMap { constantValue(NodeOutput(node: $0, output: tensor.output)) }
    }

    func constantValue(_ output: NodeOutput) -> ConstantValue? {
        let slot = factSlot(output)
        if let slot, let cached = folded[slot] { return cached }
        let value = ConstantFolding.fold(output, in: self, strong: false)
        if let slot { folded[slot] = value }
        return value
    }

    /// The stronger evaluation C++ shape inference applies to shape-like inputs: small
    /// constant subgraphs of integer arithmetic are computed, not only the few ops above.
    public func inferenceValue(_ tensor: TensorRef) -> ConstantValue? {
        store.position(of: tensor).flatMap { inferenceValue(NodeOutput(node: $0, output: tensor.output)) }
    }

    func inferenceValue(_ output: NodeOutput) -> ConstantValue? {
        let slot = factSlot(output)
        if let slot, let cached = evaluated[slot] { return cached }
        let value = ConstantFolding.fold(output, in: self, strong: true)
        if let slot { evaluated[slot] = value }
        return value
    }

    /// Records the value of a `Const` a pass has just made from `value`, so that folding
    /// does not decode the tensor it was encoded into (shape functions ask for the value of
    /// nearly every shape and axis constant a pass creates). Only integer values, which
    /// the encoding keeps exactly, in full (not a scalar broadcast to a shape).
    public func seedConstant(at position: Int, _ value: ConstantValue) {
        let base = value.dtype.base
        guard base == .int32 || base == .int64, value.shape.allSatisfy({ $0 >= 0 }),
              value.values.count == value.shape.reduce(1, *), value.values.count <= ConstantFolding.maxElements,
              value.values.allSatisfy({ $0.rounded() == $0 && abs($0) <= (base == .int32 ? Double(Int32.max) : 9.0e15) }),
              let slot = factSlot(NodeOutput(node: position, output: 0)) else { return }
        let exact = ConstantValue(dtype: base, shape: value.shape, values: value.values)
        folded[slot] = exact
        evaluated[slot] = exact
    }

    /// Where the facts of `output` are kept; nil for an output its node does not have.
    private func factSlot(_ output: NodeOutput) -> Int? {
        computeIfNeeded(output.node)
        guard output.output >= 0, output.output < factCount[output.node] else { return nil }
        return Int(factStart[output.node]) + output.output
    }
}
