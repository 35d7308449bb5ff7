@testable import Gradients
import GraphCore
import GraphModel
import Testing

/// `prepare()` warms a process up by differentiating a miniature training graph: the pass
/// must succeed on it and reach the rules a conv net's pass runs, or the warm-up does nothing.
@Suite struct WarmUpGraphSpecification {
    @Test func everyVariableOfTheWarmUpGraphGetsAGradient() throws {
        let rewrite = try GradientRewriter.rewrite(WarmUpGraph.graph, WarmUpGraph.request)
        #expect(rewrite.results.count == WarmUpGraph.request.xs.count)
        #expect(rewrite.results.allSatisfy { $0 != .none })
    }

    @Test func theWarmUpPassRunsTheConvNetRules() throws {
        let rewrite = try GradientRewriter.rewrite(WarmUpGraph.graph, WarmUpGraph.request)
        let added = Set(rewrite.graph.nodes.dropFirst(WarmUpGraph.graph.nodes.count).map(\.op))
        #expect(added.isSuperset(of: ["Conv2DBackpropInput", "Conv2DBackpropFilter", "FusedBatchNormGradV3",
                                      "ReluGrad", "MaxPoolGrad", "BiasAddGrad", "TanhGrad", "MatMul", "Reshape", "AddN"]))
    }

    @Test func prepareLeavesLaterPassesUnchanged() throws {
        let before = try GradientRewriter.rewrite(WarmUpGraph.graph, WarmUpGraph.request)
        GradientRewriter.prepare()
        let after = try GradientRewriter.rewrite(WarmUpGraph.graph, WarmUpGraph.request)
        #expect(after.graph == before.graph)
    }
}
