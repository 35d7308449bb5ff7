import Executor
import Foundation
import GradCheck
import Gradients
import GraphIO
import GraphModel
import NumpyIO
import _TestSupport

/// The testdata cases the checker runs on, and why the others are left out.
enum CheckCases {
    /// Cases where tf.gradients defines a derivative other than the one finite differences
    /// measure: TF returns None (zero) although the output does depend on the x.
    static let notCheckable: [String: String] = [
        "nondiff_range": "Range's float start changes the output, but TF declares Range not differentiable (None)",
        "nondiff_one_hot": "OneHot's on_value changes the output, but TF declares OneHot not differentiable (None)",
        "op_fused_batch_norm_v1_infer": inferenceBatchNorm,
        "op_fused_batch_norm_v1_nchw_infer": inferenceBatchNorm,
        "op_fused_batch_norm_v2_infer": inferenceBatchNorm,
        "op_fused_batch_norm_v3_infer": inferenceBatchNorm,
        "op_fused_batch_norm_v3_nchw_infer": inferenceBatchNorm,
        "op_fake_quant_args": straightThrough,
        "op_fake_quant_vars": straightThrough,
        "op_fake_quant_vars_narrow": straightThrough,
    ]
    static let straightThrough = "fake quantization is a staircase; TF's gradient is the straight-through estimator, not its derivative"
    static let inferenceBatchNorm = "in inference mode TF's FusedBatchNorm gradient is None for mean and variance, which the output depends on"

    /// Cases the executor (or, for our rewrite, the rewriter) cannot run; both kinds also
    /// come from `Executor.supportedOps` below.
    static let cannotRun: [String: String] = [
        "op_conv2d_nchw": "the executor's Conv2D runs NHWC only, as TF's CPU kernel",
        "op_conv2d_nchw_stride2": "the executor's Conv2D runs NHWC only, as TF's CPU kernel",
        "while_v1_in_program": "TF1 while loops: neither the executor nor the rewriter supports them",
        "second_order_fused_batch_norm_half": "the executor has no float16 tensors",
    ]

    /// Cases the checker runs: feeds present, no expected error, every op the check needs
    /// has an executor kernel, not listed in `notCheckable`. ResNet-50 has its own test.
    static func names(rewritten: Bool) -> [String] {
        GradientCase.all().filter { c in
            c.spec.error == nil && c.name != "net_resnet50" && notCheckable[c.name] == nil && cannotRun[c.name] == nil
                && FileManager.default.fileExists(atPath: c.directory.appendingPathComponent("feeds.npz").path)
                && unsupportedOps(c, rewritten: rewritten).isEmpty
        }.map(\.name)
    }

    static func named(_ name: String) throws -> GradientCase {
        guard let c = GradientCase.all().first(where: { $0.name == name }) else { throw FixtureError("no case \(name)") }
        return c
    }

    /// Ops the check would run that the executor has no kernel for.
    static func unsupportedOps(_ c: GradientCase, rewritten: Bool) -> Set<String> {
        guard let graph = try? GraphFile.read(rewritten ? c.tfRewrittenPath : c.forwardPath) else { return ["<unreadable>"] }
        let supported = Set(Executor.supportedOps)
        if rewritten {
            return Set(graph.nodes.map(\.op)).subtracting(supported)
        }
        // The in-memory rewrite may add ops the forward graph lacks; TF's rewrite lists them.
        let tf = (try? GraphFile.read(c.tfRewrittenPath))?.nodes.map(\.op) ?? []
        return Set(graph.nodes.map(\.op) + tf).subtracting(supported)
    }

    static func feeds(_ c: GradientCase) throws -> [(String, HostTensor)] {
        try NumpyFile.readArchive(c.directory.appendingPathComponent("feeds.npz").path).map { ($0.key, try HostTensor($0.tensor)) }
    }

    /// The request of a case; `gradients` from TF's results when checking TF's graph.
    static func request(_ c: GradientCase, rewritten: Bool) throws -> CheckRequest {
        CheckRequest(
            graph: try GraphFile.read(rewritten ? c.tfRewrittenPath : c.forwardPath),
            gradientRequest: c.request,
            gradients: rewritten ? c.expectedResults : nil,
            feeds: try feeds(c))
    }

    /// What a failing test prints: every x's numbers, then the command that reruns the case.
    static func explain(_ report: CheckReport, case name: String, rewritten: Bool) -> String {
        let rows = report.xs.map { x in
            "\(x.x) \(x.status) \(x.method) abs \(x.maxAbsError) rel \(x.maxRelError) worst \(String(describing: x.worst)) gradient \(x.gradient)"
        }
        let localized = (report.localization ?? []).map { "\($0.node) (\($0.op)): \($0.verdict)" }
        return "case \(name) (\(rewritten ? "TF's tf_rewritten.pb" : "our rewrite")):\n" + (rows + localized).joined(separator: "\n")
            + "\nrerun: swift test --scratch-path .build-check --filter GradCheckTests, or graphgrad check testdata/gradients/\(name)/"
            + (rewritten ? "tf_rewritten.pb ... --gradients ..." : "forward.pb ...")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
