import GraphCore
import GraphModel

/// An op input: a tensor, or a literal that becomes a `Const` named `<op>/<arg>`
/// created just before the op (TF's implicit `convert_to_tensor`).
enum OpInput {
    // The other cases are boxed: an op input is copied several times on its way into a
    // node, and with their payloads inline every copy of a plain tensor input went through
    // a copy of the whole enum.
    case tensor(TensorRef)
    indirect case literal(ConstantValue, arg: String)
    /// A literal list that may be empty: an empty one becomes TF's dangling float
    /// `Const` followed by the int32 `Const` actually used (`<arg>_1`).
    indirect case intList([Int], arg: String, dtype: DType)
    /// A list of scalar tensors, packed into a vector named `<op>/<arg>`.
    indirect case packed([TensorRef], arg: String)
    /// Sparse rows fed to a dense input: densified inside the op's scope, the
    /// UnsortedSegmentSum named after the argument (`<op>/dy`), as TF's conversion does.
    indirect case slices(IndexedSlices, arg: String)

    /// A gradient as an op input: dense tensors as they are, sparse rows densified for `arg`.
    static func gradient(_ g: Gradient, arg: String) -> OpInput {
        switch g {
        case .dense(let t): return .tensor(t)
        case .slices(let s): return .slices(s, arg: arg)
        }
    }

    static func int(_ value: Int, arg: String, dtype: DType = .int32) -> OpInput {
        .literal(.scalar(Double(value), dtype: dtype), arg: arg)
    }

    static func ints(_ values: [Int], arg: String, dtype: DType = .int32) -> OpInput {
        .literal(.vector(values, dtype: dtype), arg: arg)
    }

    static func scalar(_ value: Double, _ dtype: DType, arg: String) -> OpInput {
        .literal(.scalar(value, dtype: dtype), arg: arg)
    }
}

extension GraphBuilder {
    /// Creates op `type` named `unique(scope/(name ?? type))`, materialising literal inputs first.
    @discardableResult
    func op(_ type: String, name: String? = nil, _ inputs: [OpInput], attrs: AttrMap = [:],
            controlInputs: [String] = []) -> TensorRef {
        let opName = uniqueName(name ?? type)
        var tensors: [TensorRef] = []
        tensors.reserveCapacity(inputs.count)
        for input in inputs {
            switch input {
            case .tensor(let t): tensors.append(t)
            case .literal(let value, let arg):
                tensors.append(constant(value, exactName: names.unique(NameJoin.scoped(opName, arg))))
            case .intList(let values, let arg, let dtype):
                if values.isEmpty {
                    constant(ConstantValue(dtype: .float32, shape: [0], values: []), exactName: names.unique(NameJoin.scoped(opName, arg)))
                }
                tensors.append(constant(ConstantValue(dtype: dtype, shape: [values.count], values: values.map(Double.init)),
                                        exactName: names.unique(NameJoin.scoped(opName, arg))))
            case .packed(let parts, let arg):
                tensors.append(packTensors(parts, exactName: names.unique(NameJoin.scoped(opName, arg))))
            case .slices(let rows, let arg):
                tensors.append(withExactScope(opName) { densify(rows, name: arg) })
            }
        }
        return add(name: opName, op: type, inputs: tensors, controlInputs: controlInputs, attrs: attrs)
    }

    /// `op` for inputs that are all tensors already: no `OpInput` list to build and convert.
    func op(_ type: String, name: String? = nil, tensors: [TensorRef], attrs: AttrMap, controlInputs: [String] = []) -> TensorRef {
        add(name: uniqueName(name ?? type), op: type, inputs: tensors, controlInputs: controlInputs, attrs: attrs)
    }

    /// A `Const` with TensorFlow's encoding of `value` (§8.5).
    @discardableResult
    func constant(_ value: ConstantValue, exactName: String, broadcastScalar: Bool = false) -> TensorRef {
        let attrs = constantAttrs.attrs(for: value, broadcastScalar: broadcastScalar) {
            let tensor = Tensor.make(dtype: value.dtype, shape: value.shape.map(Int64.init), values: value.values,
                                     broadcastScalar: broadcastScalar)
            return ["dtype": .type(value.dtype), "value": .tensor(tensor)]
        }
        let const = add(name: exactName, op: "Const", inputs: [], attrs: attrs)
        analysis.seedConstant(at: nodes.count - 1, value)
        return const
    }

