import GraphModel

extension ShapeFunctions {
    static let mathShapes: [([String], ShapeFunction)] = [
        (["Neg", "Square", "Sqrt", "Rsqrt", "Exp", "Log", "Log1p", "Tanh", "Sigmoid", "Relu", "Relu6", "Elu",
          "Selu", "Softplus", "Abs", "Sin", "Cos", "Reciprocal", "Erf", "Sign", "Floor", "Ceil", "Round",
          "Conj", "Softsign", "Expm1", "Tan", "Atan", "Asin", "Acos", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh",
          "Erfc", "LeakyRelu", "Inv",
          "TanhGrad", "SigmoidGrad", "RsqrtGrad", "SqrtGrad", "ReciprocalGrad", "InvGrad",
          "ReluGrad", "Relu6Grad", "EluGrad", "SeluGrad", "SoftplusGrad", "LeakyReluGrad", "SoftsignGrad",
          "ZerosLike", "OnesLike", "Softmax", "LogSoftmax", "IsNan", "Digamma", "Lgamma"], sameAsInput),
        (["MatrixInverse"], { c in c.one(c.dtype(attr: "T"), c.shape(0)) }),
        // one determinant per matrix: the batch dimensions
        (["MatrixDeterminant"], { c in c.one(c.dtype(attr: "T"), c.shape(0).dims.map { StaticShape(Array($0.dropLast(2))) } ?? .unknown) }),
        (["Diag"], { c in c.one(c.dtype(attr: "T"), c.shape(0).dims.map { StaticShape($0 + $0) } ?? .unknown) }),
        (["DiagPart"], { c in c.one(c.dtype(attr: "T"), c.shape(0).dims.map { StaticShape(Array($0.prefix($0.count / 2))) } ?? .unknown) }),
        (["Polygamma"], { c in c.one(c.dtype(attr: "T"), broadcast(c.shape(0), c.shape(1))) }),
        (["Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Pow", "Maximum", "Minimum", "SquaredDifference",
          "FloorMod", "FloorDiv", "TruncateDiv", "TruncateMod", "DivNoNan", "MulNoNan", "Atan2", "Xdivy", "Xlogy"],
         binaryBroadcast),
        (["Greater", "GreaterEqual", "Less", "LessEqual", "Equal", "NotEqual", "LogicalAnd", "LogicalOr"], comparison),
        (["LogicalNot"], { c in c.one(.bool, c.shape(0)) }),
        (["IsFinite", "IsInf"], { c in c.one(.bool, c.shape(0)) }),
        (["AddN", "AccumulateNV2"], { c in
            var shape = c.shape(0)
            for i in 1..<max(c.inputCount, 1) { shape = shape.merged(with: c.shape(i)) ?? shape }
            return c.one(c.dtype(attr: "T"), shape)
        }),
        (["Cast"], { c in c.one(c.type("DstT") ?? .invalid, c.shape(0)) }),
        (["Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "EuclideanNorm"], reduction),
        (["ArgMax", "ArgMin"], { c in
            let dtype = c.type("output_type") ?? .int64
            guard let dims = c.shape(0).dims else { return c.one(dtype, .unknown) }
            guard let axis = c.value(1)?.ints.first else { return c.one(dtype, .rank(max(dims.count - 1, 0))) }
            var out = dims
            out.remove(at: axis < 0 ? axis + dims.count : axis)
            return c.one(dtype, StaticShape(out))
        }),
        (["MatMul"], { c in
            let a = c.shape(0).dims, b = c.shape(1).dims
            let m = a.map { c.bool("transpose_a") ? $0[1] : $0[0] } ?? -1
            let n = b.map { c.bool("transpose_b") ? $0[0] : $0[1] } ?? -1
            return c.one(c.dtype(attr: "T"), StaticShape([m, n]))
        }),
        (["BatchMatMulV2", "BatchMatMul", "BatchMatMulV3"], { c in
            let dtype = c.type("Tout") ?? c.dtype(attr: "T")
            guard let a = c.shape(0).dims, let b = c.shape(1).dims, a.count >= 2, b.count >= 2 else {
                return c.one(dtype, .unknown)
            }
            let batch = broadcast(StaticShape(Array(a.dropLast(2))), StaticShape(Array(b.dropLast(2))))
            let m = c.bool("adj_x") ? a[a.count - 1] : a[a.count - 2]
            let n = c.bool("adj_y") ? b[b.count - 2] : b[b.count - 1]
            return c.one(dtype, StaticShape((batch.dims ?? []) + [m, n]))
        }),
        (["BroadcastGradientArgs"], { c in
            let t = c.type("T") ?? .int32
            return [TensorInfo(dtype: t, shape: .rank(1)), TensorInfo(dtype: t, shape: .rank(1))]
        }),
        (["Range"], { c in
            let dtype = c.type("Tidx") ?? .int32
            guard let s = c.value(0)?.values.first, let l = c.value(1)?.values.first, let d = c.value(2)?.values.first, d != 0 else {
                return c.one(dtype, .rank(1))
            }
            return c.one(dtype, .vector(max(0, Int(((l - s) / d).rounded(.up)))))
        }),
        (["Select"], { c in c.one(c.dtype(attr: "T"), c.shape(1).merged(with: c.shape(2)) ?? c.shape(1)) }),
        (["SelectV2"], { c in
            c.one(c.dtype(attr: "T"), broadcast(c.shape(0), broadcast(c.shape(1), c.shape(2))))
        }),
        (["L2Loss"], { c in c.one(c.dtype(attr: "T"), .scalar) }),
        (["UnsortedSegmentSum", "UnsortedSegmentMax", "UnsortedSegmentMin", "UnsortedSegmentProd"], { c in
            let dtype = c.dtype(attr: "T")
            guard let data = c.shape(0).dims, let ids = c.shape(1).dims else { return c.one(dtype, .unknown) }
            let segments = c.value(2)?.values.first.map(Int.init) ?? -1
            return c.one(dtype, StaticShape([segments] + data.dropFirst(ids.count)))
        }),
    ]
}
