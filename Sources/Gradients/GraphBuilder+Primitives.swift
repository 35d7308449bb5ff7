import GraphCore
import GraphModel

/// The composite helpers gradient rules are written in (spec §8): TensorFlow's
/// `zeros_like`, `ones_like`, broadcast reduction and reduced-shape helpers, with the
/// same static-shape shortcuts and the same node names.
extension GraphBuilder {
    /// ZEROS_LIKE(t): a broadcast `Const` when small and static, a `Fill` when large, `ZerosLike` otherwise.
    func zerosLike(_ t: TensorRef) -> TensorRef {
        let dtype = self.dtype(t)
        let s = shape(t)
        let scopeName = uniqueName("zeros_like")
        guard s.isFullyDefined, let dims = s.dims, let count = s.elementCount else {
            return add(name: scopeName, op: "ZerosLike", inputs: [t], attrs: ["T": .type(dtype)])
        }
        return zeros(dims, count: count, dtype: dtype, named: scopeName)
    }

    /// ZEROS_LIKE of a gradient: sparse rows with a constant dense shape need no conversion
    /// (TF builds the zeros from the static shape); others are densified first.
    func zerosLike(_ g: Gradient) -> TensorRef {
        guard case .slices(let s) = g else { return zerosLike(g.primary) }
        if let dims = constantValue(s.denseShape)?.ints, dims.allSatisfy({ $0 >= 0 }) {
            return zeros(dims, count: dims.reduce(1, *), dtype: dtype(s.values), named: uniqueName("zeros_like"))
        }
        return zerosLike(densify(s, name: "UnsortedSegmentSum"))
    }

    /// Zeros of a static shape named `scopeName`: a broadcast `Const` when small, else a `Fill`.
    private func zeros(_ dims: [Int], count: Int, dtype: DType, named scopeName: String) -> TensorRef {
        if count < 1000 {
            return constant(ConstantValue(dtype: dtype, shape: dims, values: [0]), exactName: scopeName, broadcastScalar: true)
        }
        return withExactScope(scopeName) {
            let dimsTensor = constant(.vector(dims), exactName: names.unique(scopeName + "/shape_as_tensor"))
            let zero = constant(.scalar(0, dtype: dtype), exactName: names.unique(scopeName + "/Const"))
            return add(name: scopeName, op: "Fill", inputs: [dimsTensor, zero], attrs: ["T": .type(dtype), "index_type": .type(.int32)])
        }
    }

    /// ONES_LIKE(t).
    func onesLike(_ t: TensorRef, dtype requested: DType? = nil) -> TensorRef {
        let dtype = requested ?? self.dtype(t)
        let scopeName = uniqueName("ones_like")
        return withExactScope(scopeName) {
            let s = shape(t)
            let dims: TensorRef
            if s.isFullyDefined, let d = s.dims {
                let shapeScope = names.unique(scopeName + "/Shape")
                dims = constant(.vector(d), exactName: names.unique(shapeScope + "/shape_as_tensor"))
            } else {
                dims = op("Shape", [.tensor(t)], attrs: ["T": .type(self.dtype(t)), "out_type": .type(.int32)])
            }
            let one = constant(.scalar(1, dtype: dtype), exactName: names.unique(scopeName + "/Const"))
            return add(name: scopeName, op: "Fill", inputs: [dims, one], attrs: ["T": .type(dtype), "index_type": .type(.int32)])
        }
    }

    /// ONES(shape_tensor) of `dtype`.
    func ones(_ shapeTensor: TensorRef, dtype: DType) -> TensorRef {
        filled("ones", 1, dtype: dtype) { _ in shapeTensor }
    }

    /// ONES(shape) of `dtype` for a shape given as a list of scalar tensors, which TF packs
    /// inside the op's scope (`ones/packed`).
    func ones(packing parts: [TensorRef], dtype: DType) -> TensorRef {
        filled("ones", 1, dtype: dtype) { scope in packTensors(parts, exactName: names.unique(scope + "/packed")) }
    }

    /// ZEROS(shape_tensor) of `dtype`.
    func zeros(shape shapeTensor: TensorRef, dtype: DType) -> TensorRef {
        filled("zeros", 0, dtype: dtype) { _ in shapeTensor }
    }

    /// TF's `ones`/`zeros` for a shape it cannot fold: a `Fill` of `value` named `name`, its
    /// scalar `Const` inside the scope; a scalar shape is reshaped to a vector first.
    private func filled(_ name: String, _ value: Double, dtype: DType, shape makeShape: (String) -> TensorRef) -> TensorRef {
        let scopeName = uniqueName(name)
        return withExactScope(scopeName) {
            var dims = makeShape(scopeName)
            if shape(dims).rank == 0 { dims = reshape(dims, .ints([-1], arg: "shape")) }
            let fill = constant(.scalar(value, dtype: dtype), exactName: names.unique(scopeName + "/Const"))
            return add(name: scopeName, op: "Fill", inputs: [dims, fill], attrs: ["T": .type(dtype), "index_type": .type(self.dtype(dims))])
        }
    }

