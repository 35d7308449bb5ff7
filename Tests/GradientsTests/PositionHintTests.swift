@testable import Gradients
import GraphCore
import GraphModel
import Testing

/// A tensor reference's position hint is a lookup shortcut, never part of what it refers to.
@Suite struct PositionHintSpecification {
    static let nodes = [
        Node(name: "x", op: "Placeholder", attrs: ["dtype": .type(.float32)]),
        Node(name: "y", op: "Tanh", inputs: ["x"], attrs: ["T": .type(.float32)]),
    ]

    @Test func hintsDoNotChangeEqualityOrHashing() {
        let plain = TensorRef(node: "y", output: 0)
        let hinted = TensorRef(node: "y", output: 0, position: 1)
        let wrong = TensorRef(node: "y", output: 0, position: 7)
        #expect(plain == hinted && hinted == wrong)
        #expect(Set([plain, hinted, wrong]).count == 1)
    }

    @Test func aHintIsTrustedOnlyWhereItsNameIs() {
        let builder = GraphBuilder(nodes: Self.nodes)
        #expect(builder.position(of: TensorRef(node: "y", output: 0, position: 1)) == 1)
        // A stale hint (pointing at another node, or past the end) falls back to the name.
        #expect(builder.position(of: TensorRef(node: "y", output: 0, position: 0)) == 1)
        #expect(builder.position(of: TensorRef(node: "y", output: 0, position: 99)) == 1)
        #expect(builder.position(of: TensorRef(node: "missing", output: 0, position: 0)) == nil)
    }

    @Test func parsedInputsAndCreatedNodesCarryHints() {
        let builder = GraphBuilder(nodes: Self.nodes)
        #expect(builder.inputs(at: 1).map(\.position) == [0])
        let created = builder.add(name: "z", op: "Neg", inputs: [TensorRef(node: "y")], attrs: ["T": .type(.float32)])
        #expect(created.position == 2)
        #expect(Array(builder.producers(at: 2)) == [NodeOutput(node: 1, output: 0)])
    }
}
