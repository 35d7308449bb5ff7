@testable import Gradients
import GraphModel
import Testing

/// TF's `ops.control_dependencies([g])` as rules use it: nodes created inside the block get a
/// control input on g's producer unless one of their inputs was itself created inside the
/// block; a node created in a nested block belongs to that block alone.
@Suite struct ControlDependencyBlocks {
    static func placeholder(_ name: String) -> Node {
        Node(name: name, op: "Placeholder", attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape([2]))])
    }

    @Test func nodesCreatedInsideABlockDependOnItsProducerOnce() throws {
        let b = GraphBuilder(nodes: [Self.placeholder("x"), Self.placeholder("g"), Self.placeholder("h")])
        let x = TensorRef(node: "x"), g = TensorRef(node: "g"), h = TensorRef(node: "h")
        var created: [String: TensorRef] = [:]
        b.withControlDependency(on: g) {
            created["a"] = b.identity(x, name: "a")
            created["c"] = b.identity(created["a"]!, name: "c")
            created["inner"] = b.withControlDependency(on: h) { b.identity(x, name: "inner") }
            created["d"] = b.identity(created["inner"]!, name: "d")
        }
        created["after"] = b.identity(x, name: "after")
        func inputs(_ key: String) -> [String] { b.node(created[key]!.node)!.inputs }
        #expect(inputs("a") == ["x", "^g"])
        #expect(inputs("c") == ["a"])              // its input was created in the block
        #expect(inputs("inner") == ["x", "^h"])    // the innermost block only
        #expect(inputs("d") == ["inner", "^g"])    // `inner` belongs to the nested block
        #expect(inputs("after") == ["x"])
    }
}
