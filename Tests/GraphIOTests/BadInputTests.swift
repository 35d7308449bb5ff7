import Foundation
import GraphIO
import GraphModel
import Testing
import _TestSupport

/// Malformed files give one clear error naming the file and the problem, never a crash.
@Suite struct BadInput {
    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var mentions: String
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "truncated.pb", mentions: "past the end"),
        Case(file: "random.pb", mentions: "not a valid GraphDef"),
        Case(file: "wrong_wire_type.pb", mentions: "wrong wire type"),
        Case(file: "length_past_end.pb", mentions: "past the end"),
        Case(file: "invalid_utf8.pb", mentions: "invalid UTF-8"),
        Case(file: "syntax_error.pbtxt", mentions: "syntax_error.pbtxt:"),
        Case(file: "unknown_field.pbtxt", mentions: "nmae"),
    ]

    @Test(arguments: cases)
    func reportsAClearError(_ c: Case) {
        let path = TestData.url("bad/" + c.file).path
        do {
            _ = try GraphFile.read(path)
            Issue.record("\(c.file) was accepted")
        } catch {
            let message = error.description
            #expect(message.contains(path), "the message names the file: \(message)")
            #expect(message.contains(c.mentions), "the message says what is wrong: \(message)")
            #expect(!message.contains("\n"), "one line: \(message)")
        }
    }

    /// Large graphs are decoded on several threads; a bad node in any chunk is reported by
    /// its index, and the nodes other chunks decoded are dropped rather than half-returned.
    @Test(arguments: [0, 5_000, 9_999])
    func aBadNodeInALargeGraphIsReported(at bad: Int) throws {
        let good = try GraphEncoder.encode(Graph(nodes: [Node(name: "n", op: "NoOp")]))
        // A NodeDef whose `name` (field 1) holds invalid UTF-8.
        let invalid: [UInt8] = [0x0A, 0x04, 0x0A, 0x02, 0xC3, 0x28]
        var bytes: [UInt8] = []
        for i in 0..<10_000 { bytes += i == bad ? invalid : good }
        do {
            _ = try GraphDecoder.decode(bytes)
            Issue.record("the bad node was accepted")
        } catch {
            #expect(error.description.contains("node #\(bad)"), "\(error.description)")
        }
    }

    @Test func anEmptyFileIsAnEmptyGraph() throws {
        #expect(try GraphFile.read(TestData.url("bad/empty.pb").path) == Graph())
    }

    @Test func unknownTextFieldNamesItsLine() {
        #expect(throws: GraphIOError.self) { try GraphFile.read(TestData.url("bad/unknown_field.pbtxt").path) }
        do { _ = try GraphFile.read(TestData.url("bad/unknown_field.pbtxt").path) } catch {
            #expect(error.description.contains(":2:"), "\(error)")
        }
    }

    @Test func aMissingFileIsReported() {
        do { _ = try GraphFile.read("/nonexistent/graph.pb") } catch {
            #expect(error == .cannotRead(path: "/nonexistent/graph.pb", reason: "no such file"))
        }
    }

    @Test func anUnknownExtensionIsReported() {
        #expect(throws: GraphIOError.unsupportedExtension(path: "model.onnx")) { try GraphFile.read("model.onnx") }
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("graphgrad-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = Graph(nodes: [Node(name: "bad\u{0}name", op: "NoOp")])
        let target = dir.appendingPathComponent("out.pb").path
        #expect(throws: GraphIOError.self) { try GraphFile.write(graph, to: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(throws: GraphIOError.self) { try GraphFile.write(Graph(), to: "/nonexistent-dir/out.pb") }
    }
}
