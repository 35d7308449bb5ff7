import Foundation
import GraphDiff
import GraphIO
import GraphModel
import Testing
import _TestSupport

/// Diffs of TensorFlow's own graphs: `tf.gradients` only appends nodes, so the diff of a forward
/// graph against TF's rewrite must list exactly the appended nodes, in order, and nothing else.
@Suite struct GradientCaseDiffTests {
    @Test(arguments: Fixtures.gradientCases)
    func listsExactlyTheNodesTensorFlowAdded(_ testCase: String) throws {
        let forward = try GraphFile.read(Fixtures.path(testCase, "forward.pb"))
        let rewritten = try GraphFile.read(Fixtures.path(testCase, "tf_rewritten.pb"))
        let difference = GraphDiff.compare(forward, rewritten)
        let appended = rewritten.nodes.dropFirst(forward.nodes.count).map(\.name)
        #expect(difference.added == appended, "rerun: swift test --filter 'GraphDiffTests.*\(testCase)'")
        #expect(difference.removed.isEmpty)
        #expect(difference.changed.isEmpty)
        #expect(difference.graphChanges.isEmpty)

        let reverse = GraphDiff.compare(rewritten, forward)
        #expect(reverse.removed == appended && reverse.added.isEmpty && reverse.changed.isEmpty)
    }

    @Test(arguments: Fixtures.gradientCases)
    func graphAgainstItselfIsEmpty(_ testCase: String) throws {
        let path = Fixtures.path(testCase, "tf_rewritten.pb")
        let difference = GraphDiff.compare(try GraphFile.read(path), try GraphFile.read(path))
        #expect(difference.isEmpty)
        #expect(TextDiffRenderer().render(difference) == "")
    }

    @Test func binaryAndTextFormatsCompareEqual() throws {
        let binary = Fixtures.path("spec_example_mlp", "tf_rewritten.pb")
        let text = FileManager.default.temporaryDirectory.appendingPathComponent("graphdiff-\(UUID().uuidString).pbtxt").path
        defer { try? FileManager.default.removeItem(atPath: text) }
        try GraphFile.write(try GraphFile.read(binary), to: text)
        let difference = GraphDiff.compare(try GraphFile.read(binary), try GraphFile.read(text))
        #expect(difference.isEmpty, "\(TextDiffRenderer().render(difference))")
    }

    @Test func gradientGroupsNameTheirForwardOp() throws {
        let difference = GraphDiff.compare(
            try GraphFile.read(Fixtures.path("spec_example_mlp", "forward.pb")),
            try GraphFile.read(Fixtures.path("spec_example_mlp", "tf_rewritten.pb")))
        let text = TextDiffRenderer().render(difference)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "+27 nodes, -0, ~0 changed")
        let headings = lines.filter { !$0.isEmpty && !$0.hasPrefix(" ") }.dropFirst()
        #expect(Array(headings) == [
            "gradients",
            "gradients/loss_grad  (gradient of loss, Mean)",
            "gradients/xent_grad  (gradient of xent, SparseSoftmaxCrossEntropyWithLogits)",
            "gradients/logits_grad  (gradient of logits, MatMul)",
            "gradients/layer1/relu_grad  (gradient of layer1/relu, Relu)",
            "gradients/layer1/ba_grad  (gradient of layer1/ba, BiasAdd)",
            "gradients/layer1/mm_grad  (gradient of layer1/mm, MatMul)",
        ])
        #expect(lines.contains("  + gradients/layer1/mm_grad/MatMul_1  MatMul(x, gradients/layer1/relu_grad/ReluGrad)"), "\(text)")
    }
}
