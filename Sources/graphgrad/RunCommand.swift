import ArgumentParser
import Foundation
import Executor
import GraphIO
import GraphModel
import NumpyIO

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a graph on the CPU and print or save the fetched tensors.",
        discussion: """
            Feeds override any tensor. In a .npz, a key `x:0` feeds that tensor, a bare op name \
            feeds `name:0`, and the name of a variable op (VariableV2, VarHandleOp) sets that \
            variable; variables not fed run their initializer from the graph. Only the nodes \
            the fetches need are run. With -o, the fetched tensors are written keyed by tensor \
            name (`y:0`); otherwise each is printed with its dtype and shape.
            """
    )

    @Argument(help: "The graph file (.pb or .pbtxt).") var input: String
    @Option(help: "Comma-separated tensors to fetch, e.g. y:0,grad/AddN:0.") var fetch: String
    @Option(help: "An .npz of feeds (keys as described below).") var feeds: String?
    @Option(name: .customLong("feed"), help: "name=FILE.npy; repeatable.") var feed: [String] = []
    @Option(name: .shortAndLong, help: "Write the fetched tensors to this .npz.") var output: String?
    @Option(help: "Run N times and print the median run time to stderr (for benchmarks).") var `repeat` = 1

    func run() throws {
        try runReportingErrors {
            let executor = Executor(graph: try GraphFile.read(input, keepingSource: false))
            var named: [(String, HostTensor)] = []
            if let feeds {
                for array in try NumpyFile.readArchive(feeds) { named.append((array.key, try HostTensor(array.tensor))) }
            }
            for item in feed {
                guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                    throw ReportedFailure(message: "--feed expects name=FILE.npy, got '\(item)'", code: 2)
                }
                named.append((String(item[..<eq]), try HostTensor(try NumpyFile.readArray(String(item[item.index(after: eq)...])))))
            }
            let names = fetch.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw ReportedFailure(message: "--fetch names no tensors", code: 2) }
            let refs = try names.map { name throws(ExecutionError) in try executor.tensorRef(name) }
            let feedSet = try executor.feedSet(named)
            var values: [HostTensor] = []
            var times: [Duration] = []
            for _ in 0..<max(1, `repeat`) {
                let start = ContinuousClock.now
                values = try executor.run(fetches: refs, feeds: feedSet)
                times.append(ContinuousClock.now - start)
            }
            if `repeat` > 1 {
                let median = times.sorted()[times.count / 2]
                printError("median run time: \(Double(median.components.attoseconds) / 1e15 + Double(median.components.seconds) * 1e3) ms over \(times.count) runs")
            }
            if let output {
                var arrays: [NamedArray] = []
                for (ref, value) in zip(refs, values) { arrays.append(NamedArray(key: ref.description, tensor: try value.tensor())) }
                try NumpyFile.writeArchive(arrays, to: output)
            } else {
                for (ref, value) in zip(refs, values) {
                    let shape = value.rank == 1 ? "(\(value.shape[0]),)" : "(" + value.shape.map(String.init).joined(separator: ", ") + ")"
                    print("\(ref) \(value.dtype) \(shape)")
                    print(value.formattedValues())
                }
            }
        }
    }
}
