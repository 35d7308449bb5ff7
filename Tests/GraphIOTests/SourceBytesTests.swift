import Foundation
import GraphIO
import GraphModel
import Testing

/// A binary graph keeps the file it was read from, and nodes that have not changed since are
/// written back as exactly the bytes they were read from; new or changed nodes are encoded.
@Suite struct SourceBytes {
    /// A `NodeDef` with its fields in reverse order (`op` before `name`): valid, but not how
    /// our deterministic encoder (or TensorFlow's) would write it.
    static func reversedNodeDef(name: String, op: String) -> [UInt8] {
        lengthDelimited(2, Array(op.utf8)) + lengthDelimited(1, Array(name.utf8))
    }

    static func lengthDelimited(_ field: UInt8, _ payload: [UInt8]) -> [UInt8] {
        precondition(payload.count < 128)
        return [field << 3 | 2, UInt8(payload.count)] + payload
    }

    static func graphDef(_ nodeDefs: [[UInt8]]) -> [UInt8] {
        nodeDefs.flatMap { lengthDelimited(1, $0) }
    }

    static let file = graphDef([reversedNodeDef(name: "a", op: "Placeholder"), reversedNodeDef(name: "b", op: "Const")])

    @Test func unchangedNodesAreWrittenAsRead() throws {
        let graph = try GraphDecoder.decode(Self.file)
        #expect(graph.source != nil)
        #expect(try GraphEncoder.encode(graph) == Self.file)
    }

    @Test func appendedNodesAreEncodedAfterTheOriginalBytes() throws {
        var graph = try GraphDecoder.decode(Self.file)
        let added = Node(name: "c", op: "Identity", inputs: ["a"])
        graph.nodes.append(added)
        #expect(try GraphEncoder.encode(graph) == Self.file + GraphEncoder.encode(Graph(nodes: [added])))
    }

    @Test(arguments: ["name", "op", "inputs", "device", "attrs", "unknownFields"])
    func aChangedNodeIsEncodedAgain(field: String) throws {
        var graph = try GraphDecoder.decode(Self.file)
        switch field {
        case "name": graph.nodes[0].name = "renamed"
        case "op": graph.nodes[0].op = "Identity"
        case "inputs": graph.nodes[0].inputs.append("^b")
        case "device": graph.nodes[0].device = "/cpu:0"
        case "attrs": graph.nodes[0].attrs["dtype"] = AttrValue(.type(.float32))
        default: graph.nodes[0].unknownFields = [UnknownField(number: 99, wireType: 0, payload: [1])]
        }
        let expected = try GraphEncoder.encode(Graph(nodes: [graph.nodes[0]]))
            + Self.graphDef([Self.reversedNodeDef(name: "b", op: "Const")])
        #expect(try GraphEncoder.encode(graph) == expected)
        #expect(try GraphDecoder.decode(GraphEncoder.encode(graph)) == graph)
    }

    /// Identity is per decoded file, not per storage or content: a node moved into a graph
    /// read from another file is encoded, never copied from the wrong bytes.
    @Test func aNodeFromAnotherFileIsEncoded() throws {
        let first = try GraphDecoder.decode(Self.file)
        var second = try GraphDecoder.decode(Self.graphDef([Self.reversedNodeDef(name: "longer name", op: "NoOp")]))
        second.nodes.append(first.nodes[1])
        let expected = try Self.graphDef([Self.reversedNodeDef(name: "longer name", op: "NoOp")])
            + GraphEncoder.encode(Graph(nodes: [first.nodes[1]]))
        #expect(try GraphEncoder.encode(second) == expected)
    }

    @Test func withoutTheSourceEveryNodeIsEncoded() throws {
        var graph = try GraphDecoder.decode(Self.file)
        graph.source = nil
        let canonical = try GraphEncoder.encode(graph)
        #expect(canonical != Self.file)
        #expect(try GraphDecoder.decode(canonical) == graph)
    }

    /// Readers that never write (run, check, info, diff) need not hold the file in memory.
    @Test func readingCanDropTheSource() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("source-\(UUID().uuidString).pb").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GraphFile.writeAtomically(Self.file, to: path)
        let kept = try GraphFile.read(path)
        let dropped = try GraphFile.read(path, keepingSource: false)
        #expect(kept.source?.bytes == Self.file)
        #expect(dropped.source == nil)
        #expect(kept == dropped)
        #expect(try GraphEncoder.encode(dropped) == GraphEncoder.encode(Graph(nodes: dropped.nodes)))
    }

    /// Text lists fields in TensorFlow's order whatever order the file had them in (the
    /// renderer orders fields by the schema, so copied bytes need no re-encoding for it).
    @Test func textIsRenderedFromTheCanonicalEncoding() throws {
        let graph = try GraphDecoder.decode(Self.file)
        var withoutSource = graph
        withoutSource.source = nil
        let text = try GraphText.render(graph).text
        #expect(text == (try GraphText.render(withoutSource).text))
        #expect(text.hasPrefix("node {\n  name: \"a\"\n  op: \"Placeholder\""), "\(text)")
        // A graph read from text keeps nothing: its wire bytes were made from the text.
        #expect(try GraphText.decode(Array(text.utf8)).source == nil)
    }

    /// The source is how the graph is stored, not what it is.
    @Test func equalityIgnoresTheSource() throws {
        let kept = try GraphDecoder.decode(Self.file)
        let notKept = try Self.file.withUnsafeBytes { try GraphDecoder.decode($0) }
        #expect(notKept.source == nil)
        #expect(kept == notKept)
        #expect(kept.hashValue == notKept.hashValue)
        #expect(kept.nodes[0] == Node(name: "a", op: "Placeholder"))
    }
}
