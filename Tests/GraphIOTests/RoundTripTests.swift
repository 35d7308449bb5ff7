import Foundation
import GraphIO
import GraphModel
import Testing
import _TestSupport

/// Every GraphDef TensorFlow wrote under testdata survives our decode and encode unchanged.
@Suite struct BinaryRoundTrip {
    static let files: [URL] = TestData.files(in: "graphs", withExtension: "pb")
        + GradientCase.all().flatMap { c in
            ["forward.pb", "tf_rewritten.pb"].map { c.directory.appendingPathComponent($0) }
                .filter { FileManager.default.fileExists(atPath: $0.path) }
        }

    @Test func testdataIsPresent() {
        #expect(Self.files.count > 100, "expected the committed TF graphs under \(TestData.root.path)")
    }

    /// TensorFlow serializes deterministically; so do we, to the same bytes. The source is
    /// dropped so every node goes through the encoder rather than being copied as read.
    @Test(arguments: files)
    func reencodesToTheSameBytes(_ file: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: file))
        var graph = try GraphDecoder.decode(bytes)
        graph.source = nil
        #expect(try GraphEncoder.encode(graph) == bytes, "\(file.path)")
    }

    @Test(arguments: TestData.files(in: "graphs", withExtension: "pb"))
    func decodesItsOwnEncodingToAnEqualModel(_ file: URL) throws {
        let graph = try GraphFile.read(file.path)
        #expect(try GraphDecoder.decode(GraphEncoder.encode(graph)) == graph)
    }

    @Test func encodingIsDeterministic() throws {
        let graph = try GraphFile.read(TestData.url("graphs/all_attr_kinds.pb").path)
        #expect(try GraphEncoder.encode(graph) == GraphEncoder.encode(graph))
    }

    /// Large graphs are encoded and decoded in parallel chunks; a graph's bytes must still be
    /// its nodes' bytes in order, whatever the split.
    @Test func largeGraphsEncodeToTheirNodesBytesInOrder() throws {
        let small = try GraphFile.read(TestData.url("graphs/all_attr_kinds.pb").path)
        var large = Graph(nodes: [])
        for copy in 0..<(12_000 / small.nodes.count + 1) {
            for var node in small.nodes {
                node.name += "_\(copy)"
                large.nodes.append(node)
            }
        }
        let bytes = try GraphEncoder.encode(large)
        let perNode = try large.nodes.flatMap { try GraphEncoder.encode(Graph(nodes: [$0])) }
        #expect(bytes == perNode)
        #expect(try GraphDecoder.decode(bytes) == large)
    }

    @Test func unknownFieldsSurviveAtEveryLevel() throws {
        let bytes = [UInt8](try Data(contentsOf: TestData.url("graphs/unknown_fields.pb")))
        var graph = try GraphDecoder.decode(bytes)
        graph.source = nil
        #expect(!graph.unknownFields.isEmpty, "top-level unknown fields")
        #expect(graph.nodes.contains { !$0.unknownFields.isEmpty }, "NodeDef unknown fields")
        #expect(graph.nodes.contains { $0.attrs.values.contains { !$0.unknownFields.isEmpty } }, "AttrValue unknown fields")
        #expect(try GraphEncoder.encode(graph) == bytes)
    }

    @Test func keepsLibraryDevicesDebugInfoAndOutputShapes() throws {
        let library = try GraphFile.read(TestData.url("graphs/function_library.pb").path)
        #expect((library.library?.bytes.count ?? 0) > 0)
        let devices = try GraphFile.read(TestData.url("graphs/devices.pb").path)
        #expect(devices.nodes.contains { $0.device.hasPrefix("/job:ps/task:0") })
        let debug = try GraphFile.read(TestData.url("graphs/debug_info.pb").path)
        #expect(debug.nodes.contains { $0.debugInfo != nil && $0.experimentalType != nil })
        let shapes = try GraphFile.read(TestData.url("graphs/output_shapes.pb").path)
        #expect(shapes.nodes.allSatisfy { $0.attrs["_output_shapes"] != nil })
    }
}

/// `.pbtxt` files TensorFlow wrote read to the same model as the `.pb` next to them, and
/// `.pb -> .pbtxt -> .pb` gives back the original bytes.
@Suite struct TextRoundTrip {
    static let pairs = TestData.files(in: "graphs", withExtension: "pbtxt").map { $0.deletingPathExtension() }

    @Test(arguments: pairs)
    func textAndBinaryAgree(_ base: URL) throws {
        let text = try GraphFile.read(base.path + ".pbtxt")
        let binary = try GraphFile.read(base.path + ".pb")
        #expect(text == binary)
    }

    @Test(arguments: pairs)
    func binaryToTextToBinaryIsLossless(_ base: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: base.path + ".pb")))
        let rendered = try GraphText.render(GraphDecoder.decode(bytes))
        #expect(rendered.droppedUnknownFields == 0)
        #expect(try GraphEncoder.encode(GraphText.decode(Array(rendered.text.utf8))) == bytes)
        #expect(rendered.text == (try String(contentsOfFile: base.path + ".pbtxt", encoding: .utf8)))
    }
}
