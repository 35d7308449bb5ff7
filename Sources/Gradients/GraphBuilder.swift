import GraphCore
import GraphModel

/// Appends nodes to a copy of the input graph the way TensorFlow's Python graph
/// builder does: unique names inside the current name scope, the active colocation
/// and control-dependency contexts applied to each new node, static facts kept current.
final class GraphBuilder: GraphStore {
    // Stored state is `@exclusivity(unchecked)`: a pass is single-threaded and never holds
    // overlapping accesses, and the dynamic checks cost several percent of every rewrite.
    /// The input graph's nodes (never modified) followed by the nodes the pass creates, at
    /// positions `originalCount...`. Taken over from the caller's graph, so when the caller
    /// gives its graph up, created nodes are appended in place and nothing is copied.
    @exclusivity(unchecked) private(set) var nodes: [Node]
    /// Every node's data inputs resolved to the positions of their producers.
    @exclusivity(unchecked) private(set) var producerPositions: ProducerTable
    /// Name → position: the input's nodes, and the created nodes before `indexedUpTo`.
    @exclusivity(unchecked) private var positions: NameTable
    /// Created nodes are entered in `positions` only when a lookup misses: a pass refers to
    /// the nodes it creates through references that carry their positions, so most are
    /// never looked up by name, and hashing every new name into a table sized for the whole
    /// graph cost as much as building the node.
    @exclusivity(unchecked) private var indexedUpTo: Int
    let originalCount: Int
    @exclusivity(unchecked) var names: NameRegistry
    @exclusivity(unchecked) private(set) var analysis: StaticAnalysis!

    /// The current name scope without a trailing slash; "" is the root.
    @exclusivity(unchecked) var scope = ""
    /// Active colocation targets, outermost first.
    @exclusivity(unchecked) private var colocation: [ColocationTarget] = []
    /// Whether the innermost colocation context ignores the outer ones.
    @exclusivity(unchecked) private var colocationResets: [Int] = []
    @exclusivity(unchecked) private var controlBlocks: [ControlBlock] = []
    /// TF's `ops.device(...)` scope for new nodes; colocation still wins.
    @exclusivity(unchecked) var deviceScope: String?
    /// (shape, axes) pairs whose Sum gradient already emitted TF's dangling Maximum/floordiv.
    @exclusivity(unchecked) var sumCacheKeys: Set<SumCacheKey> = []
    /// Encoded attributes of recent constants, shared by later constants of the same value.
    @exclusivity(unchecked) var constantAttrs = ConstantAttrCache()

    struct SumCacheKey: Hashable {
        var shape: [Int]
        var axes: [Int]
    }

    /// A colocation target's groups and device, looked up once when its context opens
    /// rather than for every node created inside it.
    struct ColocationTarget {
        /// `_class` for nodes colocated with this target alone: its groups, sorted.
        var classAttr: AttrValue
        /// The target's device, canonical; "" when it has none.
        var device: String
    }

    struct ControlBlock {
        var producer: String
        /// Nodes are appended, so the nodes created inside the block are those from `start`
        /// on, less those created inside the blocks nested in it (only the innermost block
        /// records a node). Positions, not a set of names: a pass opens a block for most
        /// element-wise gradients, and a hash table per block cost more than the rule.
        var start: Int
        var nested: [Range<Int>] = []

        func created(_ position: Int) -> Bool {
            position >= start && !nested.contains { $0.contains(position) }
        }
    }

