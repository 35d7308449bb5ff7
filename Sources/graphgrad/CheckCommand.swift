import ArgumentParser
import Executor
import Foundation
import GradCheck
import Gradients
import GraphIO
import GraphModel
import NumpyIO

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check gradients against finite differences of the forward graph.",
        discussion: """
            Checks the derivative tf.gradients defines: of sum(grad_ys * ys) with respect to each x, \
            holding the --stop-gradients tensors and StopGradient outputs at their current values. \
            Without --gradients, IN is rewritten in memory first (rewrite flags as for 'rewrite'); \
            with it, IN is already rewritten and the listed tensors are the gradients, one per x in \
            the order of --xs: a tensor, None, or values+indices+dense_shape for IndexedSlices.
            Everything is evaluated in float64: a float32 graph is promoted, gradients included. \
            Modes: full (central differences element by element), directional (<g, v> against \
            the central difference along --directions random directions, all xs moved together \
            and failing groups split); auto picks full up to 200 x elements in total. \
            Feeds missing from --feeds (which also sets variables, keyed by the variable's name) \
            are generated from --seed and listed. Integer xs are skipped.
            Tolerance: |a - b| <= max(atol, rtol * max(|a|, |b|)).
            Exit status: 0 all checked xs agree, 1 some disagree, 2 the check could not run.
            """
    )

    @Argument(help: "The graph (.pb or .pbtxt): forward, or rewritten when --gradients is given.") var input: String
    @OptionGroup var flags: GradientFlags
    @Option(help: "The gradient of each x in IN (IN is then not rewritten).") var gradients: String?
    @Option(help: "An .npz of feeds: x:0 feeds a tensor, a variable's name sets the variable.") var feeds: String?
    @Option(help: "auto, full or directional.") var mode: CheckMode = .auto
    @Option(help: "Relative step: each element moves by eps * max(1, |x|).") var eps = 1e-6
    @Option(help: "Relative tolerance.") var rtol = 1e-5
    @Option(help: "Absolute tolerance.") var atol = 1e-6
    @Option(help: "Seed for generated feeds and directions.") var seed: UInt64 = 0
    @Option(help: "Random directions per directional check.") var directions = 3
    @Flag(help: "On failure, check each op's gradient nodes on their own and name those that disagree.") var localize = false
    @Flag(help: "Print one JSON object to stdout.") var json = false

    func run() throws {
        var report: CheckReport?
        try runReportingErrors {
            do {
                report = try check()
            } catch let error as ValidationError {
                throw ReportedFailure(message: error.message, code: 2)
            } catch {
                throw ReportedFailure(message: "\(error)", code: 2)
            }
        }
        guard let report else { return }
        print(json ? CheckOutput.json(report) : CheckOutput.text(report))
        if !report.passed { throw ExitCode(1) }
    }

    private func check() throws -> CheckReport {
        let request = try flags.request()
        let results = try gradients.map { try parseGradientList($0, option: "--gradients") }
        var named: [(String, HostTensor)] = []
        if let feeds {
            for array in try NumpyFile.readArchive(feeds) {
                do {
                    named.append((array.key, try HostTensor(array.tensor)))
                } catch {
                    throw ReportedFailure(message: "\(feeds)[\(array.key)]: \(error)", code: 2)
                }
            }
        }
        let progress: @Sendable (CheckProgress) -> Void = { p in
            printError("check: \(p.done)/\(p.total) forward runs (\(p.phase))")
        }
        let options = CheckOptions(
            mode: mode, eps: eps, tolerance: Tolerance(rtol: rtol, atol: atol), seed: seed, directions: directions,
            localize: localize, progress: progress)
        return try GradientChecker.check(
            CheckRequest(graph: try GraphFile.read(input, keepingSource: false), gradientRequest: request, gradients: results, feeds: named),
            options: options)
    }
}

extension CheckMode: ExpressibleByArgument {}

/// `a:0,None,v:0+i:0+s:0` -> one gradient per x: a tensor, none, or IndexedSlices written
/// values+indices+dense_shape (`+` cannot occur in a node name).
func parseGradientList(_ text: String, option: String) throws -> [GradientResult] {
    try text.split(separator: ",", omittingEmptySubsequences: false).map { entry in
        let pieces = try entry.split(separator: "+", omittingEmptySubsequences: false).map { piece -> TensorRef? in
            try parseOptionalTensor(piece.trimmingCharacters(in: .whitespaces), option: option,
                                    expected: "op, op:index, None or values+indices+dense_shape")
        }
        switch pieces.count {
        case 1: return pieces[0].map(GradientResult.tensor) ?? .none
        case 3:
            guard let values = pieces[0], let indices = pieces[1], let shape = pieces[2] else { fallthrough }
            return .indexedSlices(values: values, indices: indices, denseShape: shape)
        default:
            throw ValidationError("\(option): IndexedSlices are written values+indices+dense_shape, got '\(entry)'")
        }
    }
}
