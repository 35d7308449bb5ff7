import ArgumentParser
import GraphIO

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a graph between .pb and .pbtxt (formats chosen by extension).",
        discussion: "The output is written atomically: on any error no file is left behind."
    )

    @Argument(help: "The input graph (.pb or .pbtxt).") var input: String
    @Argument(help: "The output graph (.pb or .pbtxt).") var output: String

    func run() throws {
        try runReportingErrors {
            let dropped = try GraphFile.write(try GraphFile.read(input), to: output)
            if dropped > 0 {
                printError("graphgrad: warning: \(dropped) unknown field(s) cannot be written in text format and were dropped; use .pb to keep them")
            }
        }
    }
}