    /// `namesRelevantTo`: only existing names starting with this (case-insensitively) can
    /// collide with the names this builder will create; "" registers every name, nil none
    /// until `registerNames(relevantTo:)`.
    init(nodes: consuming [Node], namesRelevantTo prefix: String? = "") {
        self.nodes = consume nodes
        originalCount = self.nodes.count
        indexedUpTo = originalCount
        // Room for the nodes the pass will add, up front: growing the tables later would
        // rehash or copy every entry.
        let expected = expectedNodeCount(afterPassOver: originalCount)
        // Scoped so the index's reference to the node array is gone before the array grows.
        do {
            let index = InputIndex(self.nodes, capacity: expected)
            positions = index.positions
            producerPositions = index.producerPositions
        }
        self.nodes.reserveCapacity(expected)
        names = NameRegistry()
        analysis = StaticAnalysis(store: self)
        analysis.createdFrom = originalCount
        if let prefix { registerNames(relevantTo: prefix) }
    }

    /// Registers the existing names the pass's new names could collide with: those starting
    /// with `prefix` (case-insensitively); "" registers every name.
    func registerNames(relevantTo prefix: String) {
        precondition(nodes.count == originalCount, "names are registered before the pass adds nodes")
        names = NameRegistry(namesOf: nodes, relevantTo: prefix)
        names.reserveCapacity(expectedNodeCount(afterPassOver: originalCount))
    }

    func node(_ name: String) -> Node? { lookup(name).map { node(at: $0) } }
    // Single fields are read straight from the array (not through a helper returning the
    // node), so no whole node is copied and retained just to read one of its fields.
    func device(of name: String) -> String { lookup(name).map { nodes[$0].device } ?? "" }
    func device(of tensor: TensorRef) -> String { position(of: tensor).map { nodes[$0].device } ?? "" }
    func op(of name: String) -> String? { lookup(name).map(op(at:)) }
    func name(at p: Int) -> String { nodes[p].name }
    func attrs(at p: Int) -> AttrMap { nodes[p].attrs }

    // MARK: GraphStore

    var nodeCount: Int { nodes.count }
    func op(at p: Int) -> String { nodes[p].op }
    func node(at p: Int) -> Node { nodes[p] }
    /// Built on each call: only the ops a pass walks ask, once each. Each reference carries
    /// its producer's position as a hint.
    func inputs(at position: Int) -> [TensorRef] {
        let producers = producerPositions[position]
        // Resolved inputs share their producer's name string instead of parsing a new one.
        var resolved: [TensorRef] = []
        resolved.reserveCapacity(producers.count)
        for case let p? in producers { resolved.append(TensorRef(node: nodes[p.node].name, output: p.output, position: p.node)) }
        if resolved.count == producers.count { return resolved }
        var refs: [TensorRef] = []
        refs.reserveCapacity(producers.count)
        for input in Node.dataInputs(of: nodes[position].inputs) {
            guard var ref = TensorRef(parsing: input) else { continue }
            if let producer = producers[refs.count] { ref.position = Int32(truncatingIfNeeded: producer.node) }
            refs.append(ref)
        }
        return refs
    }
    func producers(at position: Int) -> ProducerList { producerPositions[position] }
    func position(of name: String) -> Int? { lookup(name) }

    private func lookup(_ name: String) -> Int? {
        if let p = positions[name] { return p }
        guard indexedUpTo < nodes.count else { return nil }
        while indexedUpTo < nodes.count {
            positions.set(nodes[indexedUpTo].name, indexedUpTo)
            indexedUpTo += 1
        }
        return positions[name]
    }

    func position(of tensor: TensorRef) -> Int? {
        // Equal names usually share storage, so the check rarely reads their bytes.
        let hint = Int(tensor.position)
        if hint >= 0 && hint < nodes.count && nodes[hint].name == tensor.node { return hint }
        return lookup(tensor.node)
    }

    // MARK: Names and scopes

    /// `unique(scope/base)`.
    func uniqueName(_ base: String) -> String { names.unique(NameJoin.scoped(scope, base)) }

