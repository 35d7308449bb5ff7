import GraphModel
import Gradients
import Testing

/// Invalid requests and undifferentiable graphs fail with messages that name what is wrong.
@Suite struct RewriteErrors {
    /// x -> Tanh -> Bucketize-like op without a rule -> y.
    static let graph = Graph(nodes: [
        Node(name: "x", op: "Placeholder", attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape([2]))]),
        Node(name: "t", op: "Tanh", inputs: ["x"], attrs: ["T": .type(.float32)]),
        Node(name: "weird", op: "MyCustomOp", inputs: ["t"], attrs: ["T": .type(.float32)]),
        Node(name: "y", op: "Sigmoid", inputs: ["weird"], attrs: ["T": .type(.float32)]),
        Node(name: "stop", op: "PreventGradient", inputs: ["t"], attrs: ["T": .type(.float32), "message": .string("no")]),
        Node(name: "z", op: "Neg", inputs: ["stop"], attrs: ["T": .type(.float32)]),
        Node(name: "i", op: "Placeholder", attrs: ["dtype": .type(.float64), "shape": .shape(TensorShape([2]))]),
    ])

    func rewrite(ys: [String], xs: [String], gradYs: [TensorRef?]? = nil) throws(GradientError) {
        _ = try GradientRewriter.rewrite(Self.graph, GradientRequest(
            ys: ys.compactMap(TensorRef.init(parsing:)), xs: xs.compactMap(TensorRef.init(parsing:)), gradYs: gradYs))
    }

    @Test func anOpWithoutARuleIsNamedWithThePathFromY() {
        #expect(throws: GradientError.noGradient(node: "weird", op: "MyCustomOp", path: ["y", "weird"])) {
            try rewrite(ys: ["y"], xs: ["x"])
        }
        let message = GradientError.noGradient(node: "weird", op: "MyCustomOp", path: ["y", "weird"]).description
        #expect(message == "no gradient defined for operation 'weird' (op type: MyCustomOp); reached from y via y -> weird")
    }

    @Test func functionCallsAreReportedNotSkipped() {
        let graph = Graph(nodes: [
            Node(name: "x", op: "Placeholder", attrs: ["dtype": .type(.float32)]),
            Node(name: "call", op: "PartitionedCall", inputs: ["x"],
                 attrs: ["Tin": AttrValue(.list(.init(types: [.float32]))), "Tout": AttrValue(.list(.init(types: [.float32])))]),
            Node(name: "y", op: "Tanh", inputs: ["call"], attrs: ["T": .type(.float32)]),
        ])
        let request = GradientRequest(ys: [TensorRef(node: "y")], xs: [TensorRef(node: "x")])
        #expect(throws: GradientError.unsupported(node: "call", op: "PartitionedCall",
                                                  reason: "function calls are differentiated by TensorFlow with SymbolicGradient, which is not supported")) {
            try GradientRewriter.rewrite(graph, request)
        }
    }

    @Test func anOpOfUnknownSignatureOnThePathIsAnErrorNotNone() {
        let graph = Graph(nodes: [
            Node(name: "x", op: "Placeholder", attrs: ["dtype": .type(.float32)]),
            Node(name: "f", op: "my_library_function", inputs: ["x"]),
            Node(name: "y", op: "Tanh", inputs: ["f"], attrs: ["T": .type(.float32)]),
        ])
        let request = GradientRequest(ys: [TensorRef(node: "y")], xs: [TensorRef(node: "x")])
        #expect(throws: GradientError.noGradient(node: "f", op: "my_library_function", path: ["y", "f"])) {
            try GradientRewriter.rewrite(graph, request)
        }
    }

    @Test func sparseRowsIntoAConcatAlongARuntimeAxisAreRefusedAsByTensorFlow() {
        let f32: AttrMap = ["dtype": .type(.float32), "shape": .shape(TensorShape([2, 3]))]
        let graph = Graph(nodes: [
            Node(name: "a", op: "Placeholder", attrs: f32),
            Node(name: "b", op: "Placeholder", attrs: f32),
            Node(name: "axis", op: "Placeholder", attrs: ["dtype": .type(.int32), "shape": .shape(TensorShape([]))]),
            Node(name: "table", op: "ConcatV2", inputs: ["a", "b", "axis"],
                 attrs: ["N": .int(2), "T": .type(.float32), "Tidx": .type(.int32)]),
            Node(name: "ids", op: "Const", attrs: ["dtype": .type(.int32), "value": .tensor(Tensor(dtype: .int32, shape: TensorShape([1]), intValues: [1]))]),
            Node(name: "zero", op: "Const", attrs: ["dtype": .type(.int32), "value": .tensor(Tensor(dtype: .int32, shape: TensorShape([]), intValues: [0]))]),
            Node(name: "y", op: "GatherV2", inputs: ["table", "ids", "zero"],
                 attrs: ["Tparams": .type(.float32), "Tindices": .type(.int32), "Taxis": .type(.int32), "batch_dims": .int(0)]),
        ])
        let request = GradientRequest(ys: [TensorRef(node: "y")], xs: [TensorRef(node: "a")])
        #expect(throws: GradientError.unsupported(node: "table", op: "ConcatV2",
                                                  reason: "Can only compute IndexedSlices gradient with statically-known concat_dim")) {
            try GradientRewriter.rewrite(graph, request)
        }
    }

    @Test func preventGradientCarriesItsMessage() {
        #expect(throws: GradientError.gradientDisabled(node: "stop", message: "no")) { try rewrite(ys: ["z"], xs: ["x"]) }
    }

    @Test func unknownTensorsSuggestCloseNames() {
        #expect(throws: GradientError.unknownTensor("yy:0", suggestions: ["y"])) { try rewrite(ys: ["yy"], xs: ["x"]) }
    }

    @Test func outputIndexMustExist() {
        #expect(throws: GradientError.badOutputIndex(TensorRef(node: "t", output: 3), outputs: 1)) { try rewrite(ys: ["t:3"], xs: ["x"]) }
    }

    @Test func gradYsMustMatchYs() {
        #expect(throws: GradientError.gradYsLengthMismatch(gradYs: 2, ys: 1)) {
            try rewrite(ys: ["t"], xs: ["x"], gradYs: [nil, nil])
        }
    }

    @Test func seedDtypeMustMatchY() {
        #expect(throws: GradientError.self) { try rewrite(ys: ["t"], xs: ["x"], gradYs: [TensorRef(node: "i")]) }
    }
}