    /// BroadcastGradientArgs of two shape tensors: output k lists the axes input k was broadcast over.
    func broadcastGradientArgs(_ a: TensorRef, _ b: TensorRef) -> TensorRef {
        op("BroadcastGradientArgs", [.tensor(a), .tensor(b)], attrs: ["T": .type(dtype(a))])
    }

    /// `reshape(reduce_sum(g, axes), shape)`: a gradient summed over the axes its input was
    /// broadcast along and put back in that input's shape.
    func summed(_ g: TensorRef, over axes: TensorRef, to shape: TensorRef) -> TensorRef {
        reshape(reduce("Sum", g, .tensor(axes), keepDims: false), .tensor(shape))
    }

    /// BR(a, b, ga, gb): sums the gradients of a broadcasting binary op back to each input's shape.
    func broadcastReduce(_ a: TensorRef, _ b: TensorRef, _ ga: TensorRef?, _ gb: TensorRef?) -> (TensorRef?, TensorRef?) {
        let (outA, outB) = broadcastReduce(a, b, ga.map(Gradient.dense), gb.map(Gradient.dense))
        return (outA?.primary, outB?.primary)
    }

    /// BR for gradients that may be sparse (TF's `_ReduceGradientArgs`): a side that needs no
    /// summing keeps its gradient as it is, sparse rows included; a summed side is densified
    /// inside its `Sum` (`Sum/input`).
    func broadcastReduce(_ a: TensorRef, _ b: TensorRef, _ ga: Gradient?, _ gb: Gradient?) -> (Gradient?, Gradient?) {
        guard !ga.isNone || !gb.isNone else { return (nil, nil) }
        let shapeA = shapeOf(a)
        let shapeB = shapeOf(b)
        func summed(_ g: Gradient, _ axes: OpInput, to shape: TensorRef) -> Gradient {
            let sum = op("Sum", [.gradient(g, arg: "input"), axes],
                         attrs: ["T": .type(dtype(g.primary)), "Tidx": .type(dtype(of: axes)), "keep_dims": .bool(true)])
            return .dense(reshape(sum, .tensor(shape)))
        }
        if let (axesA, axesB) = staticBroadcastAxes(shape(a), shape(b)) {
            let rankA = shape(a).rank!, rankB = shape(b).rank!
            let reduceA = !axesA.isEmpty || rankA < rankB
            let reduceB = !axesB.isEmpty || rankB < rankA
            var outA = ga, outB = gb
            if let g = ga, reduceA { outA = summed(g, .intList(axesA, arg: "reduction_indices", dtype: .int32), to: shapeA) }
            if let g = gb, reduceB { outB = summed(g, .intList(axesB, arg: "reduction_indices", dtype: .int32), to: shapeB) }
            return (outA, outB)
        }
        let args = broadcastGradientArgs(shapeA, shapeB)
        let r0 = args.withOutput(0), r1 = args.withOutput(1)
        let outA = ga.map { summed($0, .tensor(r0), to: shapeA) }
        let outB = gb.map { summed($0, .tensor(r1), to: shapeB) }
        return (outA, outB)
    }

    /// The axes each side of a broadcast must be summed over, when static shapes decide it.
    func staticBroadcastAxes(_ a: StaticShape, _ b: StaticShape) -> ([Int], [Int])? {
        guard let x = a.dims, let y = b.dims else { return nil }
        let rank = max(x.count, y.count)
        let px = Array(repeating: 1, count: rank - x.count) + x
        let py = Array(repeating: 1, count: rank - y.count) + y
        var axesA: [Int] = [], axesB: [Int] = []
        for i in 0..<rank {
            let (da, db) = (px[i], py[i])
            if da == 1 && db != 1 { axesA.append(i) } else if db == 1 && da != 1 { axesB.append(i) } else if da < 0 || db < 0 { return nil }
        }
        return (axesA, axesB)
    }

    /// DRS(shape, axes): the keep-dims shape of a reduction, as a tensor or a folded literal.
    func reducedShape(_ shapeTensor: TensorRef, _ axes: TensorRef) -> OpInput {
        if let s = constantValue(shapeTensor), let a = constantValue(axes) {
            var dims = s.ints
            for axis in a.ints { dims[axis < 0 ? axis + dims.count : axis] = 1 }
            return .ints(dims, arg: "shape")
        }
        let size = sizeOf(shapeTensor)
        let sum = binary("AddV2", axes, size, name: "add")
        let mod = binary("FloorMod", sum, size, name: "mod")
        let axesShape = shapeOf(axes)
        let indices = range(.int(0, arg: "start"), .tensor(size), .int(1, arg: "delta"))
        let ones = ones(axesShape, dtype: .int32)
        return .tensor(op("DynamicStitch", [.tensor(indices), .tensor(mod), .tensor(shapeTensor), .tensor(ones)],
                          attrs: ["N": .int(2), "T": .type(.int32)]))
    }

    /// REDUCTION_DIMS(t): all axes of t, as a `Const` when the rank is known and non-zero.
    func reductionDims(_ t: TensorRef) -> TensorRef {
        if let r = shape(t).rank, r > 0 { return constant(.vector(Array(0..<r))) }
        let rank = rankOf(t)
        return range(.int(0, arg: "start"), .tensor(rank), .int(1, arg: "delta"))
    }
}
