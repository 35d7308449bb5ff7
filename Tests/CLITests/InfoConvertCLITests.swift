import Foundation
import GraphIO
import Testing
import _TestSupport

/// `graphgrad info` and `graphgrad convert` end to end.
@Suite(.enabled(if: CLIProcess.isAvailable, "graphgrad binary not found; run swift build first or set GRAPHGRAD_BIN"))
struct InfoAndConvertCLI {
    static let mlp = TestData.url("gradients/spec_example_mlp/forward.pb").path

    @Test func infoSummarizesTheGraph() throws {
        let run = try CLIProcess.run(["info", Self.mlp])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("\(Self.mlp): 21 nodes"), "\(run.stdout)")
        #expect(run.stdout.contains("placeholders: 2\n  x  Placeholder float32 [?,4]\n  labels  Placeholder int32 [?]"))
        #expect(run.stdout.contains("variables: 3"))
        #expect(run.stdout.contains("likely outputs:") && run.stdout.contains("  loss"))
    }

    @Test func infoJSONParses() throws {
        let run = try CLIProcess.run(["info", Self.mlp, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["nodes"] as? Int == 21)
        #expect((object["ops"] as? [String: Int])?["MatMul"] == 2)
    }

    @Test func convertsBothWaysLosslessly() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let text = dir.appendingPathComponent("g.pbtxt").path, back = dir.appendingPathComponent("g.pb").path
        #expect(try CLIProcess.run(["convert", Self.mlp, text]).status == 0)
        #expect(try CLIProcess.run(["convert", text, back]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == Data(contentsOf: URL(fileURLWithPath: Self.mlp)))
    }

    /// `.pb` to `.pb` re-encodes every node: a file written in another field order comes
    /// out as TensorFlow's deterministic serialization writes it.
    @Test func convertCanonicalizesBinaryGraphs() throws {
        let dir = try CLIProcess.temporaryDirectory()
        // One NodeDef with `op` (field 2) before `name` (field 1).
        let node: [UInt8] = [0x12, 0x05] + Array("Const".utf8) + [0x0A, 0x01] + Array("a".utf8)
        let input = dir.appendingPathComponent("in.pb"), output = dir.appendingPathComponent("out.pb")
        try Data([0x0A, UInt8(node.count)] + node).write(to: input)
        let run = try CLIProcess.run(["convert", input.path, output.path, "--timings"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.hasPrefix("read ") && run.stderr.contains("(1 nodes)"), "\(run.stderr)")
        let canonical: [UInt8] = [0x0A, 0x01] + Array("a".utf8) + [0x12, 0x05] + Array("Const".utf8)
        #expect(try Data(contentsOf: output) == Data([0x0A, UInt8(canonical.count)] + canonical))
    }

    @Test func textFormatWarnsAboutDroppedUnknownFields() throws {
        let dir = try CLIProcess.temporaryDirectory()
        let run = try CLIProcess.run(["convert", TestData.url("graphs/unknown_fields.pb").path, dir.appendingPathComponent("u.pbtxt").path])
        #expect(run.status == 0)
        #expect(run.stderr.contains("unknown field(s) cannot be written in text format"), "\(run.stderr)")
    }

    struct BadFile: Sendable, CustomStringConvertible {
        var path: String
        var message: String
        var description: String { path }
    }

    static let badFiles: [BadFile] = [
        BadFile(path: "bad/truncated.pb", message: "not a valid GraphDef"),
        BadFile(path: "bad/random.pb", message: "not a valid GraphDef"),
        BadFile(path: "bad/invalid_utf8.pb", message: "invalid UTF-8"),
        BadFile(path: "bad/syntax_error.pbtxt", message: "syntax_error.pbtxt:"),
        BadFile(path: "missing.pb", message: "cannot read"),
    ]

    @Test(arguments: badFiles)
    func badInputExitsNonZeroWithOneLineAndNoOutput(_ bad: BadFile) throws {
        let dir = try CLIProcess.temporaryDirectory()
        let out = dir.appendingPathComponent("out.pb").path
        let run = try CLIProcess.run(["convert", TestData.url(bad.path).path, out])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("graphgrad: ") && run.stderr.contains(bad.message), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unwritableOutputIsReported() throws {
        let run = try CLIProcess.run(["convert", Self.mlp, "/nonexistent-dir/out.pb"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("/nonexistent-dir/out.pb: cannot write"), "\(run.stderr)")
    }

    @Test func helpListsEveryCommand() throws {
        let run = try CLIProcess.run(["--help"])
        for command in ["info", "convert", "rewrite", "run", "check", "diff"] {
            #expect(run.stdout.contains("  \(command)"), "\(command) missing from --help")
        }
    }
}
