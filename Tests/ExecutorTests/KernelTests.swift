import Executor
import GraphModel
import Testing

/// One op applied to fed inputs: the single-node graphs the kernel tables run.
func runOp(_ op: String, _ inputs: [HostTensor], attrs: AttrMap = [:], outputs: Int = 1) throws -> [HostTensor] {
    var nodes = inputs.enumerated().map { i, t in
        Node(name: "in\(i)", op: "Placeholder", attrs: ["dtype": .type(t.dtype)])
    }
    nodes.append(Node(name: "op", op: op, inputs: inputs.indices.map { "in\($0)" }, attrs: attrs))
    let executor = Executor(graph: Graph(nodes: nodes))
    var feeds: [TensorRef: HostTensor] = [:]
    for (i, t) in inputs.enumerated() { feeds[TensorRef(node: "in\(i)")] = t }
    return try executor.run(fetches: (0..<outputs).map { TensorRef(node: "op", output: $0) }, feeds: feeds)
}

func f32(_ values: [Float], _ shape: [Int]) -> HostTensor { try! HostTensor.float32(values, shape: shape) }
func f64(_ values: [Double], _ shape: [Int]) -> HostTensor { try! HostTensor.float64(values, shape: shape) }
func i32(_ values: [Int32], _ shape: [Int]? = nil) -> HostTensor { try! HostTensor.int32(values, shape: shape ?? [values.count]) }
func i64(_ values: [Int64], _ shape: [Int]? = nil) -> HostTensor { try! HostTensor.int64(values, shape: shape ?? [values.count]) }
func bools(_ values: [Bool], _ shape: [Int]) -> HostTensor { try! HostTensor.bool(values, shape: shape) }

struct KernelCase: Sendable, CustomTestStringConvertible {
    var name: String
    var op: String
    var inputs: [HostTensor]
    var attrs: AttrMap = [:]
    var expected: [HostTensor]
    var tolerance = Tolerance.float32
    var testDescription: String { name }
}

