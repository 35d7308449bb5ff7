import GraphCore
import GraphModel

/// A miniature training graph — a convolution with batch norm, pooling, a dense layer and a
/// softmax loss, over resource and reference variables — that `GradientRewriter.prepare()`
/// differentiates once so a process's first real pass does not pay the one-time costs of
/// running the pass's code: type metadata instantiated on first use, lazily initialized
/// constants, code pages mapped in. TensorFlow's own gradient benchmarks warm up the same
/// way, with one call on a tiny graph before the timed one.
enum WarmUpGraph {
    static var request: GradientRequest {
        GradientRequest(ys: [TensorRef(node: "loss")],
                        xs: ["filter", "gamma", "beta", "dense/w", "dense/b"].map { TensorRef(node: $0) })
    }

    static var graph: Graph {
        var nodes: [Node] = [
            placeholder("images", .float32, [2, 8, 8, 3]),
            placeholder("labels", .int32, [2]),
            constant("axes", .int32, [2], [1, 2]),
            constant("flat_shape", .int32, [2], [2, -1]),
            constant("half", .float32, [], [0.5]),
            op("Conv2D", "conv", ["images", "filter/read"],
               ["T": .type(.float32), "strides": .ints([1, 1, 1, 1]), "padding": .string("SAME"),
                "data_format": .string("NHWC"), "dilations": .ints([1, 1, 1, 1]), "use_cudnn_on_gpu": .bool(true)]),
            op("FusedBatchNormV3", "bn", ["conv", "gamma/read", "beta/read", "bn/mean", "bn/variance"],
               ["T": .type(.float32), "U": .type(.float32), "epsilon": .float(0.001), "is_training": .bool(true),
                "data_format": .string("NHWC"), "exponential_avg_factor": .float(1)]),
            op("Relu", "relu", ["bn"], ["T": .type(.float32)]),
            op("MaxPool", "pool", ["relu"],
               ["T": .type(.float32), "ksize": .ints([1, 2, 2, 1]), "strides": .ints([1, 2, 2, 1]),
                "padding": .string("VALID"), "data_format": .string("NHWC")]),
            op("Mean", "spatial_mean", ["pool", "axes"], ["T": .type(.float32), "Tidx": .type(.int32), "keep_dims": .bool(false)]),
            op("Reshape", "flat", ["spatial_mean", "flat_shape"], ["T": .type(.float32), "Tshape": .type(.int32)]),
            op("MatMul", "dense/MatMul", ["flat", "dense/w/read"],
               ["T": .type(.float32), "transpose_a": .bool(false), "transpose_b": .bool(false)]),
            op("BiasAdd", "dense/BiasAdd", ["dense/MatMul", "dense/b/read"], ["T": .type(.float32), "data_format": .string("NHWC")]),
            op("Tanh", "tanh", ["dense/BiasAdd"], ["T": .type(.float32)]),
            op("Mul", "scaled", ["tanh", "half"], ["T": .type(.float32)]),
            op("AddV2", "logits", ["scaled", "dense/BiasAdd"], ["T": .type(.float32)]),
            op("SparseSoftmaxCrossEntropyWithLogits", "xent", ["logits", "labels"],
               ["T": .type(.float32), "Tlabels": .type(.int32)]),
            constant("batch_axis", .int32, [1], [0]),
            op("Mean", "loss", ["xent", "batch_axis"], ["T": .type(.float32), "Tidx": .type(.int32), "keep_dims": .bool(false)]),
        ]
        nodes += resourceVariable("filter", [3, 3, 3, 4])
        nodes += resourceVariable("gamma", [4])
        nodes += resourceVariable("beta", [4])
        nodes += [constant("bn/mean", .float32, [0], []), constant("bn/variance", .float32, [0], [])]
        nodes += referenceVariable("dense/w", [4, 5])
        nodes += resourceVariable("dense/b", [5])
        return Graph(nodes: nodes)
    }

    private static func op(_ type: String, _ name: String, _ inputs: [String], _ attrs: AttrMap) -> Node {
        Node(name: name, op: type, inputs: inputs, attrs: attrs)
    }

    private static func placeholder(_ name: String, _ dtype: DType, _ shape: [Int64]) -> Node {
        Node(name: name, op: "Placeholder", attrs: ["dtype": .type(dtype), "shape": .shape(TensorShape(shape))])
    }

    private static func constant(_ name: String, _ dtype: DType, _ shape: [Int64], _ values: [Double]) -> Node {
        Node(name: name, op: "Const",
             attrs: ["dtype": .type(dtype), "value": .tensor(Tensor.make(dtype: dtype, shape: shape, values: values))])
    }

    /// A `VarHandleOp` read by a `ReadVariableOp` (`<name>/read`).
    private static func resourceVariable(_ name: String, _ shape: [Int64]) -> [Node] {
        [
            Node(name: name, op: "VarHandleOp",
                 attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape(shape)), "shared_name": .string(name),
                         "container": .string(""), "allowed_devices": .strings([])]),
            op("ReadVariableOp", name + "/read", [name], ["dtype": .type(.float32)]),
        ]
    }

    /// A `VariableV2` read through its `<name>/read` `Identity`.
    private static func referenceVariable(_ name: String, _ shape: [Int64]) -> [Node] {
        [
            Node(name: name, op: "VariableV2",
                 attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape(shape)),
                         "container": .string(""), "shared_name": .string("")]),
            op("Identity", name + "/read", [name], ["T": .type(.float32)]),
        ]
    }
}
