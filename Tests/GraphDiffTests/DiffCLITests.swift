import Foundation
import GraphDiff
import GraphIO
import Testing
import _TestSupport

/// `graphgrad diff` end to end: the built binary's stdout, stderr and exit status.
@Suite struct DiffCLITests {
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIProcess.Result {
        try CLIProcess.run(["diff"] + arguments, environment: environment)
    }

    static let forward = Fixtures.path("spec_example_mlp", "forward.pb")
    static let rewritten = Fixtures.path("spec_example_mlp", "tf_rewritten.pb")
    static let available = CLIProcess.isAvailable
    static let skipMessage: Comment = "graphgrad binary not found; build it first (swift build) or set GRAPHGRAD_BIN"

    @Test(.enabled(if: available, skipMessage))
    func equalGraphsPrintNothingAndExitZero() throws {
        let run = try Self.run([Self.rewritten, Self.rewritten])
        #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty, "\(run)")
    }

    @Test(.enabled(if: available, skipMessage))
    func differentGraphsExitOneWithSummaryFirst() throws {
        let run = try Self.run([Self.forward, Self.rewritten])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("+27 nodes, -0, ~0 changed\n"))
        #expect(!run.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test(.enabled(if: available, skipMessage))
    func jsonForScripts() throws {
        let run = try Self.run([Self.rewritten, Self.forward, "--format", "json"])
        #expect(run.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((object["removed"] as? [String])?.count == 27)
        #expect((object["added"] as? [String])?.isEmpty == true)
        #expect(object["before"] as? String == Self.rewritten)
    }

    @Test(.enabled(if: available, skipMessage))
    func troubleExitsTwoWithOneMessage() throws {
        let run = try Self.run([Self.forward, "/nonexistent/graph.pb"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "graphgrad: /nonexistent/graph.pb: cannot read: no such file or directory\n"
                || run.stderr.hasPrefix("graphgrad: /nonexistent/graph.pb: cannot read"), "\(run.stderr)")
    }

    @Test(.enabled(if: available, skipMessage))
    func svgNeedsGraphvizAndSaysSo() throws {
        let run = try Self.run([Self.forward, Self.rewritten, "--format", "svg"], environment: ["PATH": "/nonexistent"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("not installed"), "\(run.stderr)")
    }

    @Test(.enabled(if: available && Graphviz.isInstalled, skipMessage))
    func svgToFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("diffcli-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try Self.run([Self.forward, Self.rewritten, "--format", "svg", "-o", out])
        #expect(run.status == 1 && run.stdout.isEmpty, "\(run.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("mm_grad"))
    }

    @Test(.enabled(if: available, skipMessage))
    func ignoreOptionsRemoveTheNoise() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("diffcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let a = base.appendingPathComponent("a.pb").path, b = base.appendingPathComponent("b.pbtxt").path
        let graph = Fixtures.smallGraph()
        var noisy = graph
        for i in noisy.nodes.indices {
            noisy.nodes[i].device = "/device:CPU:0"
            noisy.nodes[i].attrs["_output_shapes"] = .list(.init(shapes: [.unknown]))
        }
        try GraphFile.write(graph, to: a)
        try GraphFile.write(noisy, to: b)
        #expect(try Self.run([a, b]).status == 1)
        #expect(try Self.run([a, b, "--ignore-device"]).status == 1)
        let quiet = try Self.run([a, b, "--ignore-device", "--ignore-attr", "_output_shapes"])
        #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet)")
    }
}
