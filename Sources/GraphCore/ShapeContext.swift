import GraphModel

/// What a shape function sees of one node: its attributes, its inputs' static facts
/// and their constant values.
public struct ShapeContext {
    public let node: Node
    let analysis: StaticAnalysis
    public let inputs: [TensorRef]

    init(node: Node, analysis: StaticAnalysis) {
        self.node = node
        self.analysis = analysis
        self.inputs = node.dataInputs.compactMap(TensorRef.init(parsing:))
    }

    public func input(_ i: Int) -> TensorInfo {
        i < inputs.count ? analysis.info(inputs[i]) : TensorInfo(dtype: .invalid, shape: .unknown)
    }

    public func shape(_ i: Int) -> StaticShape { input(i).shape }
    public func dtype(_ i: Int) -> DType { input(i).dtype }
    public func value(_ i: Int) -> ConstantValue? { i < inputs.count ? analysis.inferenceValue(inputs[i]) : nil }

    public func type(_ attr: String) -> DType? { node.attrs[attr]?.typeValue }
    public func int(_ attr: String) -> Int? { node.attrs[attr]?.intValue.map(Int.init) }
    public func bool(_ attr: String) -> Bool { node.attrs[attr]?.boolValue ?? false }
    public func ints(_ attr: String) -> [Int]? { node.attrs[attr]?.listValue?.ints.map(Int.init) }
    public func string(_ attr: String) -> String? { node.attrs[attr]?.stringValue }

    /// The output dtype named by attribute `attr`, else the first input's base dtype.
    public func dtype(attr: String) -> DType { type(attr) ?? dtype(0).base }

    /// The shape described by a 1-D shape tensor (TF's MakeShapeFromShapeTensor): known
    /// entries where they fold, -1 elsewhere; unknown rank if even its length is unknown.
    public func shapeFromTensor(_ i: Int) -> StaticShape {
        if let v = value(i) {
            return v.isScalar ? (v.values.first.map { $0 == -1 ? .unknown : StaticShape([Int($0)]) } ?? .unknown)
                              : StaticShape(v.ints.map { $0 < 0 ? -1 : $0 })
        }
        guard i < inputs.count, let producer = analysis.node(inputs[i].node) else { return .unknown }
        if producer.op == "Shape" , let source = producer.dataInputs.first.flatMap(TensorRef.init(parsing:)) {
            return analysis.shape(source)
        }
        if producer.op == "ShapeN", let source = producer.dataInputs.dropFirst(inputs[i].output).first.flatMap(TensorRef.init(parsing:)) {
            return analysis.shape(source)
        }
        if producer.op == "Pack" {
            let parts = producer.dataInputs.compactMap(TensorRef.init(parsing:)).map { analysis.inferenceValue($0)?.values.first.map(Int.init) ?? -1 }
            return StaticShape(parts)
        }
        if let length = shape(i).dims?.first, shape(i).rank == 1, length >= 0 { return .rank(length) }
        return .unknown
    }

    public func one(_ dtype: DType, _ shape: StaticShape) -> [TensorInfo] { [TensorInfo(dtype: dtype, shape: shape)] }
}
