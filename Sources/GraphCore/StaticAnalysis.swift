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

/// Static facts about tensors: dtypes, shapes (TF's C++ shape inference for the ops in the
/// catalog) and constant-folded values. Facts are computed when first asked for, or for
/// every node at once (`analyseAll`, when a graph is imported, as TensorFlow does);
/// constant values are folded only on demand.
public final class StaticAnalysis {
    // Stored state is `@exclusivity(unchecked)`: a pass is single-threaded and never holds
    // overlapping accesses, and the dynamic checks cost several percent of every rewrite.
    // unowned(unsafe): the owner outlives the analysis, and checked unowned costs two atomics per access.
    private unowned(unsafe) let store: GraphStore
    /// Per node position: where its outputs' facts are in `facts`. One flat table instead of
    /// a list per node: checking whether a node is done, or reading one fact, touches no
    /// reference-counted storage; and one entry per node, so a created node costs one append.
    @exclusivity(unchecked) private var slots: [FactSlots] = []
    @exclusivity(unchecked) private var facts: [TensorInfo] = []
    /// The post-order walk's stack, kept between walks so its storage is reused.
    @exclusivity(unchecked) private var walk: [(node: Int, expanded: Bool)] = []
    /// Constant values already folded (weakly, and with shape inference's stronger
    /// evaluation), by fact slot rather than in dictionaries keyed by `NodeOutput`.
    @exclusivity(unchecked) private var folded = FoldedValues()
    @exclusivity(unchecked) private var evaluated = FoldedValues()

    /// Nodes from this position on were created by a pass, not read from a file, so they
    /// carry no exporter-recorded `_output_shapes` to look for.
    @exclusivity(unchecked) public var createdFrom = Int.max

    struct FactSlots {
        /// The first fact's index in `facts`; `notComputed` or `inProgress` (computing
        /// the node's producers, to cut cycles) before the node has facts.
        var start: Int32 = notComputed
        var count: Int32 = 0

        static let notComputed: Int32 = -1
        static let inProgress: Int32 = -2
    }

    /// `store` must outlive the analysis (its owner usually holds both).
    public init(store: GraphStore) {
        self.store = store
        // Room for the nodes a pass adds too, so the tables are not copied as they grow.
        let capacity = expectedNodeCount(afterPassOver: store.nodeCount)
        slots.reserveCapacity(capacity)
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
        let slot = slots[output.node]
        guard output.output < slot.count else { return .unknown }
        return facts[Int(slot.start) + output.output]
    }

    private func isComputed(_ position: Int) -> Bool { slots[position].start >= 0 }
    /// Whether `position`'s facts are known already (asking for them computes them).
    public func isAnalysed(at position: Int) -> Bool { position < slots.count && isComputed(position) }

    public func dtype(_ tensor: TensorRef) -> DType { info(tensor).dtype }
    public func shape(_ tensor: TensorRef) -> StaticShape { info(tensor).shape }

    /// Records a more precise shape learned later (the gradient shape merge of §3.6 step 5).
    public func refine(_ tensor: TensorRef, to shape: StaticShape) {
        guard let p = store.position(of: tensor), p < slots.count, isComputed(p),
              tensor.output < slots[p].count else { return }
        facts[Int(slots[p].start) + tensor.output].shape = shape
    }

    public func outputCount(of name: String) -> Int {
        store.position(of: name).map(outputCount(at:)) ?? 0
    }

    public func outputInfos(at position: Int) -> [TensorInfo] {
        computeIfNeeded(position)
        let slot = slots[position]
        return slot.start < 0 ? [] : Array(facts[Int(slot.start)..<Int(slot.start + slot.count)])
    }

    /// The number of outputs, without copying their facts out.
    public func outputCount(at position: Int) -> Int {
        computeIfNeeded(position)
        return Int(slots[position].count)
    }

    /// Computes the facts of every node not yet analysed, as TensorFlow infers shapes when it
    /// imports a graph. Nodes are taken in position order, so a node usually finds its
    /// producers done (files list most producers first) and needs no walk.
    public func analyseAll() {
        for position in 0..<store.nodeCount { computeIfNeeded(position) }
    }

    /// Computes the facts of `position` and of the producers they need. A node on a cycle (a
    /// loop's back edge) that asks about itself is left without facts ("unknown").
    private func computeIfNeeded(_ position: Int) {
        // Answered without calling the store (each call retains it) when already known.
        if position < slots.count && slots[position].start >= 0 { return }
        grow(to: store.nodeCount)
        if slots[position].start == FactSlots.inProgress { return }
        // A node a rewrite creates usually has every producer analysed already: computed
        // at once, without the walk.
        let producers = store.producers(at: position)
        if producers.allSatisfy({ $0 == nil || isComputed($0!.node) }) {
            record(compute(at: position, producers: producers), at: position)
            return
        }
        // Iterative post-order walk: deep graphs (1M-node chains) must not overflow the stack.
        walk.append((position, false))
        while let (top, expanded) = walk.popLast() {
            if isComputed(top) { continue }
            let producers = store.producers(at: top)
            if !expanded {
                slots[top].start = FactSlots.inProgress
                walk.append((top, true))
                for case let producer? in producers where slots[producer.node].start == FactSlots.notComputed {
                    walk.append((producer.node, false))
                }
                continue
            }
            record(compute(at: top, producers: producers), at: top)
        }
    }

    private func record(_ computed: OutputInfos, at position: Int) {
        slots[position] = FactSlots(start: Int32(facts.count), count: Int32(computed.count))
        // One by one: `append(contentsOf:)` goes through the generic sequence path.
        for info in computed { facts.append(info) }
    }

    private func grow(to count: Int) {
        // Nodes are added one at a time: append in place rather than building a padding array.
        while slots.count < count { slots.append(FactSlots()) }
    }

    private func compute(at position: Int, producers: ProducerList) -> OutputInfos {
        let context = ShapeContext(position: position, producers: producers, analysis: self)
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

    /// Records the facts of a `Const` a pass has just made from `value`: its dtype and shape
    /// (what the `Const` shape function would read back from the encoded tensor) and, for
    /// integer values, the value itself, so folding does not decode the tensor either. A
    /// pass creates a constant for nearly every shape and axis it passes, and analysing
    /// each as a new node cost about a third of the constant's creation. Integer values
    /// are kept because the encoding keeps them exactly, and only in full (not a scalar
    /// broadcast to a shape).
    public func seedConstant(at position: Int, _ value: ConstantValue) {
        grow(to: store.nodeCount)
        guard !isComputed(position) else { return }
        record(OutputInfos(TensorInfo(dtype: value.dtype, shape: StaticShape(value.shape))), at: position)
        let base = value.dtype.base
        guard base == .int32 || base == .int64, value.shape.allSatisfy({ $0 >= 0 }),
              value.values.count == value.shape.reduce(1, *), value.values.count <= ConstantFolding.maxElements,
              value.values.allSatisfy({ $0.rounded() == $0 && abs($0) <= (base == .int32 ? Double(Int32.max) : 9.0e15) })
        else { return }
        let exact = ConstantValue(dtype: base, shape: value.shape, values: value.values)
        let slot = Int(slots[position].start)
        folded[slot] = exact
        evaluated[slot] = exact
    }

    /// Where the facts of `output` are kept; nil for an output its node does not have.
    private func factSlot(_ output: NodeOutput) -> Int? {
        computeIfNeeded(output.node)
        guard output.output >= 0, output.output < slots[output.node].count else { return nil }
        return Int(slots[output.node].start) + output.output
    }
}
