import ArgumentParser
import Foundation
import GraphIO

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a graph between .pb and .pbtxt (formats chosen by extension).",
        discussion: """
            Every node is encoded afresh, as TensorFlow's deterministic serialization writes it, so \
            .pb to .pb gives a graph's canonical bytes. The output is written atomically: on any \
            error no file is left behind.
            """
    )

    @Argument(help: "The input graph (.pb or .pbtxt).") var input: String
    @Argument(help: "The output graph (.pb or .pbtxt).") var output: String
    @Flag(help: "Print read / write times to stderr.") var timings = false

    func run() throws {
        try runReportingErrors {
            let clock = ContinuousClock()
            let t0 = clock.now
            // Without its source a graph's nodes are encoded rather than copied as read.
            let graph = try GraphFile.read(input, keepingSource: false)
            let t1 = clock.now
            let dropped = try GraphFile.write(graph, to: output)
            let t2 = clock.now
            if dropped > 0 {
                printError("graphgrad: warning: \(dropped) unknown field(s) cannot be written in text format and were dropped; use .pb to keep them")
            }
            if timings {
                printError(String(format: "read %.3f ms, write %.3f ms (%d nodes)", milliseconds(t1 - t0), milliseconds(t2 - t1), graph.nodes.count))
            }
            exitWithoutTeardown()
        }
    }
}