/// Expected values worked out by hand (and checked against TF for the non-obvious ones).
struct KernelTests {
    static let cases: [KernelCase] = [
        // Broadcasting binary ops: same shape, scalar, row, column, rank extension, empty.
        KernelCase(name: "Add same shape", op: "AddV2", inputs: [f32([1, 2, 3, 4], [2, 2]), f32([10, 20, 30, 40], [2, 2])], expected: [f32([11, 22, 33, 44], [2, 2])]),
        KernelCase(name: "Mul scalar left", op: "Mul", inputs: [f32([2], []), f32([1, 2, 3], [3])], expected: [f32([2, 4, 6], [3])]),
        KernelCase(name: "Sub row broadcast", op: "Sub", inputs: [f32([1, 2, 3, 4, 5, 6], [2, 3]), f32([1, 1, 1], [3])], expected: [f32([0, 1, 2, 3, 4, 5], [2, 3])]),
        KernelCase(name: "Add column x row", op: "Add", inputs: [f32([1, 2], [2, 1]), f32([10, 20, 30], [1, 3])], expected: [f32([11, 21, 31, 12, 22, 32], [2, 3])]),
        KernelCase(name: "Add rank extension", op: "AddV2", inputs: [f64([1, 2], [2, 1, 1]), f64([1, 2, 3], [3])], expected: [f64([2, 3, 4, 3, 4, 5], [2, 1, 3])]),
        KernelCase(name: "Mul empty dim", op: "Mul", inputs: [f32([], [0, 3]), f32([1, 2, 3], [3])], expected: [f32([], [0, 3])]),
        KernelCase(name: "RealDiv", op: "RealDiv", inputs: [f32([1, 3], [2]), f32([2], [])], expected: [f32([0.5, 1.5], [2])]),
        KernelCase(name: "FloorDiv int negative", op: "FloorDiv", inputs: [i32([-7, 7, -7]), i32([2, -2, -2])], expected: [i32([-4, -4, 3])]),
        KernelCase(name: "FloorMod int sign of divisor", op: "FloorMod", inputs: [i32([-7, 7, -7]), i32([2, -2, -2])], expected: [i32([1, -1, -1])]),
        KernelCase(name: "FloorMod float", op: "FloorMod", inputs: [f32([-7.5], [1]), f32([2], [1])], expected: [f32([0.5], [1])]),
        KernelCase(name: "Maximum int64", op: "Maximum", inputs: [i64([1, 5]), i64([3])], expected: [i64([3, 5])]),
        KernelCase(name: "Pow", op: "Pow", inputs: [f32([2, 4], [2]), f32([3, 0.5], [2])], expected: [f32([8, 2], [2])]),
        KernelCase(name: "SquaredDifference", op: "SquaredDifference", inputs: [f32([1, 5], [2]), f32([3], [])], expected: [f32([4, 4], [2])]),
        KernelCase(name: "Greater broadcast", op: "Greater", inputs: [f32([1, 2, 3], [3]), f32([2], [])], expected: [bools([false, false, true], [3])]),
        KernelCase(name: "Equal bool", op: "Equal", inputs: [bools([true, false], [2]), bools([true], [1])], expected: [bools([true, false], [2])]),
        KernelCase(name: "LogicalAnd", op: "LogicalAnd", inputs: [bools([true, true, false], [3]), bools([true, false, false], [3])], expected: [bools([true, false, false], [3])]),
        // Unary math.
        KernelCase(name: "Neg int32", op: "Neg", inputs: [i32([1, -2])], expected: [i32([-1, 2])]),
        KernelCase(name: "Sigmoid", op: "Sigmoid", inputs: [f64([0, 2], [2])], expected: [f64([0.5, 0.8807970779778823], [2])]),
        KernelCase(name: "Relu6", op: "Relu6", inputs: [f32([-1, 3, 7], [3])], expected: [f32([0, 3, 6], [3])]),
        KernelCase(name: "Softplus large", op: "Softplus", inputs: [f32([100, -100, 0], [3])], expected: [f32([100, 0, 0.6931472], [3])]),
        KernelCase(name: "Cast float to int truncates", op: "Cast", inputs: [f32([1.7, -1.7], [2])], attrs: ["DstT": .type(.int32)], expected: [i32([1, -1])]),
        KernelCase(name: "Cast to bool", op: "Cast", inputs: [f32([0, 2], [2])], attrs: ["DstT": .type(.bool)], expected: [bools([false, true], [2])]),
        // Reductions.
        KernelCase(name: "Sum axis 1", op: "Sum", inputs: [f32([1, 2, 3, 4, 5, 6], [2, 3]), i32([1])], expected: [f32([6, 15], [2])]),
        KernelCase(name: "Sum negative axis keep dims", op: "Sum", inputs: [f32([1, 2, 3, 4, 5, 6], [2, 3]), i32([-2])], attrs: ["keep_dims": .bool(true)], expected: [f32([5, 7, 9], [1, 3])]),
        KernelCase(name: "Mean all", op: "Mean", inputs: [f32([1, 2, 3, 4], [2, 2]), i32([0, 1])], expected: [f32([2.5], [])]),
        KernelCase(name: "Mean int truncates", op: "Mean", inputs: [i32([1, 2], [2]), i32([0])], expected: [i32([1], [])]),
        KernelCase(name: "Max middle axis", op: "Max", inputs: [f32([1, 9, 3, 4, 5, 6, 7, 8], [2, 2, 2]), i32([1])], expected: [f32([3, 9, 7, 8], [2, 2])]),
        KernelCase(name: "Prod empty axes is identity", op: "Prod", inputs: [f32([2, 3], [2]), i32([])], expected: [f32([2, 3], [2])]),
        KernelCase(name: "Sum over empty dim", op: "Sum", inputs: [f32([], [0, 2]), i32([0])], expected: [f32([0, 0], [2])]),
        // Arrays.
        KernelCase(name: "Transpose", op: "Transpose", inputs: [f32([1, 2, 3, 4, 5, 6], [2, 3]), i32([1, 0])], expected: [f32([1, 4, 2, 5, 3, 6], [3, 2])]),
        KernelCase(name: "Reshape -1", op: "Reshape", inputs: [f32([1, 2, 3, 4, 5, 6], [2, 3]), i32([-1, 2])], expected: [f32([1, 2, 3, 4, 5, 6], [3, 2])]),
        KernelCase(name: "ConcatV2 axis 1", op: "ConcatV2", inputs: [f32([1, 2], [2, 1]), f32([3, 4, 5, 6], [2, 2]), i32([1], [])], expected: [f32([1, 3, 4, 2, 5, 6], [2, 3])]),
        KernelCase(name: "Pack axis 1", op: "Pack", inputs: [f32([1, 2], [2]), f32([3, 4], [2])], attrs: ["axis": .int(1)], expected: [f32([1, 3, 2, 4], [2, 2])]),
        KernelCase(name: "Tile", op: "Tile", inputs: [f32([1, 2], [1, 2]), i32([2, 2])], expected: [f32([1, 2, 1, 2, 1, 2, 1, 2], [2, 4])]),
        KernelCase(name: "Pad", op: "Pad", inputs: [f32([1, 2], [1, 2]), i32([1, 0, 0, 1], [2, 2])], expected: [f32([0, 0, 0, 1, 2, 0], [2, 3])]),
        KernelCase(name: "Slice size -1", op: "Slice", inputs: [f32([1, 2, 3, 4, 5, 6], [2, 3]), i32([0, 1]), i32([-1, 2])], expected: [f32([2, 3, 5, 6], [2, 2])]),
        KernelCase(name: "GatherV2 axis 1", op: "GatherV2", inputs: [f32([1, 2, 3, 4, 5, 6], [2, 3]), i32([2, 0]), i32([1], [])], expected: [f32([3, 1, 6, 4], [2, 2])]),
        KernelCase(name: "SelectV2 broadcast", op: "SelectV2", inputs: [bools([true, false], [2]), f32([1, 2, 3, 4], [2, 2]), f32([0], [])], expected: [f32([1, 0, 3, 0], [2, 2])]),
        KernelCase(name: "Fill", op: "Fill", inputs: [i32([2, 2]), f32([7], [])], expected: [f32([7, 7, 7, 7], [2, 2])]),
        KernelCase(name: "BroadcastTo", op: "BroadcastTo", inputs: [f32([1, 2], [2]), i32([2, 2])], expected: [f32([1, 2, 1, 2], [2, 2])]),
        KernelCase(name: "OneHot", op: "OneHot", inputs: [i32([0, 2]), i32([3], []), f32([1], []), f32([0], [])], expected: [f32([1, 0, 0, 0, 0, 1], [2, 3])]),
        KernelCase(name: "StridedSlice reverse", op: "StridedSlice", inputs: [f32([1, 2, 3, 4], [4]), i32([-1]), i32([0]), i32([-1])], attrs: ["end_mask": .int(1)], expected: [f32([4, 3, 2, 1], [4])]),
        KernelCase(name: "StridedSlice shrink + new axis + ellipsis", op: "StridedSlice", inputs: [f32([1, 2, 3, 4, 5, 6], [2, 3]), i32([0, 1, 0]), i32([0, 2, 0]), i32([1, 1, 1])],
                   attrs: ["ellipsis_mask": .int(1), "shrink_axis_mask": .int(2), "new_axis_mask": .int(4)], expected: [f32([2, 5], [2, 1])]),
        KernelCase(name: "UnsortedSegmentSum", op: "UnsortedSegmentSum", inputs: [f32([1, 2, 3, 4], [4]), i32([0, 2, 0, -1]), i32([3], [])], expected: [f32([4, 0, 2], [3])]),
        KernelCase(name: "DynamicStitch", op: "DynamicStitch", inputs: [i32([0, 2]), i32([1]), f32([10, 30], [2]), f32([20], [1])], attrs: ["N": .int(2)], expected: [f32([10, 20, 30], [3])]),
        KernelCase(name: "BroadcastGradientArgs", op: "BroadcastGradientArgs", inputs: [i32([2, 1, 3]), i32([1, 3])], expected: [i32([1]), i32([0, 1])]),
        KernelCase(name: "BroadcastGradientArgs equal shapes", op: "BroadcastGradientArgs", inputs: [i32([2, 1]), i32([2, 1])], expected: [i32([]), i32([])]),
        KernelCase(name: "BroadcastGradientArgs all ones", op: "BroadcastGradientArgs", inputs: [i32([1, 1]), i32([1])], expected: [i32([0, 1]), i32([0, 1])]),
        KernelCase(name: "InvertPermutation", op: "InvertPermutation", inputs: [i32([2, 0, 1])], expected: [i32([1, 2, 0])]),
        KernelCase(name: "Range", op: "Range", inputs: [i32([1], []), i32([7], []), i32([2], [])], expected: [i32([1, 3, 5])]),
        KernelCase(name: "Cumprod exclusive reverse", op: "Cumprod", inputs: [f32([2, 3, 4], [3]), i32([0], [])], attrs: ["exclusive": .bool(true), "reverse": .bool(true)], expected: [f32([12, 4, 1], [3])]),
        // Matrix products.
        KernelCase(name: "MatMul transpose_a", op: "MatMul", inputs: [f32([1, 2, 3, 4], [2, 2]), f32([1, 0, 0, 1], [2, 2])], attrs: ["transpose_a": .bool(true)], expected: [f32([1, 3, 2, 4], [2, 2])]),
        KernelCase(name: "MatMul float64", op: "MatMul", inputs: [f64([1, 2, 3], [1, 3]), f64([1, 1, 1], [3, 1])], expected: [f64([6], [1, 1])]),
        KernelCase(name: "MatMul int32", op: "MatMul", inputs: [i32([1, 2], [1, 2]), i32([3, 4], [2, 1])], expected: [i32([11], [1, 1])]),
        KernelCase(name: "BatchMatMulV2 broadcast batch", op: "BatchMatMulV2", inputs: [f32([1, 0, 0, 1, 2, 0, 0, 2], [2, 2, 2]), f32([1, 2, 3, 4], [2, 2])], expected: [f32([1, 2, 3, 4, 2, 4, 6, 8], [2, 2, 2])]),
        // NN.
        KernelCase(name: "BiasAdd NCHW", op: "BiasAdd", inputs: [f32([0, 0, 0, 0], [1, 2, 2, 1]), f32([1, 2], [2])], attrs: ["data_format": .string("NCHW")], expected: [f32([1, 1, 2, 2], [1, 2, 2, 1])]),
        KernelCase(name: "Softmax", op: "Softmax", inputs: [f64([0, 0, 1000, 1000], [2, 2])], expected: [f64([0.5, 0.5, 0.5, 0.5], [2, 2])]),
        KernelCase(name: "SparseSoftmaxCrossEntropyWithLogits", op: "SparseSoftmaxCrossEntropyWithLogits", inputs: [f64([0, 0], [1, 2]), i32([1])],
                   expected: [f64([0.6931471805599453], [1]), f64([0.5, -0.5], [1, 2])]),
        KernelCase(name: "L2Loss", op: "L2Loss", inputs: [f32([3, 4], [2])], expected: [f32([12.5], [])]),
        KernelCase(name: "TanhGrad", op: "TanhGrad", inputs: [f32([0.5], [1]), f32([2], [1])], expected: [f32([1.5], [1])]),
        KernelCase(name: "ReluGrad", op: "ReluGrad", inputs: [f32([5, 5], [2]), f32([-1, 1], [2])], expected: [f32([0, 5], [2])]),
        // Plumbing.
        KernelCase(name: "IdentityN", op: "IdentityN", inputs: [f32([1], [1]), i32([2])], expected: [f32([1], [1]), i32([2])]),
        KernelCase(name: "Shape int64", op: "Shape", inputs: [f32([], [0, 3])], attrs: ["out_type": .type(.int64)], expected: [i64([0, 3])]),
        KernelCase(name: "Size of scalar", op: "Size", inputs: [f32([1], [])], expected: [i32([1], [])]),
        KernelCase(name: "ZerosLike int64", op: "ZerosLike", inputs: [i64([4, 5])], expected: [i64([0, 0])]),
    ]

