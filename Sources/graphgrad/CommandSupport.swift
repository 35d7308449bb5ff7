import ArgumentParser
import Foundation
import GraphCore

/// Prints a library error once, as `graphgrad: <message>`, and exits with `code`.
struct ReportedFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 1
    var description: String { message }
}

func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ReportedFailure {
        FileHandle.standardError.write(Data("graphgrad: \(error.message)\n".utf8))
        throw ExitCode(error.code)
    } catch {
        FileHandle.standardError.write(Data("graphgrad: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A JSON string literal for the hand-built, key-ordered JSON the CLI prints.
func jsonString(_ s: String) -> String { JSONText.quoted(s) }

/// Ends a successful command at once: freeing a graph of a million nodes node by node
/// would only delay the exit the operating system performs anyway.
func exitWithoutTeardown() -> Never {
    fflush(nil)  // every open output stream
    exit(0)
}

/// A duration in milliseconds, for `--timings` lines.
func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
}
