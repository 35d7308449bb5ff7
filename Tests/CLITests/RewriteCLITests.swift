import Foundation
import GraphIO
import Testing
import _TestSupport

/// `graphgrad rewrite` end to end: what it prints, writes and exits with.
@Suite(.enabled(if: CLIProcess.isAvailable, "graphgrad binary not found; run swift build first or set GRAPHGRAD_BIN"))
struct RewriteCLI {
    static let mlp = TestData.url("gradients/spec_example_mlp/forward.pb").path
    static let tfRewritten = TestData.url("gradients/spec_example_mlp/tf_rewritten.pb").path

    @Test func printsOneLinePerXAndWritesTheGraph() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let out = dir.appendingPathComponent("out.pb").path
        let run = try CLIProcess.run(["rewrite", Self.mlp, "--ys", "loss", "--xs", "W1,b1,W2,labels", "-o", out])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == """
            W1:0 -> gradients/layer1/mm_grad/MatMul_1:0
            b1:0 -> gradients/layer1/ba_grad/BiasAddGrad:0
            W2:0 -> gradients/logits_grad/MatMul_1:0
            labels:0 -> None

            """)
        let written = try GraphFile.read(out)
        let tf = try GraphFile.read(Self.tfRewritten)
        #expect(written.nodes.map(\.name) == tf.nodes.map(\.name))
    }

    @Test func jsonIsOneObjectInTheOrderOfXs() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let out = dir.appendingPathComponent("out.pbtxt").path
        let run = try CLIProcess.run(["rewrite", Self.mlp, "--ys", "loss:0", "--xs", "W2,x", "-o", out, "--json"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == """
            {"gradients": [{"x": "W2:0", "gradient": "gradients/logits_grad/MatMul_1:0"}, \
            {"x": "x:0", "gradient": "gradients/layer1/mm_grad/MatMul:0"}], "nodes_added": 27}

            """)
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test func indexedSlicesAreReportedAsATriple() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let c = try #require(GradientCase.all().first { $0.name == "var_resource_gather" })
        let run = try CLIProcess.run(["rewrite", c.forwardPath, "--ys", c.spec.ys.joined(separator: ","),
                                      "--xs", c.spec.xs.joined(separator: ","), "-o", dir.appendingPathComponent("g.pb").path, "--json"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("\"indexed_slices\": {\"values\": "), "\(run.stdout)")
    }

    /// Newline (LF or CRLF) or comma separated, blanks around names ignored.
    @Test(arguments: ["W1\nb1\nW2\n", "W1\r\nb1\r\nW2\r\n", "W1, b1,\tW2"])
    func longListsCanComeFromAFile(contents: String) throws {
        let dir = try CLIProcess.temporaryDirectory()
        let list = dir.appendingPathComponent("xs.txt")
        try contents.write(to: list, atomically: true, encoding: .utf8)
        let run = try CLIProcess.run(["rewrite", Self.mlp, "--ys", "loss", "--xs", "@" + list.path, "-o", dir.appendingPathComponent("o.pb").path])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.split(separator: "\n").map { $0.prefix(while: { $0 != " " }) } == ["W1:0", "b1:0", "W2:0"])
    }

    /// `--xs @<(command)` in a shell: the list arrives through a pipe, whose size is unknown.
    @Test func aListCanComeFromAPipe() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let fifo = dir.appendingPathComponent("xs.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        DispatchQueue.global().async {
            // Opening for writing waits until graphgrad opens the pipe for reading.
            guard let writer = FileHandle(forWritingAtPath: fifo) else { return }
            writer.write(Data("W1\nb1\n".utf8))
            try? writer.close()
        }
        let run = try CLIProcess.run(["rewrite", Self.mlp, "--ys", "loss", "--xs", "@" + fifo, "-o", dir.appendingPathComponent("o.pb").path])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.split(separator: "\n").count == 2, "\(run.stdout)")
    }

    @Test func timingsGoToStderr() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let run = try CLIProcess.run(["rewrite", Self.mlp, "--ys", "loss", "--xs", "W1", "-o", dir.appendingPathComponent("o.pb").path, "--timings"])
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("read "), "\(run.stderr)")
        #expect(run.stderr.contains("import ") && run.stderr.contains("rewrite ") && run.stderr.contains("27 added"))
    }

    /// Pre-mapping the heap's pages changes when memory faults in, never what is written.
    @Test func heapPrefaultDoesNotChangeTheOutput() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let with = dir.appendingPathComponent("with.pb"), without = dir.appendingPathComponent("without.pb")
        let a = try CLIProcess.run(["rewrite", Self.mlp, "--ys", "loss", "--xs", "W1,b1", "-o", with.path])
        let b = try CLIProcess.run(["rewrite", Self.mlp, "--ys", "loss", "--xs", "W1,b1", "-o", without.path, "--no-prefault"])
        #expect(a.status == 0 && b.status == 0, "\(a) \(b)")
        #expect(try Data(contentsOf: with) == Data(contentsOf: without))
        #expect(a.stdout == b.stdout)
    }

    struct Failure: Sendable, CustomStringConvertible {
        var arguments: [String]
        var message: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let failures: [Failure] = [
        Failure(arguments: ["--ys", "los", "--xs", "W1"], message: "unknown tensor 'los:0' (did you mean 'loss'?)"),
        Failure(arguments: ["--ys", "loss", "--xs", "W1", "--grad-ys", "x,x"], message: "Length mismatch. Passed 2 grad_ys for 1 ys"),
        Failure(arguments: ["--ys", "loss", "--xs", "W1", "--aggregation-method", "sum"], message: "invalid aggregation method 'sum'"),
        Failure(arguments: ["--ys", "loss:5", "--xs", "W1"], message: "node 'loss' has 1 output"),
        Failure(arguments: ["--ys", "loss", "--xs", "W1", "--grad-ys", "^x"],
                message: "--grad-ys: '^x' is not a tensor name (expected op, op:index or None)"),
    ]

    @Test(arguments: failures)
    func invalidArgumentsFailWithoutWriting(_ failure: Failure) throws {
        let dir = try CLIProcess.temporaryDirectory()
        let out = dir.appendingPathComponent("out.pb").path
        let run = try CLIProcess.run(["rewrite", Self.mlp] + failure.arguments + ["-o", out])
        #expect(run.status != 0)
        #expect(run.stderr.contains(failure.message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "no output on error")
    }

    @Test func anOpWithoutAGradientIsNamed() throws {
        let c = try #require(GradientCase.all().first { $0.name == "error_no_gradient" })
        let dir = try CLIProcess.temporaryDirectory()
        let out = dir.appendingPathComponent("out.pb").path
        let run = try CLIProcess.run(["rewrite", c.forwardPath, "--ys", c.spec.ys.joined(separator: ","),
                                      "--xs", c.spec.xs.joined(separator: ","), "-o", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no gradient defined for operation") && run.stderr.contains("AdjustContrastv2"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aSecondPassOpensGradients_1() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let first = dir.appendingPathComponent("first.pb").path, second = dir.appendingPathComponent("second.pb").path
        #expect(try CLIProcess.run(["rewrite", Self.mlp, "--ys", "loss", "--xs", "W1", "-o", first]).status == 0)
        let run = try CLIProcess.run(["rewrite", first, "--ys", "gradients/layer1/mm_grad/MatMul_1", "--xs", "W2", "-o", second])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("W2:0 -> gradients_1/"), "\(run.stdout)")
    }
}
