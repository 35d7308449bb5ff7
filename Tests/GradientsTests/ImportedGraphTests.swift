@testable import Gradients
import GraphCore
import GraphModel
import Testing

/// Importing a graph does once what TensorFlow's import does (edges, names, shapes); the
/// rewrite of an imported graph is the rewrite of the graph.
@Suite struct ImportedGraphSpecification {
    static let graph = Graph(
        nodes: [
            Node(name: "x", op: "Placeholder", attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape([2, 3]))]),
            Node(name: "y", op: "Tanh", inputs: ["x"], attrs: ["T": .type(.float32)]),
            // Off the path from x to y: import still infers its shape, as TensorFlow's does.
            Node(name: "unused", op: "Exp", inputs: ["x"], attrs: ["T": .type(.float32)]),
        ],
        versions: Versions(producer: 27, minConsumer: 12),
        library: EncodedMessage(bytes: [0x0a, 0x00])
    )
    static let request = GradientRequest(ys: [TensorRef(node: "y")], xs: [TensorRef(node: "x")])

    @Test func importInfersEveryNodesShape() {
        let imported = ImportedGraph(Self.graph)
        let analysis = imported.builder.analysis!
        #expect((0..<imported.nodeCount).allSatisfy(analysis.isAnalysed(at:)))
        #expect(analysis.shape(TensorRef(node: "unused")) == StaticShape(TensorShape([2, 3])))
    }

    @Test func rewritingAnImportedGraphEqualsRewritingTheGraph() throws {
        let direct = try GradientRewriter.rewrite(Self.graph, Self.request)
        let imported = try GradientRewriter.rewrite(ImportedGraph(Self.graph), Self.request)
        #expect(imported.graph == direct.graph)
        #expect(imported.results == direct.results)
        #expect(imported.nodesAdded == direct.nodesAdded && direct.nodesAdded > 0)
    }

    @Test func theGraphsOtherFieldsSurviveTheRewrite() throws {
        let rewritten = try GradientRewriter.rewrite(ImportedGraph(Self.graph), Self.request).graph
        #expect(rewritten.versions == Self.graph.versions)
        #expect(rewritten.library == Self.graph.library)
        #expect(Array(rewritten.nodes.prefix(3)) == Self.graph.nodes)
    }
}