    /// Opens `unique(scope/name)` for the duration of `body`.
    func withScope<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        try withExactScope(uniqueName(name), body)
    }

    /// `withScope(op + "_grad")`, the scope of an op's gradient rule, with its name built
    /// in one allocation (a pass opens one for every op it differentiates).
    func withGradientScope<T, E: Error>(of op: String, _ body: () throws(E) -> T) throws(E) -> T {
        try withExactScope(names.unique(NameJoin.scoped(scope, op, suffix: "_grad")), body)
    }

    /// Runs `body` inside an exact scope string (TF's `name_scope("a/b/")`).
    func withExactScope<T, E: Error>(_ exact: String, _ body: () throws(E) -> T) throws(E) -> T {
        let saved = scope
        scope = exact
        defer { scope = saved }
        return try body()
    }

    // MARK: Colocation and devices

    /// Colocates nodes created in `body` with `target` (TF's `ops.colocate_with`).
    func colocated<T, E: Error>(with target: String?, ignoringExisting: Bool = false, _ body: () throws(E) -> T) throws(E) -> T {
        guard let target else {
            return try body()
        }
        return try colocated(with: target, at: lookup(target), ignoringExisting: ignoringExisting, body)
    }

    /// `colocated(with:)` for a tensor's producer, found by its position hint.
    func colocated<T, E: Error>(with tensor: TensorRef, ignoringExisting: Bool = false, _ body: () throws(E) -> T) throws(E) -> T {
        try colocated(with: tensor.node, at: position(of: tensor), ignoringExisting: ignoringExisting, body)
    }

    /// `colocated(with:)` for a target at a known position (nil: no node has the name).
    func colocated<T, E: Error>(with target: String, at position: Int?, ignoringExisting: Bool = false,
                                _ body: () throws(E) -> T) throws(E) -> T {
        let device = position.map { nodes[$0].device } ?? ""
        colocation.append(ColocationTarget(classAttr: colocationClass(of: target, at: position),
                                           device: device.isEmpty ? "" : DeviceName.canonical(device)))
        if ignoringExisting { colocationResets.append(colocation.count - 1) }
        defer {
            colocation.removeLast()
            if ignoringExisting { colocationResets.removeLast() }
        }
        return try body()
    }

    /// Runs `body` with no colocation at all (TF resets it for the gate `NoOp`).
    func withoutColocation<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let saved = (colocation, colocationResets)
        colocation = []
        colocationResets = []
        defer { (colocation, colocationResets) = saved }
        return try body()
    }

    /// The `loc:@...` groups of the node `name` at `position` as a `_class` value: its own
    /// `_class` entries (deduplicated, sorted), else its name. Built from bytes: a pass
    /// colocates every sum of gradients, and going through `String`s cost two allocations.
    private func colocationClass(of name: String, at position: Int?) -> AttrValue {
        if let p = position, let existing = attrs(at: p)["_class"] {
            // A created node's `_class` was made by `applyColocation`: sorted `loc:@` groups
            // already, so it is shared as it is.
            if p >= originalCount { return existing }
            let groups = (existing.listValue?.strings ?? []).filter { $0.starts(with: Self.groupPrefix) }
            if groups.count == 1 { return .byteStrings(groups) }
            if !groups.isEmpty { return .byteStrings(Array(Set(groups)).sorted { $0.lexicographicallyPrecedes($1) }) }
        }
        var group: [UInt8] = []
        group.reserveCapacity(Self.groupPrefix.count + name.utf8.count)
        group.append(contentsOf: Self.groupPrefix)
        group.append(contentsOf: name.utf8)
        return .byteStrings([group])
    }

    private static let groupPrefix = Array("loc:@".utf8)

    /// The `_class` attribute and device of the active colocation contexts (the innermost
    /// target with a device places the node).
    private func applyColocation(attrs: inout AttrMap, device: inout String) {
        let start = colocationResets.last ?? 0
        let active = colocation[min(start, colocation.count)...]
        guard let innermost = active.last else { return }
        // One more entry: a dictionary literal is sized for its own entries only, so the
        // insert would otherwise reallocate it.
        attrs.reserveCapacity(attrs.count + 1)
        if active.count == 1 {
            attrs["_class"] = innermost.classAttr
        } else {
            var groups = Set<[UInt8]>()
            for target in active { groups.formUnion(target.classAttr.listValue?.strings ?? []) }
            attrs["_class"] = .byteStrings(groups.sorted { $0.lexicographicallyPrecedes($1) })
        }
        if let placed = active.last(where: { !$0.device.isEmpty }) { device = placed.device }
    }

    func onDevice<T, E: Error>(_ device: String, _ body: () throws(E) -> T) throws(E) -> T {
        let saved = deviceScope
        deviceScope = DeviceName.canonical(device)
        defer { deviceScope = saved }
        return try body()
    }

    // MARK: Control dependencies

    /// TF's `ops.control_dependencies([producer(g)])`: nodes created in `body` that do not
    /// already depend on g get a control input on its producer.
    func withControlDependency<T, E: Error>(on gradient: TensorRef, _ body: () throws(E) -> T) throws(E) -> T {
        markManualControlDependency(at: position(of: gradient))
        controlBlocks.append(ControlBlock(producer: gradient.node, start: nodes.count))
        defer {
            let block = controlBlocks.removeLast()
            if let outer = controlBlocks.indices.last { controlBlocks[outer].nested.append(block.start..<nodes.count) }
        }
        return try body()
    }

    /// TF tags every op used as a control dependency; existing nodes are never modified.
    func markManualControlDependency(_ name: String) {
        markManualControlDependency(at: lookup(name))
    }

    private func markManualControlDependency(at position: Int?) {
        guard let i = position, i >= originalCount else { return }
        nodes[i].attrs["_has_manual_control_dependencies"] = .bool(true)
    }

    // MARK: Adding nodes

    /// Adds a node with a name already made unique; applies colocation and control blocks.
    /// Returns its first output.
    @discardableResult
    func add(name: String, op: String, inputs: [TensorRef], controlInputs: [String] = [], attrs: AttrMap) -> TensorRef {
        var controls = controlInputs
        if let block = controlBlocks.last {
            let dependsAlready = inputs.contains { $0.node == block.producer || position(of: $0).map(block.created) ?? false }
            if !dependsAlready && !controls.contains(block.producer) { controls.append(block.producer) }
        }
        var inputStrings: [String] = []
        inputStrings.reserveCapacity(inputs.count + controls.count)
        for input in inputs { inputStrings.append(input.inputString) }
        for control in controls { inputStrings.append(NameJoin.control(control)) }
        var attrs = attrs
        var device = deviceScope ?? ""
        applyColocation(attrs: &attrs, device: &device)
        for ref in inputs { producerPositions.append(position(of: ref).map { NodeOutput(node: $0, output: ref.output) }) }
        producerPositions.endNode()
        // Built in place in the array: a local `Node` would be copied in and destroyed.
        nodes.append(Node(name: name, op: op, inputs: inputStrings, device: device, attrs: attrs,
                          experimentalType: FullTypeInference.type(op: op, attrs: attrs)))
        return TensorRef(node: name, output: 0, position: nodes.count - 1)
    }

    // Resolved here rather than by the analysis, which would call back into this builder
    // through its store reference (a retain and release per call).
    func info(_ t: TensorRef) -> TensorInfo {
        guard let p = position(of: t) else { return .unknown }
        return analysis.info(NodeOutput(node: p, output: t.output))
    }
    func dtype(_ t: TensorRef) -> DType { info(t).dtype.base }
    func shape(_ t: TensorRef) -> StaticShape { info(t).shape }
    func constantValue(_ t: TensorRef) -> ConstantValue? { analysis.constantValue(t) }
}

extension GraphBuilder {
    /// Ends the pass: hands over the input's nodes followed by the created ones.
    func finish() -> [Node] {
        defer { nodes = [] }
        return nodes
    }

    func setDevice(_ device: String, at position: Int) {
        guard position >= originalCount else { return }
        nodes[position].device = device
    }
}
