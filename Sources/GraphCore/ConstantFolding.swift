import GraphModel

/// The partial evaluator TensorFlow's Python gradient code consults
/// (`tensor_util.constant_value`): constants, and the few ops whose result follows from
/// constants and static shapes.
enum ConstantFolding {
    /// Beyond this many elements a folded value is not worth materialising.
    static let maxElements = 1 << 16

    static func fold(_ tensor: NodeOutput, in analysis: StaticAnalysis, strong: Bool) -> ConstantValue? {
        let op = analysis.op(at: tensor.node)
        let attrs = analysis.attrs(at: tensor.node)
        let producers = analysis.producers(at: tensor.node)
        func value(_ i: Int) -> ConstantValue? {
            guard i < producers.count, let p = producers[i] else { return nil }
            return strong ? analysis.inferenceValue(p) : analysis.constantValue(p)
        }
        func shapeOfInput(_ i: Int) -> StaticShape {
            guard i < producers.count, let p = producers[i] else { return .unknown }
            return analysis.info(p).shape
        }
        let outType = attrs["out_type"]?.typeValue ?? .int32

        switch op {
        case "Const":
            guard tensor.output == 0, let t = attrs["value"]?.tensorValue, (t.shape.elementCount ?? 0) <= Int64(maxElements) else { return nil }
            return ConstantValue(t)
        case "Identity", "StopGradient", "Snapshot":
            return value(0)
        case "Shape":
            guard let dims = shapeOfInput(0).dims, shapeOfInput(0).isFullyDefined else { return nil }
            return .vector(dims, dtype: outType)
        case "Size":
            guard let count = shapeOfInput(0).elementCount else { return nil }
            return .scalar(Double(count), dtype: outType)
        case "Rank":
            guard let rank = shapeOfInput(0).rank else { return nil }
            return .scalar(Double(rank), dtype: .int32)
        case "Range":
            guard let s = value(0)?.values.first, let l = value(1)?.values.first, let d = value(2)?.values.first, d != 0 else { return nil }
            var values: [Double] = []
            var v = s
            while (d > 0 ? v < l : v > l) && values.count <= maxElements { values.append(v); v += d }
            return ConstantValue(dtype: attrs["Tidx"]?.typeValue ?? .int32, shape: [values.count], values: values)
        case "Cast":
            guard var v = value(0), let dst = attrs["DstT"]?.typeValue else { return nil }
            if dst.isInteger { v.values = v.values.map { $0.rounded(.towardZero) } }
            v.dtype = dst
            return v
        case "ConcatV2", "Concat":
            let axisIndex = op == "ConcatV2" ? producers.count - 1 : 0
            guard let axis = value(axisIndex)?.ints.first else { return nil }
            let parts = op == "ConcatV2" ? Array(0..<axisIndex) : Array(1..<producers.count)
            var pieces: [ConstantValue] = []
            for i in parts { guard let v = value(i) else { return nil }; pieces.append(v) }
            guard let first = pieces.first, first.shape.count == 1, axis == 0 || axis == -1 else { return nil }
            return ConstantValue(dtype: first.dtype, shape: [pieces.reduce(0) { $0 + $1.values.count }], values: pieces.flatMap(\.values))
        case "Pack":
            guard (attrs["axis"]?.intValue ?? 0) == 0 else { return nil }
            var pieces: [ConstantValue] = []
            for i in producers.indices { guard let v = value(i) else { return nil }; pieces.append(v) }
            guard let first = pieces.first, pieces.allSatisfy({ $0.shape == first.shape }) else { return nil }
            return ConstantValue(dtype: first.dtype, shape: [pieces.count] + first.shape, values: pieces.flatMap(\.values))
        case "Unpack":
            guard (attrs["axis"]?.intValue ?? 0) == 0, let v = value(0), let n = v.shape.first, n > 0 else { return nil }
            let stride = v.values.count / n
            guard tensor.output < n else { return nil }
            return ConstantValue(dtype: v.dtype, shape: Array(v.shape.dropFirst()),
                                 values: Array(v.values[tensor.output * stride..<(tensor.output + 1) * stride]))
        case "Fill":
            guard let dims = value(0)?.ints, let scalar = value(1)?.values.first else { return nil }
            let count = dims.reduce(1, *)
            guard count <= maxElements else { return nil }
            return ConstantValue(dtype: value(1)!.dtype, shape: dims, values: Array(repeating: scalar, count: count))
        case "Equal", "NotEqual":
            guard let a = value(0), let b = value(1), a.values.count == b.values.count else { return nil }
            let equal = op == "Equal"
            return ConstantValue(dtype: .bool, shape: a.shape, values: zip(a.values, b.values).map { ($0 == $1) == equal ? 1 : 0 })
        default:
            return strong ? StrongFolding.fold(op, attrs: attrs, tensor: tensor, value: value) : nil
        }
    }
}
