import GraphModel

extension ShapeFunctions {
    static let nnShapes: [([String], ShapeFunction)] = [
        (["BiasAdd", "BiasAddV1"], { c in c.one(c.dtype(attr: "T"), c.shape(0)) }),
        (["FakeQuantWithMinMaxArgs", "FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxArgsGradient"], { c in
            c.one(.float32, c.shape(c.op == "FakeQuantWithMinMaxArgsGradient" ? 1 : 0))
        }),
        (["FakeQuantWithMinMaxVarsGradient"], { c in
            [TensorInfo(dtype: .float32, shape: c.shape(1)), TensorInfo(dtype: .float32, shape: .scalar), TensorInfo(dtype: .float32, shape: .scalar)]
        }),
        // values and int32 indices: the input's shape with its last dimension k
        (["TopKV2", "TopK"], { c in
            let dtype = c.dtype(attr: "T")
            let k = c.op == "TopK" ? c.int("k") : c.value(1)?.ints.first
            var shape = StaticShape.unknown
            if var dims = c.shape(0).dims, !dims.isEmpty {
                dims[dims.count - 1] = k ?? -1
                shape = StaticShape(dims)
            }
            return [TensorInfo(dtype: dtype, shape: shape), TensorInfo(dtype: .int32, shape: shape)]
        }),
        (["BiasAddGrad"], { c in
            let dtype = c.dtype(attr: "T")
            guard let dims = c.shape(0).dims, !dims.isEmpty else { return c.one(dtype, .rank(1)) }
            let nchw = c.string("data_format") == "NCHW"
            return c.one(dtype, .vector(nchw && dims.count >= 3 ? dims[1] : dims[dims.count - 1]))
        }),
        (["SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits"], { c in
            let dtype = c.dtype(attr: "T")
            let logits = c.shape(0)
            let batch = logits.dims?.first ?? -1
            return [TensorInfo(dtype: dtype, shape: .vector(batch)), TensorInfo(dtype: dtype, shape: logits.rank == nil ? .rank(2) : logits)]
        }),
    ]
}
