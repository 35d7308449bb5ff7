import Executor
import Foundation
import GraphModel
import NumpyIO
import Testing
import _TestSupport

/// `graphgrad check` end to end: the built binary's stdout, stderr and exit status.
/// Exit 0: every checked x agrees; 1: some disagree; 2: the check could not run.
@Suite(.enabled(if: CLIProcess.isAvailable, "graphgrad binary not found; build it first (swift build) or set GRAPHGRAD_BIN"))
struct CheckCLITests {
    static func path(_ caseName: String, _ file: String) -> String { TestData.url("gradients/\(caseName)/\(file)").path }

    @Test("A correct rewrite passes: one line per x, the tolerance rule, PASS, exit 0")
    func passes() throws {
        let run = try CLIProcess.run(["check", Self.path("op_mul", "forward.pb"), "--ys", "y:0", "--xs", "x:0,w:0",
                                      "--feeds", Self.path("op_mul", "feeds.npz")])
        #expect(run.status == 0, "\(run)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("in float64 (float32 graph promoted") == true, "\(run)")
        #expect(lines.contains { $0.hasPrefix("  x:0  float32[2,3]  full, 6 elements") && $0.hasSuffix("ok") }, "\(run)")
        #expect(lines.contains("tolerance: |a - b| <= max(atol 1e-06, rtol 1e-05 * max(|a|, |b|))"), "\(run)")
        #expect(lines.last == "PASS: 2 of 2 checked xs agree; 24 forward runs", "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")
    }

    @Test("TF's rewritten graph with --gradients and --json")
    func tensorFlowGraphJSON() throws {
        let run = try CLIProcess.run(["check", Self.path("var_resource_gather", "tf_rewritten.pb"), "--ys", "y:0", "--xs", "emb:0",
                                      "--gradients", "gradients/lookup_grad/Reshape:0+gradients/lookup_grad/Reshape_1:0+gradients/lookup_grad/Const:0",
                                      "--feeds", Self.path("var_resource_gather", "feeds.npz"), "--json"])
        #expect(run.status == 0, "\(run)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
        #expect(object["passed"] as? Bool == true)
        let xs = try #require(object["xs"] as? [[String: Any]])
        #expect(xs.first?["status"] as? String == "passed")
        #expect((xs.first?["gradient"] as? String)?.hasPrefix("IndexedSlices(") == true)
    }

    @Test("The a + 2a example: stop_gradients changes what is checked")
    func stopGradients() throws {
        let graph = Self.path("stop_gradients_doc_example", "forward.pb")
        let with = try CLIProcess.run(["check", graph, "--ys", "y", "--xs", "a,b", "--stop-gradients", "a,b", "--json"])
        let without = try CLIProcess.run(["check", graph, "--ys", "y", "--xs", "a,b", "--json"])
        #expect(with.status == 0 && without.status == 0, "\(with)\n\(without)")
        func numerics(_ run: CLIProcess.Result) throws -> [Double] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            return (object["xs"] as? [[String: Any]] ?? []).compactMap { (($0["worst"] as? [String: Any])?["numeric"] as? Double).map { ($0 * 1e6).rounded() / 1e6 } }
        }
        #expect(try numerics(with) == [1, 1])
        #expect(try numerics(without) == [3, 1])
    }

    @Test("A wrong gradient fails with exit 1; --localize names the op")
    func wrongGradient() throws {
        // TF's gradient of tanh checked as if it were the gradient of the Identity-free sum: use x's own value.
        let run = try CLIProcess.run(["check", Self.path("op_tanh", "tf_rewritten.pb"), "--ys", "y:0", "--xs", "x:0",
                                      "--gradients", "y:0", "--feeds", Self.path("op_tanh", "feeds.npz"), "--localize"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.contains("FAIL"), "\(run)")
        #expect(run.stdout.split(separator: "\n").last?.hasPrefix("FAIL: 0 of 1 checked xs agree") == true, "\(run)")
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var label: String
        var arguments: [String]
        var message: String
        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "unreadable graph", arguments: ["check", "/nonexistent.pb", "--ys", "y", "--xs", "x"], message: "/nonexistent.pb"),
        BadInput(label: "unknown x", arguments: ["check", path("op_tanh", "forward.pb"), "--ys", "y", "--xs", "nope"], message: "unknown tensor 'nope:0'"),
        BadInput(label: "corrupt .npz", arguments: ["check", path("op_tanh", "forward.pb"), "--ys", "y", "--xs", "x", "--feeds", path("op_tanh", "forward.pb")], message: "not a valid .npz"),
        BadInput(label: "bad mode", arguments: ["check", path("op_tanh", "forward.pb"), "--ys", "y", "--xs", "x", "--mode", "sideways"], message: "sideways"),
        BadInput(label: "malformed IndexedSlices", arguments: ["check", path("op_tanh", "tf_rewritten.pb"), "--ys", "y", "--xs", "x", "--gradients", "a+b"], message: "values+indices+dense_shape"),
    ]

    @Test("Bad input: one clear message on stderr, nothing on stdout, non-zero exit", arguments: badInputs)
    func badInput(_ input: BadInput) throws {
        let run = try CLIProcess.run(input.arguments)
        #expect(run.status != 0 && run.status != 1, "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
        #expect(run.stderr.contains(input.message), "\(run)")
        #expect(!run.stderr.contains("Fatal error"), "\(run)")
    }

    @Test("Bad feed files: a feed of the wrong dtype, a corrupt .npy member, exit 2")
    func badFeedFiles() throws {
        let dir = try CLIProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wrongDType = dir.appendingPathComponent("int.npz").path
        try NumpyFile.writeArchive([NamedArray(key: "x:0", tensor: try HostTensor.int32([1, 2, 3, 4, 5, 6], shape: [2, 3]).tensor())], to: wrongDType)
        var bytes = try NumpyFile.encodeArchive([NamedArray(key: "x:0", tensor: try HostTensor.float32([1, 2, 3, 4, 5, 6], shape: [2, 3]).tensor())])
        // Overwrite the .npy magic of the stored member (just after its 30-byte local header and name).
        let magic = try #require(bytes.indices.first { bytes[$0] == 0x93 && bytes[$0 + 1] == UInt8(ascii: "N") })
        bytes[magic] = 0
        let corrupt = dir.appendingPathComponent("corrupt.npz").path
        try Data(bytes).write(to: URL(fileURLWithPath: corrupt))

        for (file, message) in [(wrongDType, "expects float32"), (corrupt, "not a NumPy .npy array")] {
            let run = try CLIProcess.run(["check", Self.path("op_tanh", "forward.pb"), "--ys", "y", "--xs", "x", "--feeds", file])
            #expect(run.status == 2, "\(run)")
            #expect(run.stdout.isEmpty && run.stderr.hasPrefix("graphgrad: ") && run.stderr.contains(message), "\(run)")
        }
    }
}
