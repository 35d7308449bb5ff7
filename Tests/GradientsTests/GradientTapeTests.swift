@testable import Gradients
import GraphModel
import Testing

/// The gradient tape as TF's batch-norm second-order rule uses it: it records the ops that read
/// watched tensors, differentiates them with the registered rules in `gradient_tape/<scope>/`,
/// tells rules which inputs need no gradient, and sums in the caller's scope.
@Suite struct GradientTapeSpecification {
    static func placeholder(_ name: String, _ dims: [Int64] = [3]) -> Node {
        Node(name: name, op: "Placeholder", attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape(dims))])
    }

    static func builder() -> GraphBuilder {
        GraphBuilder(nodes: [placeholder("x"), placeholder("c"), placeholder("g")])
    }

    @Test func differentiatesRecordedOpsInTheScopeTheyWereBuiltIn() throws {
        let b = Self.builder()
        let x = TensorRef(node: "x"), g = TensorRef(node: "g")
        var tape = GradientTape(builder: b)
        tape.watch(x)
        let y = b.withExactScope("outer") { b.unary("Rsqrt", x) }
        tape.record(y, scope: "outer")
        let grads = try b.withExactScope("outer") { () throws(GradientError) in
            try tape.gradient(of: [y], withRespectTo: [x], seeds: [.dense(g)])
        }
        let dx = try #require(grads[0]?.primary)
        #expect(dx.node == "gradient_tape/outer/RsqrtGrad")
        #expect(b.node(dx.node)?.inputs == ["outer/Rsqrt", "g"])
    }

    @Test func opsThatDoNotReadTheTapeAreNotRecordedAndGiveNoGradient() throws {
        let b = Self.builder()
        let x = TensorRef(node: "x"), c = TensorRef(node: "c"), g = TensorRef(node: "g")
        var tape = GradientTape(builder: b)
        tape.watch(x)
        let unwatched = b.unary("Neg", c)
        tape.record(unwatched, scope: "")
        let before = b.nodeCount
        let grads = try tape.gradient(of: [unwatched], withRespectTo: [x], seeds: [.dense(g)])
        #expect(grads.count == 1 && grads[0] == nil)
        #expect(b.nodeCount == before)
    }

    @Test func inputsNeitherWatchedNorRecordedAreSkipped() throws {
        // TF's rules build nothing for a skipped input when its shape lets them: x - s with a
        // scalar s passes g through without a Neg; x * v with v of shape [1] builds only x's product.
        let b = GraphBuilder(nodes: [Self.placeholder("x"), Self.placeholder("s", []), Self.placeholder("v", [1]),
                                     Self.placeholder("g")])
        let x = TensorRef(node: "x"), g = TensorRef(node: "g")
        var tape = GradientTape(builder: b)
        tape.watch(x)
        let difference = b.binary("Sub", x, TensorRef(node: "s"), name: "sub")
        tape.record(difference, scope: difference.node)
        let product = b.binary("Mul", difference, TensorRef(node: "v"), name: "mul")
        tape.record(product, scope: product.node)
        let grads = try tape.gradient(of: [product], withRespectTo: [x], seeds: [.dense(g)])
        #expect(grads[0]?.primary.node == "gradient_tape/mul/Mul")
        #expect(b.node("gradient_tape/mul/Mul_1") == nil)
        #expect(b.node("gradient_tape/sub/Neg") == nil)
    }

    @Test func unskippedInputsOfOneShapeGetBothGradientsAsInTensorFlow() throws {
        // With x, c and g of one static shape TF returns (g, -g) before it looks at what is skipped.
        let b = Self.builder()
        let x = TensorRef(node: "x"), c = TensorRef(node: "c"), g = TensorRef(node: "g")
        var tape = GradientTape(builder: b)
        tape.watch(x)
        let difference = b.binary("Sub", x, c, name: "sub")
        tape.record(difference, scope: difference.node)
        let grads = try tape.gradient(of: [difference], withRespectTo: [x], seeds: [.dense(g)])
        #expect(grads[0]?.primary == g)
        #expect(b.node("gradient_tape/sub/Neg") != nil)
    }

    @Test func severalGradientsOfOneSourceAreSummedInTheCallersScope() throws {
        let b = Self.builder()
        let x = TensorRef(node: "x"), g = TensorRef(node: "g")
        var tape = GradientTape(builder: b)
        tape.watch(x)
        let first = b.unary("Rsqrt", x)
        tape.record(first, scope: "")
        let second = b.unary("Reciprocal", x)
        tape.record(second, scope: "")
        let grads = try b.withExactScope("rule") { () throws(GradientError) in
            try tape.gradient(of: [first, second], withRespectTo: [x], seeds: [.dense(g), .dense(g)])
        }
        let sum = try #require(grads[0]?.primary)
        #expect(sum.node == "rule/AddN")
        // Both ops are ready from the start; the tape serves the later-recorded one first.
        #expect(b.node(sum.node)?.inputs == ["gradient_tape/ReciprocalGrad", "gradient_tape/RsqrtGrad"])
    }
}
