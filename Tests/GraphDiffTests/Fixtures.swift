import Foundation
import GraphIO
import GraphModel
import _TestSupport

/// Small graphs for the specification tables.
enum Fixtures {
    /// A matmul with a bias, two control inputs and one attribute of every common kind.
    static let node = Node(
        name: "layer/mm", op: "MatMul", inputs: ["x", "w:0", "^init", "^barrier"], device: "/device:CPU:0",
        attrs: [
            "T": .type(.float32),
            "transpose_a": .bool(false),
            "padding": .string("SAME"),
            "axis": .int(1),
            "alpha": .float(0.5),
            "_output_shapes": .list(AttrValue.ListValue(shapes: [TensorShape([2, 3])])),
            "strides": .ints([1, 2, 2, 1]),
            "value": .tensor(Tensor(dtype: .float32, shape: TensorShape([2]), floatValues: [1, 2])),
        ]
    )

    static func graph(_ nodes: [Node]) -> Graph { Graph(nodes: nodes, versions: Versions(producer: 1087)) }

    /// x, w, init, barrier, the fixture node and a consumer of it.
    static func smallGraph(replacing replacement: Node = node) -> Graph {
        graph([
            Node(name: "x", op: "Placeholder", attrs: ["dtype": .type(.float32)]),
            Node(name: "w", op: "Const", attrs: ["dtype": .type(.float32)]),
            Node(name: "init", op: "NoOp"),
            Node(name: "barrier", op: "NoOp"),
            replacement,
            Node(name: "out", op: "Relu", inputs: ["layer/mm"], attrs: ["T": .type(.float32)]),
        ])
    }

    /// Test cases under testdata/gradients that have both a forward and a TF-rewritten graph.
    static var gradientCases: [String] {
        GradientCase.all().filter { FileManager.default.fileExists(atPath: $0.tfRewrittenPath) }.map(\.name)
    }

    static func path(_ testCase: String, _ file: String) -> String {
        TestData.url("gradients/\(testCase)/\(file)").path
    }
}
