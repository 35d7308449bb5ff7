import Foundation
import GraphDiff
import GraphIO
import GraphModel
import Testing

/// Text, JSON and DOT renderings of one difference that has every kind of change.
@Suite struct RendererTests {
    /// `layer/mm` changed, `out` removed, `loss` added, `w` moved to another device.
    static var mixed: GraphDifference {
        var before = Fixtures.smallGraph()
        var changed = Fixtures.node
        changed.attrs["T"] = .type(.float64)
        changed.inputs.append("^extra")
        var after = Fixtures.smallGraph(replacing: changed)
        after.nodes.removeAll { $0.name == "out" }
        after.nodes.append(Node(name: "extra", op: "NoOp"))
        after.nodes.append(Node(name: "train/loss", op: "Sum", inputs: ["layer/mm", "w"]))
        before.nodes[1].device = "/device:GPU:0"
        return GraphDiff.compare(before, after)
    }

    @Test func textLeadsWithSummaryAndMarksEachKind() {
        let text = TextDiffRenderer().render(Self.mixed)
        #expect(text == """
            +2 nodes, -1, ~2 changed

            (top level)
              ~ w      Const
                  device: "/device:GPU:0" → ""
              + extra  NoOp
              - out    Relu(layer/mm)

            layer
              ~ layer/mm  MatMul
                  control inputs: +^extra
                  attr T: float32 → float64

            train
              + train/loss  Sum(layer/mm, w)

            """)
    }

    @Test func contextListsUnchangedNeighbours() {
        let text = TextDiffRenderer(context: 2).render(Self.mixed)
        #expect(text.contains("      attr T: float32 → float64\n  = x         Placeholder\n  = init      NoOp\n\n"), "\(text)")
        #expect(!text.contains("= w "), "changed nodes are not context: \(text)")
        #expect(TextDiffRenderer(context: 0).render(Self.mixed).contains(" = ") == false)
    }

    @Test func colourOnlyWhenAsked() {
        #expect(TextDiffRenderer(color: true).render(Self.mixed).contains("\u{1B}[32m  + extra"))
        #expect(!TextDiffRenderer(color: false).render(Self.mixed).contains("\u{1B}"))
    }

    @Test func jsonFollowsTheDocumentedSchema() throws {
        let json = JSONDiffRenderer(beforeLabel: "a.pb", afterLabel: "b.pbtxt").render(Self.mixed)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "graphgrad-diff/1")
        #expect(object["before"] as? String == "a.pb" && object["after"] as? String == "b.pbtxt")
        #expect(object["equal"] as? Bool == false)
        #expect(object["added"] as? [String] == ["extra", "train/loss"])
        #expect(object["removed"] as? [String] == ["out"])
        #expect((object["summary"] as? [String: Int]) == ["added": 2, "removed": 1, "changed": 2])
        let changed = try #require(object["changed"] as? [[String: Any]])
        #expect(changed.map { $0["name"] as? String } == ["w", "layer/mm"])
        let fields = try #require(changed[1]["changes"] as? [[String: Any]])
        #expect(fields.count == 2)
        #expect(fields[0]["field"] as? String == "control_inputs")
        #expect(fields[0]["after"] as? [String] == ["init", "barrier", "extra"])
        #expect(fields[1]["field"] as? String == "attr" && fields[1]["name"] as? String == "T")
        #expect(fields[1]["before"] as? String == "float32" && fields[1]["after"] as? String == "float64")
        #expect(JSONDiffRenderer().render(Self.mixed) == JSONDiffRenderer().render(Self.mixed))
    }

    @Test func jsonOfEqualGraphs() throws {
        let graph = Fixtures.smallGraph()
        let json = JSONDiffRenderer().render(GraphDiff.compare(graph, graph))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["equal"] as? Bool == true)
        #expect((object["added"] as? [String])?.isEmpty == true && (object["changed"] as? [Any])?.isEmpty == true)
        #expect(object["before"] is NSNull)
    }

    @Test func dotStylesEachStatusApart() {
        let dot = DOTDiffRenderer().render(Self.mixed)
        #expect(dot.hasPrefix("digraph graphdiff {"))
        #expect(dot.contains("\"extra\" [label=\"+ extra\\nNoOp\""))
        #expect(dot.contains("\"out\" [label=\"- out\\nRelu\""))
        #expect(dot.contains("\"layer/mm\" [label=\"~ mm\\nMatMul\\nattr T, control_inputs\""))
        #expect(dot.contains("subgraph \"cluster_layer\""))
        #expect(dot.contains("\"extra\" -> \"layer/mm\" [color=\"#2e7d32\", style=dotted, arrowhead=odot];"))
        #expect(dot.contains("\"layer/mm\" -> \"out\" [color=\"#c62828\", style=dashed];"))
    }

    @Test func changesOnlyDrawsTheNeighbourhood() {
        let chain = Fixtures.graph((0..<10).map { i in
            Node(name: "s\(i / 5)/n\(i)", op: "Identity", inputs: i == 0 ? [] : ["s\((i - 1) / 5)/n\(i - 1)"])
        })
        var edited = chain
        edited.nodes[5].op = "Relu"
        let dot = DOTDiffRenderer(changesOnly: true).render(GraphDiff.compare(chain, edited))
        let drawn = dot.split(separator: "\n").filter { $0.contains("[label=") && !$0.contains("->") }
        #expect(drawn.count == 5, "n4, n5, n6 and one box per scope for the rest: \(dot)")
        #expect(dot.contains("\"hidden:s0\" [label=\"… 4 unchanged\""))
        #expect(dot.contains("\"hidden:s1\" [label=\"… 3 unchanged\""))
        #expect(dot.contains("7 unchanged nodes not drawn"))
        #expect(dot.contains("\"s0/n4\" -> \"s1/n5\";") && !dot.contains("\"s0/n3\" ->"))
    }

    static var graphvizInstalled: Bool { Graphviz.dotExecutable() != nil }

    @Test(.enabled(if: graphvizInstalled, "Graphviz `dot` is not installed (apt-get install graphviz)"),
          arguments: [false, true])
    func dotParsesWithGraphviz(changesOnly: Bool) throws {
        let mlp = GraphDiff.compare(
            try GraphFile.read(Fixtures.path("spec_example_mlp", "forward.pb")),
            try GraphFile.read(Fixtures.path("spec_example_mlp", "tf_rewritten.pb")))
        for difference in [Self.mixed, mlp] {
            let dot = DOTDiffRenderer(changesOnly: changesOnly, title: "a \"quoted\" title").render(difference)
            let result = try Graphviz.run(dot, format: "canon")
            #expect(result.warnings.isEmpty, "\(result.warnings)")
            #expect(String(decoding: result.output, as: UTF8.self).contains("digraph graphdiff"))
        }
    }

    @Test(.enabled(if: graphvizInstalled, "Graphviz `dot` is not installed"))
    func graphvizErrorsAreReported() {
        #expect(throws: DiffError.self) { try Graphviz.render("digraph { this is not dot ") }
    }
}
