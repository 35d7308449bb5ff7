import ArgumentParser
import Foundation
import GraphIO
import GraphModel
import Gradients

struct RewriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite",
        abstract: "Add the gradient subgraph tf.gradients(ys, xs, ...) would add, and write the result.",
        discussion: """
            Follows TensorFlow r1.4's tf.gradients: new nodes go under the name scope given by --name \
            (made unique against the graph, e.g. gradients_1 on a second pass). Prints one line per x: \
            'x:0 -> gradient tensor' or 'None'; with --json one object with the gradients and the \
            number of nodes added. Nothing is written when an error is reported. Long passes \
            report progress on stderr about once a second.
            """
    )

    @Argument(help: "The input graph (.pb or .pbtxt).") var input: String
    @OptionGroup var flags: GradientFlags
    @Option(name: .shortAndLong, help: "The output graph (.pb or .pbtxt).") var output: String
    @Flag(help: "Print one JSON object to stdout.") var json = false
    @Flag(help: "Print read / import / rewrite / write times to stderr.") var timings = false
    @Flag(inversion: .prefixedNo, help: "Map the heap's pages on the second core (about 8x the file's size, mostly once the graph is imported), so the rewrite does not fault them in one by one.") var prefault = true

    func run() throws {
        try runReportingErrors {
            let request: GradientRequest
            do {
                request = try flags.request()
            } catch let error as ValidationError {
                throw ReportedFailure(message: error.message)
            }
            _ = try GraphFormat(path: output)

            // The gradient and shape registries are built, and the pass warmed up on a
            // miniature graph, while the file is read (TensorFlow registers its gradient
            // functions when it is imported); the rewrite waits for the registries only if they
            // are not done yet.
            DispatchQueue.global().async { GradientRewriter.prepare() }
            let inputBytes = prefault ? HeapPrefault.start(forInput: input) : 0
            let clock = ContinuousClock()
            let t0 = clock.now
            let graph = try GraphFile.read(input)
            let nodesIn = graph.nodes.count
            let t1 = clock.now
            // Resolving edges, indexing names and inferring shapes is what TensorFlow does
            // when it imports a graph, before `gradients()` runs: timed as a step of its own.
            let imported = ImportedGraph(consume graph)
            HeapPrefault.continueAfterImport(inputBytes: inputBytes)
            let t2 = clock.now
            // The process exits once the result is written, so the pass's state is never freed.
            let rewrite = try GradientRewriter.rewrite(consume imported, request, teardown: .none) { p in
                let percent = p.total > 0 ? 100 * p.processed / p.total : 0
                printError("rewrite: \(percent)% (\(p.processed) of \(p.total) forward ops), \(p.nodesAdded) nodes added")
            }
            let t3 = clock.now
            try GraphFile.write(rewrite.graph, to: output)
            let t4 = clock.now
            if timings {
                printError(String(format: "read %.3f ms, import %.3f ms, rewrite %.3f ms, write %.3f ms (%d nodes in, %d added)",
                                  milliseconds(t1 - t0), milliseconds(t2 - t1), milliseconds(t3 - t2), milliseconds(t4 - t3),
                                  nodesIn, rewrite.nodesAdded))
            }
            print(json ? Self.json(request, rewrite) : Self.text(request, rewrite))
            exitWithoutTeardown()
        }
    }

    static func text(_ request: GradientRequest, _ rewrite: GradientRewrite) -> String {
        zip(request.xs, rewrite.results).map { x, result in
            switch result {
            case .none: return "\(x) -> None"
            case .tensor(let t): return "\(x) -> \(t)"
            case .indexedSlices(let v, let i, let s): return "\(x) -> IndexedSlices(values=\(v), indices=\(i), dense_shape=\(s))"
            }
        }.joined(separator: "\n")
    }

    static func json(_ request: GradientRequest, _ rewrite: GradientRewrite) -> String {
        let entries = zip(request.xs, rewrite.results).map { x, result -> String in
            switch result {
            case .none: return "{\"x\": \(jsonString(x.description)), \"gradient\": null}"
            case .tensor(let t): return "{\"x\": \(jsonString(x.description)), \"gradient\": \(jsonString(t.description))}"
            case .indexedSlices(let v, let i, let s):
                return "{\"x\": \(jsonString(x.description)), \"indexed_slices\": {\"values\": \(jsonString(v.description)), "
                    + "\"indices\": \(jsonString(i.description)), \"dense_shape\": \(jsonString(s.description))}}"
            }
        }
        return "{\"gradients\": [\(entries.joined(separator: ", "))], \"nodes_added\": \(rewrite.nodesAdded)}"
    }
}
