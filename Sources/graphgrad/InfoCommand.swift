import ArgumentParser
import GraphCore
import GraphIO
import GraphModel

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarize a graph: node count, op histogram, dtypes, inputs, variables, likely outputs."
    )

    @Argument(help: "The graph file (.pb or .pbtxt).") var file: String
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        try runReportingErrors {
            let summary = GraphSummary(try GraphFile.read(file, keepingSource: false))
            print(json ? Self.json(summary) : Self.text(summary, file: file))
        }
    }

    static func text(_ s: GraphSummary, file: String) -> String {
        var lines = ["\(file): \(s.nodeCount) nodes" + (s.producer.map { ", producer \($0)" } ?? "")
                     + (s.functionLibraryBytes > 0 ? ", function library \(s.functionLibraryBytes) bytes" : "")]
        lines.append("ops:")
        for (op, count) in s.opHistogram { lines.append("  \(String(count).leftPadded(6))  \(op)") }
        if !s.dtypes.isEmpty {
            lines.append("dtypes: " + s.dtypes.map { "\($0.dtype.name) (\($0.count))" }.joined(separator: ", "))
        }
        func describe(_ input: GraphSummary.Input) -> String {
            "  \(input.name)  \(input.op)" + (input.dtype.map { " \($0.name)" } ?? "") + (input.shape.map { " \($0)" } ?? "")
        }
        lines.append("placeholders: \(s.placeholders.count)")
        lines += s.placeholders.map(describe)
        lines.append("variables: \(s.variables.count)")
        lines += s.variables.map(describe)
        lines.append("likely outputs: \(s.likelyOutputs.count)")
        lines += s.likelyOutputs.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }

    static func json(_ s: GraphSummary) -> String {
        func input(_ i: GraphSummary.Input) -> String {
            "{\"name\": \(jsonString(i.name)), \"op\": \(jsonString(i.op)), \"dtype\": \(i.dtype.map { jsonString($0.name) } ?? "null"), \"shape\": \(i.shape.map { shape in shape.sizes.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "null" } ?? "null")}"
        }
        let ops = s.opHistogram.map { "\(jsonString($0.op)): \($0.count)" }.joined(separator: ", ")
        let dtypes = s.dtypes.map { "\(jsonString($0.dtype.name)): \($0.count)" }.joined(separator: ", ")
        return """
            {"nodes": \(s.nodeCount), "ops": {\(ops)}, "dtypes": {\(dtypes)}, \
            "placeholders": [\(s.placeholders.map(input).joined(separator: ", "))], \
            "variables": [\(s.variables.map(input).joined(separator: ", "))], \
            "likely_outputs": [\(s.likelyOutputs.map(jsonString).joined(separator: ", "))], \
            "function_library_bytes": \(s.functionLibraryBytes), "producer": \(s.producer.map(String.init) ?? "null")}
            """
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
