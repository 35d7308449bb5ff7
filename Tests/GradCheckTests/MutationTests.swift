import Executor
import GradCheck
import Gradients
import GraphIO
import GraphModel
import Testing
import _TestSupport

/// `check` catches wrong gradients: a correct rewrite with one gradient node changed fails,
/// and `localize` names the forward op whose gradient nodes were changed.
struct MutationTests {
    enum Mutation: Sendable {
        case changeOp(to: String)
        case replaceInput(slot: Int, with: String)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var caseName: String
        var node: String
        var mutation: Mutation
        /// The forward op localize must name.
        var culprit: String
        var testDescription: String { "\(caseName): \(node) \(mutation) -> \(culprit)" }
    }

    static let rows: [Row] = [
        Row(caseName: "op_tanh", node: "gradients/y_grad/TanhGrad", mutation: .changeOp(to: "SigmoidGrad"), culprit: "y"),
        Row(caseName: "op_mul", node: "gradients/y_grad/Mul", mutation: .replaceInput(slot: 1, with: "x"), culprit: "y"),
        Row(caseName: "op_matmul_plain", node: "gradients/y_grad/MatMul", mutation: .replaceInput(slot: 0, with: "y"), culprit: "y"),
        Row(caseName: "spec_example_mlp", node: "gradients/logits_grad/MatMul_1", mutation: .replaceInput(slot: 0, with: "layer1/ba"), culprit: "logits"),
        Row(caseName: "spec_example_mlp", node: "gradients/layer1/relu_grad/ReluGrad", mutation: .changeOp(to: "TanhGrad"), culprit: "layer1/relu"),
        Row(caseName: "spec_example_mlp", node: "gradients/layer1/mm_grad/MatMul_1", mutation: .replaceInput(slot: 1, with: "layer1/relu"), culprit: "layer1/mm"),
    ]

    @Test("A changed gradient node fails the check and localize names its op", arguments: rows)
    func mutationIsCaughtAndLocalized(_ row: Row) throws {
        let c = try CheckCases.named(row.caseName)
        let rewrite = try GradientRewriter.rewrite(try GraphFile.read(c.forwardPath), c.request)
        var graph = rewrite.graph
        let position = try #require(graph.nodes.firstIndex { $0.name == row.node }, "no node \(row.node) in \(graph.nodes.map(\.name))")
        switch row.mutation {
        case .changeOp(let op): graph.nodes[position].op = op
        case .replaceInput(let slot, let name): graph.nodes[position].inputs[slot] = name
        }
        let request = CheckRequest(graph: graph, gradientRequest: c.request, gradients: rewrite.results, feeds: try CheckCases.feeds(c))
        let report = try GradientChecker.check(request, options: CheckOptions(localize: true))
        let explanation = CheckCases.explain(report, case: c.name, rewritten: false)
        #expect(!report.passed, "\(explanation)")
        let named = (report.localization ?? []).filter { if case .disagrees = $0.verdict { true } else { false } }.map(\.node)
        #expect(named == [row.culprit], "\(explanation)")
    }

    @Test("The unchanged rewrite passes, and localize is not run")
    func unchangedRewritePasses() throws {
        let c = try CheckCases.named("spec_example_mlp")
        let report = try GradientChecker.check(try CheckCases.request(c, rewritten: false), options: CheckOptions(localize: true))
        #expect(report.passed)
        #expect(report.localization == nil)
    }
}