    @Test("Kernel values", arguments: cases)
    func kernelValues(_ c: KernelCase) throws {
        let outputs = try runOp(c.op, c.inputs, attrs: c.attrs, outputs: c.expected.count)
        for (k, (got, want)) in zip(outputs, c.expected).enumerated() {
            let problem = c.tolerance.mismatch(got, want)
            #expect(problem == nil, "\(c.name) output \(k): \(problem ?? "")")
        }
    }

    @Test("Every op the issue lists has a kernel")
    func requiredOpsHaveKernels() {
        let required = """
            Identity IdentityN StopGradient PreventGradient Add AddV2 AddN Sub Mul RealDiv Div Neg Square Sqrt Rsqrt \
            Exp Log Log1p Tanh Sigmoid Relu Relu6 Elu Selu Softplus Abs Pow Maximum Minimum SquaredDifference Sin Cos \
            Reciprocal Erf Cast MatMul BatchMatMulV2 Sum Mean Max Min Prod Reshape Transpose ExpandDims Squeeze Tile \
            ConcatV2 Pack Unpack Split SplitV Slice StridedSlice Pad GatherV2 Select SelectV2 Fill ZerosLike OnesLike \
            BiasAdd Softmax LogSoftmax SoftmaxCrossEntropyWithLogits SparseSoftmaxCrossEntropyWithLogits L2Loss Shape \
            ShapeN Size Rank OneHot Range Const Placeholder PlaceholderWithDefault NoOp BroadcastGradientArgs TanhGrad \
            SigmoidGrad ReluGrad Relu6Grad EluGrad SeluGrad SoftplusGrad RsqrtGrad SqrtGrad ReciprocalGrad \
            UnsortedSegmentSum InvertPermutation DynamicStitch FloorMod FloorDiv Greater GreaterEqual Less LessEqual \
            Equal NotEqual LogicalAnd Where Sign StridedSliceGrad ConcatOffset BroadcastTo Conj VariableV2 Assign \
            VarHandleOp ReadVariableOp AssignVariableOp ResourceGather VarIsInitializedOp RandomUniform \
            RandomStandardNormal TruncatedNormal
            """.split(separator: " ").map(String.init)
        let missing = required.filter { !Executor.supportedOps.contains($0) }
        #expect(missing.isEmpty, "no kernel for \(missing)")
    }
}
