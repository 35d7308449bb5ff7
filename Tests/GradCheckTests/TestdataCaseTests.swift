import Executor
import GradCheck
import Testing
import _TestSupport

/// `check` agrees with every testdata case the executor can run, on our rewrite and on
/// TensorFlow's own rewritten graph (gradients named by the case's spec.json). Cases left
/// out are listed, with reasons, in `CheckCases`.
struct TestdataCaseTests {
    @Test("Our rewrite of each case agrees with finite differences", arguments: CheckCases.names(rewritten: false))
    func ourRewrite(_ name: String) throws {
        let report = try GradientChecker.check(try CheckCases.request(try CheckCases.named(name), rewritten: false))
        #expect(report.passed, "\(CheckCases.explain(report, case: name, rewritten: false))")
    }

    @Test("TensorFlow's rewrite of each case agrees with finite differences", arguments: CheckCases.names(rewritten: true))
    func tensorFlowRewrite(_ name: String) throws {
        let report = try GradientChecker.check(try CheckCases.request(try CheckCases.named(name), rewritten: true))
        #expect(report.passed, "\(CheckCases.explain(report, case: name, rewritten: true))")
    }

    @Test("Most cases are checked; the rest are skipped for a stated reason")
    func coverage() {
        let all = GradientCase.all().filter { $0.spec.error == nil }
        let ours = CheckCases.names(rewritten: false)
        let tf = CheckCases.names(rewritten: true)
        print("GradCheck coverage: ours \(ours.count)/\(all.count), TF's \(tf.count)/\(all.count); not in the parameterized tests (ResNet-50 has its own, others listed in CheckCases): "
              + all.filter { !ours.contains($0.name) && CheckCases.notCheckable[$0.name] == nil && CheckCases.cannotRun[$0.name] == nil }.map(\.name).joined(separator: ", "))
        #expect(ours.count >= 100)
        #expect(tf.count >= 100)
    }
}
