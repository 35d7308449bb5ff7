import ArgumentParser
import Foundation
import GraphDiff
import GraphIO
import GraphModel

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two graphs node by node (matched by name).",
        discussion: """
            Reports nodes added, removed and changed; for a changed node, its op, each data input \
            slot, its control inputs (order matters), its device and each attribute.
            Formats: text (summary line, then changes grouped by name scope; one group per \
            gradients/<op>_grad), json (schema graphgrad-diff/1, see docs/diff-json.md), dot \
            (the union graph, clusters per scope) and svg (dot laid out by Graphviz).
            Exit status as diff(1): 0 equal, 1 different, 2 trouble (unreadable file, Graphviz missing).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, dot, svg
    }

    @Argument(help: "The original graph (.pb or .pbtxt).") var before: String
    @Argument(help: "The rewritten graph (.pb or .pbtxt).") var after: String
    @Option(help: "Output format.") var format: Format = .text
    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of stdout.") var output: String?
    @Option(name: .customLong("ignore-attr"), help: ArgumentHelp(
        "Leave this attribute out of the comparison; repeatable (e.g. _output_shapes).", valueName: "name"))
    var ignoredAttrs: [String] = []
    @Flag(help: "Leave node devices out of the comparison.") var ignoreDevice = false
    @Option(help: ArgumentHelp(
        "Text format: after each changed node, list up to N unchanged neighbours (producers, then consumers).",
        valueName: "N"))
    var context = 0
    @Flag(help: "Never colour text output (also off when stdout is not a terminal, or NO_COLOR is set).")
    var noColor = false
    @Flag(help: "DOT/SVG: draw only changed nodes and their direct neighbours (for large graphs).")
    var changesOnly = false
    @Flag(help: .hidden) var timings = false

    func validate() throws {
        guard context >= 0 else { throw ValidationError("--context must be 0 or more") }
    }

    func run() throws {
        let different: Bool
        do {
            different = try diff()
        } catch {
            FileHandle.standardError.write(Data("graphgrad: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if different { throw ExitCode(1) }
    }

    /// Prints or writes the difference; returns whether the graphs differ.
    private func diff() throws -> Bool {
        var clock = PhaseClock(enabled: timings)
        let (a, b) = try Self.readBoth(before, after)
        clock.lap("read both graphs")
        let options = DiffOptions(ignoredAttrs: Set(ignoredAttrs), ignoreDevice: ignoreDevice)
        let difference = GraphDiff.compare(a, b, options: options)
        clock.lap("compare")
        let bytes: [UInt8]
        switch format {
        case .text:
            bytes = Array(TextDiffRenderer(context: context, color: useColor).render(difference).utf8)
        case .json:
            bytes = Array(JSONDiffRenderer(beforeLabel: before, afterLabel: after).render(difference).utf8)
        case .dot:
            bytes = Array(dotRenderer.render(difference).utf8)
        case .svg:
            bytes = try Graphviz.render(dotRenderer.render(difference))
        }
        clock.lap("render \(format.rawValue)")
        if let output {
            try GraphFile.writeAtomically(bytes, to: output)
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
        clock.lap("write")
        return !difference.isEmpty
    }

    /// Decoding is most of a diff's time and the two files are independent, so they are read
    /// in parallel. If both fail, the first file's error is the one reported.
    private static func readBoth(_ first: String, _ second: String) throws(GraphIOError) -> (Graph, Graph) {
        let results = ReadResults()
        let paths = [first, second]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            results.store(Result { () throws(GraphIOError) in try GraphFile.read(paths[i], keepingSource: false) }, at: i)
        }
        return (try results.value(at: 0), try results.value(at: 1))
    }

    private var dotRenderer: DOTDiffRenderer {
        DOTDiffRenderer(changesOnly: changesOnly, title: "\(before) → \(after)")
    }

    private var useColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        return !noColor && output == nil && isatty(STDOUT_FILENO) == 1
            && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}

/// Wall-clock time per phase on stderr, for tools/bench-diff.
private struct PhaseClock {
    var enabled: Bool
    private var last = DispatchTime.now()

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6
        FileHandle.standardError.write(Data("timing: \(phase): \(String(format: "%.1f", ms)) ms\n".utf8))
        last = now
    }
}

/// The two graphs read in parallel; each slot is written by one thread, read after both finish.
private final class ReadResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Graph, GraphIOError>?] = [nil, nil]

    func store(_ result: Result<Graph, GraphIOError>, at index: Int) {
        lock.lock()
        defer { lock.unlock() }
        results[index] = result
    }

    func value(at index: Int) throws(GraphIOError) -> Graph {
        lock.lock()
        let result = results[index]
        lock.unlock()
        guard let result else { throw .cannotRead(path: "", reason: "internal error: read did not finish") }
        return try result.get()
    }
}
