import Executor
import GradCheck
import Gradients
import GraphCore
import GraphModel
import Testing

/// The derivative checked is the one tf.gradients defines: stop_gradients tensors are held
/// at their current values. The seed's example: a = 0, b = 2a, y = a + b.
struct StopGradientSemanticsTests {
    static let graph = Graph(nodes: [
        Node(name: "a", op: "Const", attrs: ["dtype": .type(.float32), "value": .tensor(Tensor.make(dtype: .float32, shape: [], values: [0]))]),
        Node(name: "two", op: "Const", attrs: ["dtype": .type(.float32), "value": .tensor(Tensor.make(dtype: .float32, shape: [], values: [2]))]),
        Node(name: "b", op: "Mul", inputs: ["two", "a"], attrs: ["T": .type(.float32)]),
        Node(name: "y", op: "AddV2", inputs: ["a", "b"], attrs: ["T": .type(.float32)]),
    ])

    struct Row: Sendable, CustomTestStringConvertible {
        var stopGradients: [String]
        var expected: [Double]
        var testDescription: String { "stop_gradients \(stopGradients) -> \(expected)" }
    }

    @Test("a + 2a checks as [1, 1] with stop_gradients=[a, b] and [3, 1] without", arguments: [
        Row(stopGradients: ["a:0", "b:0"], expected: [1, 1]),
        Row(stopGradients: [], expected: [3, 1]),
    ])
    func docExample(_ row: Row) throws {
        let request = GradientRequest(
            ys: [TensorRef(node: "y")], xs: [TensorRef(node: "a"), TensorRef(node: "b")],
            stopGradients: row.stopGradients.compactMap(TensorRef.init(parsing:)))
        let report = try GradientChecker.check(CheckRequest(graph: Self.graph, gradientRequest: request))
        #expect(report.passed)
        #expect(report.promotedToFloat64)
        #expect(report.xs.map { $0.worst?.numeric ?? .nan }.map { ($0 * 1e6).rounded() / 1e6 } == row.expected)
    }

    @Test("Checking TF's answer for the other setting fails: the held tensors matter")
    func wrongSettingFails() throws {
        // The gradients for stop_gradients=[a, b] checked against the derivative without them.
        let withStops = try GradientRewriter.rewrite(Self.graph, GradientRequest(
            ys: [TensorRef(node: "y")], xs: [TensorRef(node: "a"), TensorRef(node: "b")],
            stopGradients: [TensorRef(node: "a"), TensorRef(node: "b")]))
        let report = try GradientChecker.check(CheckRequest(
            graph: withStops.graph,
            gradientRequest: GradientRequest(ys: [TensorRef(node: "y")], xs: [TensorRef(node: "a"), TensorRef(node: "b")]),
            gradients: withStops.results))
        #expect(!report.passed)
        #expect(report.xs.map(\.status) == [.failed, .passed])
    }

    @Test("Integer xs are skipped and reported as such")
    func integerXsAreSkipped() throws {
        let c = try CheckCases.named("x_integer")
        let report = try GradientChecker.check(try CheckCases.request(c, rewritten: false))
        #expect(report.passed)
        guard case .skipped(let reason) = report.xs[0].status else {
            Issue.record("i:0 was not skipped: \(report.xs[0].status)")
            return
        }
        #expect(reason.contains("integer"))
        #expect(report.xs[1].status == .passed)
    }

    @Test("Missing feeds are generated from the seed and listed; positive where Log needs it")
    func generatedFeeds() throws {
        let c = try CheckCases.named("op_log")
        var request = try CheckCases.request(c, rewritten: false)
        request.feeds = []
        let report = try GradientChecker.check(request, options: CheckOptions(seed: 7))
        #expect(report.passed, "\(CheckCases.explain(report, case: c.name, rewritten: false))")
        #expect(report.generatedFeeds == [GeneratedFeed(name: "x:0", dtype: .float32, shape: [2, 3], distribution: "uniform [0.5, 1.5)")])
        let again = try GradientChecker.check(request, options: CheckOptions(seed: 7))
        #expect(again.xs.map(\.worst) == report.xs.map(\.worst), "the same seed gives the same check")
    }

    @Test("Directional mode agrees where full mode does, in a handful of forward runs", arguments: ["spec_example_mlp", "op_matmul_plain", "var_resource_gather"])
    func directionalMode(_ name: String) throws {
        let c = try CheckCases.named(name)
        let report = try GradientChecker.check(try CheckCases.request(c, rewritten: false), options: CheckOptions(mode: .directional))
        #expect(report.passed, "\(CheckCases.explain(report, case: name, rewritten: false))")
        #expect(report.forwardRuns <= 2 * 3 * 2, "one group, three directions (plus zero-gradient xs alone)")
    }
}