    @discardableResult
    func constant(_ value: ConstantValue, name: String = "Const", broadcastScalar: Bool = false) -> TensorRef {
        constant(value, exactName: uniqueName(name), broadcastScalar: broadcastScalar)
    }

    func dtype(of input: OpInput) -> DType {
        switch input {
        case .tensor(let t): return dtype(t)
        case .literal(let v, _): return v.dtype
        case .intList(_, _, let d): return d
        case .packed(let parts, _): return parts.first.map(dtype) ?? .int32
        case .slices(let rows, _): return dtype(rows.values)
        }
    }

    // MARK: Element-wise

    func unary(_ type: String, _ x: TensorRef, name: String? = nil) -> TensorRef {
        op(type, name: name, tensors: [x], attrs: ["T": .type(dtype(x))])
    }

    func binary(_ type: String, _ x: OpInput, _ y: OpInput, name: String? = nil) -> TensorRef {
        if case .tensor(let a) = x, case .tensor(let b) = y { return binary(type, a, b, name: name) }
        let t = { if case .tensor = x { return self.dtype(of: x) } else { return self.dtype(of: y) } }()
        return op(type, name: name, [x, y], attrs: ["T": .type(t)])
    }

    func binary(_ type: String, _ x: TensorRef, _ y: TensorRef, name: String? = nil) -> TensorRef {
        op(type, name: name, tensors: [x, y], attrs: ["T": .type(dtype(x))])
    }

    /// Raw gradient kernels such as `TanhGrad(y, dy)`.
    func gradOp(_ type: String, _ a: TensorRef, _ b: TensorRef) -> TensorRef {
        op(type, tensors: [a, b], attrs: ["T": .type(dtype(a))])
    }

    func gradOp(_ type: String, _ a: OpInput, _ b: OpInput) -> TensorRef {
        op(type, [a, b], attrs: ["T": .type(dtype(of: a))])
    }

    func identity(_ x: TensorRef, name: String = "Identity") -> TensorRef { unary("Identity", x, name: name) }

    func cast(_ x: TensorRef, to dst: DType, name: String = "Cast") -> TensorRef {
        op("Cast", name: name, tensors: [x], attrs: ["SrcT": .type(dtype(x)), "DstT": .type(dst), "Truncate": .bool(false)])
    }

    func addN(_ terms: [TensorRef], name: String = "AddN") -> TensorRef {
        op("AddN", name: name, tensors: terms, attrs: ["N": .int(Int64(terms.count)), "T": .type(dtype(terms[0]))])
    }

    // MARK: Shapes

    /// SHAPE(t): a `Const` of the dimensions when fully static, else `Shape(t)`.
    func shapeOf(_ t: TensorRef, outType: DType = .int32, name: String = "Shape") -> TensorRef {
        let s = shape(t)
        if s.isFullyDefined, let dims = s.dims {
            return constant(.vector(dims, dtype: outType), name: name)
        }
        return op("Shape", name: name, [.tensor(t)], attrs: ["T": .type(dtype(t)), "out_type": .type(outType)])
    }

    /// RANK(t).
    func rankOf(_ t: TensorRef) -> TensorRef {
        if let r = shape(t).rank { return constant(.scalar(Double(r), dtype: .int32), name: "Rank") }
        return op("Rank", [.tensor(t)], attrs: ["T": .type(dtype(t))])
    }

    /// SIZE(t).
    func sizeOf(_ t: TensorRef, outType: DType = .int32) -> TensorRef {
        let s = shape(t)
        if let count = s.elementCount { return constant(.scalar(Double(count), dtype: outType), name: "Size") }
        if let dims = s.dims, dims.contains(0) { return constant(.scalar(0, dtype: outType), name: "Size") }
        return op("Size", [.tensor(t)], attrs: ["T": .type(dtype(t)), "out_type": .type(outType)])
    }

    func shapeN(_ ts: [TensorRef]) -> [TensorRef] {
        let node = op("ShapeN", ts.map { .tensor($0) }, attrs: ["N": .int(Int64(ts.count)), "T": .type(dtype(ts[0])), "out_type": .type(.int32)])
        return ts.indices.map { node.withOutput($0) }
    }

    func reshape(_ x: TensorRef, _ shape: OpInput, name: String = "Reshape") -> TensorRef {
        reshape(.tensor(x), shape, name: name)
    }

    func reshape(_ x: OpInput, _ shape: OpInput, name: String = "Reshape") -> TensorRef {
        op("Reshape", name: name, [x, shape], attrs: ["T": .type(dtype(of: x)), "Tshape": .type(dtype(of: shape))])
    }

