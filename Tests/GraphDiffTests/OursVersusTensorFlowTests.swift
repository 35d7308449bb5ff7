import Foundation
import GraphDiff
import GraphIO
import GraphModel
import Gradients
import Testing
import _TestSupport

/// Diffing our rewrite against TensorFlow's rewrite of the same case shows nothing in the
/// gradient subgraph. (TF's import also normalises existing nodes — default attributes,
/// canonical device strings — so forward nodes may differ and are left out here.)
@Suite struct OursVersusTensorFlow {
    static let cases = GradientCase.all().filter {
        $0.spec.error == nil && FileManager.default.fileExists(atPath: $0.tfRewrittenPath)
            && $0.name != "while_v1_in_program"
    }

    @Test(arguments: cases)
    func gradientSubgraphsAreIdentical(_ c: GradientCase) throws {
        let forward = try GraphFile.read(c.forwardPath)
        let ours = try GradientRewriter.rewrite(forward, c.request).graph
        let theirs = try GraphFile.read(c.tfRewrittenPath)
        let forwardNames = Set(forward.nodes.map(\.name))
        let difference = GraphDiff.compare(ours, theirs, options: DiffOptions())
        #expect(difference.added.isEmpty && difference.removed.isEmpty, "case \(c.name): +\(difference.added) -\(difference.removed)")
        let gradientChanges = difference.changed.filter { !forwardNames.contains($0.name) }
        #expect(gradientChanges.isEmpty, "case \(c.name): \(gradientChanges.map(\.name))")
    }
}
