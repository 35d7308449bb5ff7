import Executor
import GradCheck
import Gradients
import GraphIO
import GraphModel
import Testing
import _TestSupport

/// Bad input gives a typed error that names what is wrong, never a crash.
struct BadInputTests {
    @Test("A gradient whose shape is not x's")
    func gradientShapeMismatch() throws {
        let c = try CheckCases.named("op_matmul_plain")
        var request = try CheckCases.request(c, rewritten: true)
        request.gradients = Array(c.expectedResults.reversed())
        #expect(throws: GradCheckError.gradientShape(x: "x:0", xShape: [2, 3], gradient: "gradients/y_grad/MatMul_1:0", gradientShape: [3, 4])) {
            try GradientChecker.check(request)
        }
    }

    @Test("--gradients with the wrong count")
    func gradientCount() throws {
        let c = try CheckCases.named("op_mul")
        var request = try CheckCases.request(c, rewritten: true)
        request.gradients = [.none]
        #expect(throws: GradCheckError.gradientCount(gradients: 1, xs: 2)) { try GradientChecker.check(request) }
    }

    @Test("A missing feed that cannot be generated (unknown rank)")
    func missingFeed() throws {
        let c = try CheckCases.named("op_sum_unknown_rank")
        var request = try CheckCases.request(c, rewritten: false)
        request.feeds = []
        #expect(throws: GradCheckError.cannotGenerateFeed(node: "x", op: "Placeholder", reason: "its shape is unknown")) {
            try GradientChecker.check(request)
        }
    }

    @Test("An op the executor has no kernel for")
    func unknownOp() throws {
        let c = try CheckCases.named("op_tanh")
        var request = try CheckCases.request(c, rewritten: true)
        let position = try #require(request.graph.nodes.firstIndex { $0.name == "y" })
        request.graph.nodes[position].op = "FancyTanh"
        #expect(throws: GradCheckError.execution(.unsupportedOp(node: "y", op: "FancyTanh"), task: "computing the ys, xs and gradients")) {
            try GradientChecker.check(request)
        }
    }

    @Test("A feed of the wrong dtype")
    func wrongFeedDType() throws {
        let c = try CheckCases.named("op_tanh")
        var request = try CheckCases.request(c, rewritten: false)
        request.feeds = [("x:0", try HostTensor.int32([1, 2, 3, 4, 5, 6], shape: [2, 3]))]
        do {
            _ = try GradientChecker.check(request)
            Issue.record("expected an error")
        } catch {
            guard case .execution(.feedMismatch(let tensor, let message), _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(tensor == "x:0" && message.contains("int32"), "\(message)")
        }
    }

    @Test("An x that names no node")
    func unknownX() throws {
        let c = try CheckCases.named("op_tanh")
        var request = try CheckCases.request(c, rewritten: false)
        request.gradientRequest.xs = [TensorRef(node: "nope")]
        #expect(throws: GradCheckError.self) { try GradientChecker.check(request) }
    }

    @Test("Invalid options", arguments: [
        CheckOptions(eps: 0), CheckOptions(eps: 2), CheckOptions(tolerance: Tolerance(rtol: -1, atol: 0)), CheckOptions(directions: 0),
    ])
    func invalidOptions(_ options: CheckOptions) throws {
        let request = try CheckCases.request(try CheckCases.named("op_tanh"), rewritten: false)
        #expect(throws: GradCheckError.self) { try GradientChecker.check(request, options: options) }
    }
}