    func reduce(_ type: String, _ x: TensorRef, _ axes: OpInput, keepDims: Bool, name: String? = nil) -> TensorRef {
        op(type, name: name, [.tensor(x), axes], attrs: ["T": .type(dtype(x)), "Tidx": .type(dtype(of: axes)), "keep_dims": .bool(keepDims)])
    }

    func tile(_ x: TensorRef, _ multiples: OpInput) -> TensorRef {
        op("Tile", [.tensor(x), multiples], attrs: ["T": .type(dtype(x)), "Tmultiples": .type(dtype(of: multiples))])
    }

    func expandDims(_ x: TensorRef, _ axis: OpInput, name: String = "ExpandDims") -> TensorRef {
        op("ExpandDims", name: name, [.tensor(x), axis], attrs: ["T": .type(dtype(x)), "Tdim": .type(dtype(of: axis))])
    }

    func squeeze(_ x: TensorRef, axes: [Int]) -> TensorRef {
        op("Squeeze", [.tensor(x)], attrs: ["T": .type(dtype(x)), "squeeze_dims": .ints(axes.map(Int64.init))])
    }

    func transpose(_ x: TensorRef, _ perm: OpInput, name: String = "transpose") -> TensorRef {
        transpose(.tensor(x), perm, name: name)
    }

    func transpose(_ x: OpInput, _ perm: OpInput, name: String = "transpose") -> TensorRef {
        op("Transpose", name: name, [x, perm], attrs: ["T": .type(dtype(of: x)), "Tperm": .type(dtype(of: perm))])
    }

    func concat(_ values: [OpInput], axis: OpInput, name: String = "concat") -> TensorRef {
        let opName = uniqueName(name)
        // TF converts the list to the dtype of its first tensor; a packed element of another
        // dtype is cast first, in the op's scope (`concat/Cast`).
        let listType = values.lazy.compactMap { if case .tensor(let t) = $0 { self.dtype(t) } else { nil } }.first
        var tensors: [TensorRef] = []
        for (i, v) in values.enumerated() {
            switch v {
            case .tensor(let t): tensors.append(t)
            case .literal(let value, _): tensors.append(constant(value, exactName: names.unique(opName + "/values_\(i)")))
            case .intList(let ints, _, let d): tensors.append(constant(.vector(ints, dtype: d), exactName: names.unique(opName + "/values_\(i)")))
            case .packed(var parts, _):
                if let listType {
                    parts = withExactScope(opName) { parts.map { dtype($0) == listType ? $0 : cast($0, to: listType) } }
                }
                tensors.append(packTensors(parts, exactName: names.unique(opName + "/values_\(i)")))
            case .slices(let rows, _): tensors.append(withExactScope(opName) { densify(rows, name: "values_\(i)") })
            }
        }
        let axisTensor: TensorRef
        switch axis {
        case .tensor(let t): axisTensor = t
        case .literal(let value, _): axisTensor = constant(value, exactName: names.unique(opName + "/axis"))
        case .intList(let ints, _, let d): axisTensor = constant(.vector(ints, dtype: d), exactName: names.unique(opName + "/axis"))
        case .packed(let parts, _): axisTensor = parts[0]
        case .slices(let rows, _): axisTensor = rows.values
        }
        return add(name: opName, op: "ConcatV2", inputs: tensors + [axisTensor],
                   attrs: ["N": .int(Int64(tensors.count)), "T": .type(dtype(tensors[0])), "Tidx": .type(dtype(axisTensor))])
    }

    /// `tf.stack`: literal elements become `<name>/<i>` constants.
    func pack(_ values: [OpInput], axis: Int = 0, name: String = "stack") -> TensorRef {
        let opName = uniqueName(name)
        var tensors: [TensorRef] = []
        for (i, v) in values.enumerated() {
            switch v {
            case .tensor(let t): tensors.append(t)
            case .literal(let value, _): tensors.append(constant(value, exactName: names.unique(opName + "/\(i)")))
            case .intList(let ints, _, let d): tensors.append(constant(.vector(ints, dtype: d), exactName: names.unique(opName + "/\(i)")))
            case .packed(let parts, _): tensors.append(packTensors(parts, exactName: names.unique(opName + "/\(i)")))
            case .slices(let rows, _): tensors.append(withExactScope(opName) { densify(rows, name: "\(i)") })
            }
        }
        return add(name: opName, op: "Pack", inputs: tensors,
                   attrs: ["N": .int(Int64(tensors.count)), "T": .type(dtype(tensors[0])), "axis": .int(Int64(axis))])
    }

