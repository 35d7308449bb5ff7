import Executor
import GradCheck
import Gradients
import GraphIO
import GraphModel
import Testing
import _TestSupport

/// Directional mode on ResNet-50 (net_resnet50: 214 trainable variables, 23.6M parameters):
/// a handful of forward runs, whatever the size.
///
/// Only the xs after the last batch norm's normalization are checked (its last conv, scale
/// and offset, and the classifier). At 32x32 with batch 2 the last stage is 1x1, so
/// training-mode batch norm normalizes two values per channel and the loss is steep beyond
/// what any step can follow: directional derivatives through it reach 1e8 while the loss
/// stays near 3, and central differences disagree with TF's own gradient graph exactly as
/// much as with ours (already 3e-4 relative for conv5_block3_2_conv/kernel, 0.3 one conv
/// further up).
struct ResNet50Tests {
    /// Batch norm's moving-average updates (AssignSubVariableOp) are in the graph but no
    /// check runs them.
    static let available = GradientCase.all().first { $0.name == "net_resnet50" }
        .map { CheckCases.unsupportedOps($0, rewritten: true).subtracting(["AssignSubVariableOp"]).isEmpty } ?? false

    @Test("Directional check of ResNet-50's last normalized layer and classifier", .enabled(if: available, "the executor lacks an op net_resnet50 needs"))
    func lastBlock() throws {
        let c = try CheckCases.named("net_resnet50")
        var request = try CheckCases.request(c, rewritten: false)
        request.gradientRequest.xs = request.gradientRequest.xs.filter { $0.node.hasPrefix("conv5_block3_3_") || $0.node.hasPrefix("predictions/") }
        let start = ContinuousClock.now
        let report = try GradientChecker.check(request, options: CheckOptions(mode: .directional))
        let elapsed = ContinuousClock.now - start
        print("net_resnet50 directional check of \(report.xs.count) xs: \(elapsed), \(report.forwardRuns) forward runs")
        #expect(report.xs.count == 6)
        #expect(report.passed, "\(CheckCases.explain(report, case: c.name, rewritten: false))")
        #expect(report.forwardRuns == 6, "one group, three directions")
    }
}
