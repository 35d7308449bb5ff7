import GraphModel

/// Static dtype and shape of a tensor.
public struct TensorInfo: Hashable, Sendable {
    public var dtype: DType
    public var shape: StaticShape

    public init(dtype: DType, shape: StaticShape) {
        self.dtype = dtype
        self.shape = shape
    }
}

/// Lazily computed static facts about tensors: dtypes, shapes (TF's C++ shape inference
/// for the ops in the catalog) and constant-folded values. Only nodes that someone asks
/// about are analysed, so the cost follows the part of the graph a rewrite touches.
public final class StaticAnalysis {
    public typealias NodeLookup = (String) -> Node?

    private let lookup: NodeLookup
    private var outputs: [String: [TensorInfo]] = [:]
    private var inProgress: Set<String> = []
    private var folded: [TensorRef: ConstantValue?] = [:]
    private var evaluated: [TensorRef: ConstantValue?] = [:]
    private var refined: [TensorRef: StaticShape] = [:]

    public init(lookup: @escaping NodeLookup) { self.lookup = lookup }

    public func node(_ name: String) -> Node? { lookup(name) }

    public func info(_ tensor: TensorRef) -> TensorInfo {
        let all = outputInfos(of: tensor.node)
        var info = tensor.output < all.count ? all[tensor.output] : TensorInfo(dtype: .invalid, shape: .unknown)
        if let shape = refined[tensor] { info.shape = shape }
        return info
    }

    public func dtype(_ tensor: TensorRef) -> DType { info(tensor).dtype }
    public func shape(_ tensor: TensorRef) -> StaticShape { info(tensor).shape }

    /// Records a more precise shape learned later (the gradient shape merge of §3.6 step 5).
    public func refine(_ tensor: TensorRef, to shape: StaticShape) { refined[tensor] = shape }

    public func outputCount(of name: String) -> Int { outputInfos(of: name).count }

    public func outputInfos(of name: String) -> [TensorInfo] {
        if let cached = outputs[name] { return cached }
        // A node on a cycle (a loop's back edge) asks about itself: answer "unknown".
        if inProgress.contains(name) { return [] }
        // Iterative post-order walk: deep graphs (1M-node chains) must not overflow the stack.
        var stack = [name]
        var expanded = Set<String>()
        while let top = stack.last {
            if outputs[top] != nil { stack.removeLast(); continue }
            guard let node = lookup(top) else {
                outputs[top] = []
                stack.removeLast()
                continue
            }
            if expanded.insert(top).inserted {
                inProgress.insert(top)
                for input in node.dataInputs {
                    guard let ref = TensorRef(parsing: input) else { continue }
                    if outputs[ref.node] == nil && !inProgress.contains(ref.node) { stack.append(ref.node) }
                }
                continue
            }
            stack.removeLast()
            outputs[top] = compute(node)
            inProgress.remove(top)
        }
        return outputs[name] ?? []
    }

    /// Invalidates nothing: nodes never change once added, so cached facts stay true.
    private func compute(_ node: Node) -> [TensorInfo] {
        let context = ShapeContext(node: node, analysis: self)
        var infos: [TensorInfo]
        if let function = ShapeFunctions.table[node.op] {
            infos = function(context)
        } else {
            infos = ShapeFunctions.fallback(context)
        }
        // Shapes recorded by the exporter refine what the shape functions could not know.
        if let recorded = node.attrs["_output_shapes"]?.listValue?.shapes, recorded.count == infos.count {
            for i in infos.indices {
                infos[i].shape = infos[i].shape.merged(with: StaticShape(recorded[i])) ?? infos[i].shape
            }
        }
        return infos
    }

    /// The value of `tensor` if it can be computed from constants and static shapes.
    public func constantValue(_ tensor: TensorRef) -> ConstantValue? {
        if let cached = folded[tensor] { return cached }
        let value = ConstantFolding.fold(tensor, in: self, strong: false)
        folded[tensor] = value
        return value
    }

    /// The stronger evaluation C++ shape inference applies to shape-like inputs: small
    /// constant subgraphs of integer arithmetic are computed, not only the few ops above.
    public func inferenceValue(_ tensor: TensorRef) -> ConstantValue? {
        if let cached = evaluated[tensor] { return cached }
        let value = ConstantFolding.fold(tensor, in: self, strong: true)
        evaluated[tensor] = value
        return value
    }
}
