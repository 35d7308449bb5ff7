import Foundation
import GraphDiff
import GraphIO
import Testing
import _TestSupport

/// `graphgrad diff` end to end: the built binary's stdout, stderr and exit status.
@Suite struct DiffCLITests {
    /// The binary built alongside these tests (same build directory), else `.build/debug`;
    /// `GRAPHGRAD_BIN` overrides both.
    static let binary: String? = {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["GRAPHGRAD_BIN"] { candidates.append(explicit) }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        // On macOS the test binary sits inside an .xctest bundle.
        while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
        candidates.append(dir.appendingPathComponent("graphgrad").path)
        candidates.append(TestData.packageRoot.appendingPathComponent(".build/debug/graphgrad").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(binary))
        process.arguments = ["diff"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("diffcli-\(UUID().uuidString)")
        let err = out.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    static let forward = Fixtures.path("spec_example_mlp", "forward.pb")
    static let rewritten = Fixtures.path("spec_example_mlp", "tf_rewritten.pb")
    static let available = binary != nil
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
