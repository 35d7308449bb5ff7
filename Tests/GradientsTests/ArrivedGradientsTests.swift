@testable import Gradients
import GraphCore
import GraphModel
import Testing

/// Gradients reaching a node are kept per output in arrival order, the order their sum lists them.
@Suite struct ArrivedGradientsSpecification {
    static func g(_ name: String) -> Gradient { .dense(TensorRef(node: name)) }

    @Test func listsKeepArrivalOrderPerOutput() {
        var arrived = ArrivedGradients(nodeCount: 3)
        arrived.append(Self.g("a"), to: NodeOutput(node: 1, output: 2))
        arrived.append(Self.g("b"), to: NodeOutput(node: 1, output: 0))
        arrived.append(Self.g("c"), to: NodeOutput(node: 2, output: 0))
        arrived.append(Self.g("d"), to: NodeOutput(node: 1, output: 2))
        #expect(arrived.lists(at: 1, width: 1) == [[Self.g("b")], [], [Self.g("a"), Self.g("d")]])
        #expect(arrived.highestOutput(at: 1) == 2)
        #expect(arrived.only(at: 1) == nil)
        #expect(arrived.only(at: 2)?.gradient == Self.g("c"))
    }

    @Test func anUnreachedNodeHasNoGradients() {
        let arrived = ArrivedGradients(nodeCount: 2)
        #expect(arrived.highestOutput(at: 0) == -1)
        #expect(arrived.lists(at: 0, width: 2) == [[], []])
    }
}
