import Foundation

/// Runs Graphviz's `dot` to turn DOT text into SVG (or another output format).
public enum Graphviz {
    /// The `dot` executable on PATH, or nil when Graphviz is not installed.
    public static func dotExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Lays out `dot` with Graphviz and returns the rendered bytes (`format` as for `dot -T`).
    public static func render(_ dot: String, format: String = "svg") throws(DiffError) -> [UInt8] {
        try run(dot, format: format).output
    }

    /// Like `render`, also returning what Graphviz warned about on stderr despite succeeding.
    public static func run(_ dot: String, format: String) throws(DiffError) -> (output: [UInt8], warnings: String) {
        guard let executable = dotExecutable() else { throw .graphvizNotInstalled }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-T" + format]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .graphvizNotRunnable(path: executable, reason: "\(error)")
        }
        // Drain stdout and stderr while writing stdin, or a large graph deadlocks on full pipes.
        let collected = OutputCollector()
        let group = DispatchGroup()
        for (pipe, isError) in [(output, false), (errors, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.store(data, isError: isError)
                group.leave()
            }
        }
        // If dot exits early (bad input), the write fails with EPIPE instead of killing us.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(dot.utf8))
        try? input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .graphvizFailed(status: process.terminationStatus, message: String(decoding: collected.errors, as: UTF8.self))
        }
        return ([UInt8](collected.output), String(decoding: collected.errors, as: UTF8.self))
    }
}

/// Holds the two pipe readers' results; each side is written once, then read after `wait()`.
private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var output = Data()
    private(set) var errors = Data()

    func store(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { errors = data } else { output = data }
    }
}

extension Graphviz {
    /// Whether `dot` is on PATH.
    public static var isInstalled: Bool { dotExecutable() != nil }
}