    /// A `Pack` of tensors along axis 0 under an exact (already unique) name.
    func packTensors(_ parts: [TensorRef], exactName: String) -> TensorRef {
        return add(name: exactName, op: "Pack", inputs: parts, attrs: ["N": .int(Int64(parts.count)), "T": .type(dtype(parts[0])), "axis": .int(0)])
    }

    func unpack(_ x: TensorRef, count: Int, axis: Int) -> [TensorRef] {
        let node = op("Unpack", name: "unstack", [.tensor(x)], attrs: ["T": .type(dtype(x)), "axis": .int(Int64(axis)), "num": .int(Int64(count))])
        return (0..<count).map { node.withOutput($0) }
    }

    func range(_ start: OpInput, _ limit: OpInput, _ delta: OpInput, name: String = "range") -> TensorRef {
        op("Range", name: name, [start, limit, delta], attrs: ["Tidx": .type(dtype(of: limit))])
    }

    func fill(_ dims: TensorRef, _ value: TensorRef, name: String = "Fill") -> TensorRef {
        op("Fill", name: name, [.tensor(dims), .tensor(value)], attrs: ["T": .type(dtype(value)), "index_type": .type(dtype(dims))])
    }

    func gather(_ params: TensorRef, _ indices: TensorRef, axis: OpInput, name: String = "GatherV2") -> TensorRef {
        op("GatherV2", name: name, [.tensor(params), .tensor(indices), axis],
           attrs: ["Taxis": .type(dtype(of: axis)), "Tindices": .type(dtype(indices)), "Tparams": .type(dtype(params)), "batch_dims": .int(0)])
    }

    func unsortedSegmentSum(_ data: TensorRef, _ ids: TensorRef, _ segments: TensorRef, name: String = "UnsortedSegmentSum") -> TensorRef {
        op("UnsortedSegmentSum", name: name, [.tensor(data), .tensor(ids), .tensor(segments)],
           attrs: ["T": .type(dtype(data)), "Tindices": .type(dtype(ids)), "Tnumsegments": .type(dtype(segments))])
    }

    /// `t[begin:end:strides]` through Python indexing: `strided_slice` with `stack*` constants.
    func stridedSlice(_ x: TensorRef, begin: [Int], end: [Int], strides: [Int], beginMask: Int = 0, endMask: Int = 0,
                      shrinkAxisMask: Int = 0, name: String = "strided_slice") -> TensorRef {
        op("StridedSlice", name: name,
           [.tensor(x), .ints(begin, arg: "stack"), .ints(end, arg: "stack_1"), .ints(strides, arg: "stack_2")],
           attrs: stridedSliceAttrs(x, index: .int32, beginMask: beginMask, endMask: endMask, shrinkAxisMask: shrinkAxisMask))
    }

    func stridedSliceAttrs(_ x: TensorRef, index: DType, beginMask: Int = 0, endMask: Int = 0, ellipsisMask: Int = 0,
                           newAxisMask: Int = 0, shrinkAxisMask: Int = 0) -> AttrMap {
        ["Index": .type(index), "T": .type(dtype(x)), "begin_mask": .int(Int64(beginMask)), "ellipsis_mask": .int(Int64(ellipsisMask)),
         "end_mask": .int(Int64(endMask)), "new_axis_mask": .int(Int64(newAxisMask)), "shrink_axis_mask": .int(Int64(shrinkAxisMask))]
    }

    func matMul(_ a: OpInput, _ b: OpInput, transposeA: Bool, transposeB: Bool, gradA: Bool, gradB: Bool) -> TensorRef {
        op("MatMul", [a, b], attrs: [
            "T": .type(dtype(of: a)), "transpose_a": .bool(transposeA), "transpose_b": .bool(transposeB),
            "grad_a": .bool(gradA), "grad_b": .bool(gradB),
        ])
    }

    func batchMatMul(_ a: TensorRef, _ b: TensorRef, adjX: Bool, adjY: Bool, gradX: Bool, gradY: Bool) -> TensorRef {
        op("BatchMatMulV2", name: "MatMul", [.tensor(a), .tensor(b)], attrs: [
            "T": .type(dtype(a)), "adj_x": .bool(adjX), "adj_y": .bool(adjY), "grad_x": .bool(gradX), "grad_y": .bool(gradY),
        ])
    }
}
