import GraphModel

/// What a shape function sees of one node: its attributes, its inputs' static facts
/// and their constant values.
public struct ShapeContext {
    public let op: String
    public let attrs: AttrMap
    let analysis: StaticAnalysis
    let producers: ProducerList

    init(position: Int, producers: ProducerList, analysis: StaticAnalysis) {
        self.op = analysis.op(at: position)
        self.attrs = analysis.attrs(at: position)
        self.analysis = analysis
        self.producers = producers
    }

    /// The attributes of the node producing input `i`.
    func producerAttrs(_ i: Int) -> AttrMap? {
        guard i < producers.count, let p = producers[i] else { return nil }
        return analysis.attrs(at: p.node)
    }

    /// The op of the node producing input `i`.
    func producerOp(_ i: Int) -> String? {
        guard i < producers.count, let p = producers[i] else { return nil }
        return analysis.op(at: p.node)
    }

    /// The number of data inputs.
    public var inputCount: Int { producers.count }

    /// Read from the analysis on each call (a lookup by position): cheaper than building a
    /// list of every input's facts for each node analysed.
    public func input(_ i: Int) -> TensorInfo {
        guard i < producers.count, let p = producers[i] else { return .unknown }
        return analysis.info(p)
    }

    public func shape(_ i: Int) -> StaticShape { input(i).shape }
    public func dtype(_ i: Int) -> DType { input(i).dtype }
    public func value(_ i: Int) -> ConstantValue? {
        guard i < producers.count, let p = producers[i] else { return nil }
        return analysis.inferenceValue(p)
    }

    public func type(_ attr: String) -> DType? { attrs[attr]?.typeValue }
    public func int(_ attr: String) -> Int? {
        // Not `intValue.map(Int.init)`: that form crashes Swift 6.3's ownership verifier
        // in release builds since some `AttrValue` kinds are indirect.
        guard let value = attrs[attr]?.intValue else { return nil }
        return Int(value)
    }
    public func bool(_ attr: String) -> Bool { attrs[attr]?.boolValue ?? false }
    public func ints(_ attr: String) -> [Int]? { attrs[attr]?.listValue?.ints.map(Int.init) }
    public func string(_ attr: String) -> String? { attrs[attr]?.stringValue }

    /// The output dtype named by attribute `attr`, else the first input's base dtype.
    public func dtype(attr: String) -> DType { type(attr) ?? dtype(0).base }

    /// The shape described by a 1-D shape tensor (TF's MakeShapeFromShapeTensor): known
    /// entries where they fold, -1 elsewhere; unknown rank if even its length is unknown.
    public func shapeFromTensor(_ i: Int) -> StaticShape {
        if let v = value(i) {
            return v.isScalar ? (v.values.first.map { $0 == -1 ? .unknown : StaticShape([Int($0)]) } ?? .unknown)
                              : StaticShape(v.ints.map { $0 < 0 ? -1 : $0 })
        }
        guard i < producers.count, let p = producers[i] else { return .unknown }
        let producerOp = analysis.op(at: p.node)
        let sources = analysis.producers(at: p.node)
        if producerOp == "Shape", let source = sources.first ?? nil {
            return analysis.info(source).shape
        }
        if producerOp == "ShapeN", p.output < sources.count, let source = sources[p.output] {
            return analysis.info(source).shape
        }
        if producerOp == "Pack" {
            return StaticShape(sources.map { $0.flatMap(analysis.inferenceValue)?.values.first.map(Int.init) ?? -1 })
        }
        if let length = shape(i).dims?.first, shape(i).rank == 1, length >= 0 { return .rank(length) }
        return .unknown
    }

    public func one(_ dtype: DType, _ shape: StaticShape) -> OutputInfos { OutputInfos(TensorInfo(dtype: dtype, shape: shape)) }
}
