import GraphModel

/// Integer arithmetic on small constants, as C++ shape inference evaluates it
/// (`EvaluateConstantTensor`); only used to refine static shapes.
enum StrongFolding {
    static func fold(_ op: String, attrs: AttrMap, tensor: NodeOutput, value: (Int) -> ConstantValue?) -> ConstantValue? {
        switch op {
        case "AddV2", "Add", "Sub", "Mul", "FloorMod", "FloorDiv", "Maximum", "Minimum":
            guard let a = value(0), let b = value(1), let (shape, pairs) = broadcastPairs(a, b) else { return nil }
            let f: (Double, Double) -> Double
            switch op {
            case "AddV2", "Add": f = (+)
            case "Sub": f = (-)
            case "Mul": f = (*)
            case "FloorMod": f = { y, z in z == 0 ? 0 : y - (y / z).rounded(.down) * z }
            case "FloorDiv": f = { y, z in z == 0 ? 0 : (y / z).rounded(.down) }
            case "Maximum": f = { Swift.max($0, $1) }
            default: f = { Swift.min($0, $1) }
            }
            return ConstantValue(dtype: a.dtype, shape: shape, values: pairs.map(f))
        case "Reshape":
            guard let a = value(0), let dims = value(1)?.ints else { return nil }
            var shape = dims
            if let i = shape.firstIndex(of: -1) {
                let known = shape.filter { $0 >= 0 }.reduce(1, *)
                shape[i] = known == 0 ? 0 : a.values.count / known
            }
            return ConstantValue(dtype: a.dtype, shape: shape, values: a.values)
        case "ExpandDims", "Squeeze":
            guard let a = value(0), a.values.count <= 1 || a.shape.count <= 1 else { return nil }
            if op == "ExpandDims" { return ConstantValue(dtype: a.dtype, shape: [1] + a.shape, values: a.values) }
            return ConstantValue(dtype: a.dtype, shape: a.shape.filter { $0 != 1 }, values: a.values)
        case "DynamicPartition":
            // Rows of data whose partition is this output, in order (partitions over data's first dims).
            guard let data = value(0), let partitions = value(1), !partitions.shape.isEmpty,
                  data.shape.starts(with: partitions.shape) else { return nil }
            let rowSize = data.shape.dropFirst(partitions.shape.count).reduce(1, *)
            var out: [Double] = []
            for (i, p) in partitions.values.enumerated() where Int(p) == tensor.output {
                out.append(contentsOf: data.values[i * rowSize..<(i + 1) * rowSize])
            }
            return ConstantValue(dtype: data.dtype, shape: [out.count / max(rowSize, 1)] + data.shape.dropFirst(partitions.shape.count),
                                 values: out)
        case "ListDiff":
            guard let a = value(0), let b = value(1) else { return nil }
            let removed = Set(b.values)
            let kept = a.values.enumerated().filter { !removed.contains($0.element) }
            if tensor.output == 0 { return ConstantValue(dtype: a.dtype, shape: [kept.count], values: kept.map(\.element)) }
            return ConstantValue(dtype: .int32, shape: [kept.count], values: kept.map { Double($0.offset) })
        case "GatherV2":
            guard let params = value(0), params.shape.count == 1, let indices = value(1), (value(2)?.ints.first ?? 0) == 0 else { return nil }
            var out: [Double] = []
            for i in indices.ints {
                guard i >= 0 && i < params.values.count else { return nil }
                out.append(params.values[i])
            }
            return ConstantValue(dtype: params.dtype, shape: indices.shape, values: out)
        case "Prod", "Sum":
            guard let a = value(0), a.shape.count <= 1, !(attrs["keep_dims"]?.boolValue ?? false) else { return nil }
            let result = op == "Prod" ? a.values.reduce(1, *) : a.values.reduce(0, +)
            return .scalar(result, dtype: a.dtype)
        case "InvertPermutation":
            guard let p = value(0) else { return nil }
            var inverse = Array(repeating: 0.0, count: p.values.count)
            for (i, v) in p.ints.enumerated() where v >= 0 && v < inverse.count { inverse[v] = Double(i) }
            return ConstantValue(dtype: p.dtype, shape: p.shape, values: inverse)
        case "StridedSlice":
            guard let a = value(0), a.shape.count == 1, let begin = value(1)?.ints.first, let end = value(2)?.ints.first,
                  let stride = value(3)?.ints.first, stride == 1 else { return nil }
            let n = a.values.count
            let shrink = (attrs["shrink_axis_mask"]?.intValue ?? 0) & 1 == 1
            var lo = begin < 0 ? begin + n : begin
            var hi = end < 0 ? end + n : end
            if (attrs["begin_mask"]?.intValue ?? 0) & 1 == 1 { lo = 0 }
            if (attrs["end_mask"]?.intValue ?? 0) & 1 == 1 { hi = n }
            if shrink {
                guard lo >= 0 && lo < n else { return nil }
                return .scalar(a.values[lo], dtype: a.dtype)
            }
            lo = Swift.max(0, Swift.min(lo, n)); hi = Swift.max(lo, Swift.min(hi, n))
            return ConstantValue(dtype: a.dtype, shape: [hi - lo], values: Array(a.values[lo..<hi]))
        default:
            return nil
        }
    }

    private static func broadcastPairs(_ a: ConstantValue, _ b: ConstantValue) -> ([Int], [(Double, Double)])? {
        if a.values.count == b.values.count && a.shape == b.shape { return (a.shape, Array(zip(a.values, b.values))) }
        if b.values.count == 1 { return (a.shape, a.values.map { ($0, b.values[0]) }) }
        if a.values.count == 1 { return (b.shape, b.values.map { (a.values[0], $0) }) }
        return nil
    }
}
