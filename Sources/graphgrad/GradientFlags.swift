import ArgumentParser
import Gradients

/// The `tf.gradients` arguments shared by `rewrite` and `check`.
struct GradientFlags: ParsableArguments {
    @Option(help: "Tensors to differentiate, comma-separated (op or op:index); @FILE reads the list from a file.") var ys: String
    @Option(help: "Tensors to differentiate with respect to; a variable's op name is accepted; @FILE as for --ys.") var xs: String
    @Option(name: .customLong("grad-ys"), help: "Seed gradients, one per y (None for the default ones).") var gradYs: String?
    @Option(help: "Root name scope of the new nodes; a trailing / uses it verbatim.") var name = "gradients"
    @Flag(name: .customLong("colocate-gradients-with-ops"), help: "Colocate gradient nodes with their forward ops.")
    var colocate = false
    @Flag(name: .customLong("gate-gradients"), help: "Group each op's input gradients with a tuple.") var gateGradients = false
    @Option(name: .customLong("aggregation-method"), help: "add_n, experimental_tree or experimental_accumulate_n.")
    var aggregationMethod = "add_n"
    @Option(name: .customLong("stop-gradients"), help: "Tensors to hold constant, comma-separated.") var stopGradients: String?

    /// The request these flags describe; a `ValidationError` names the flag at fault.
    func request() throws -> GradientRequest {
        guard let method = AggregationMethod(rawValue: aggregationMethod) else {
            throw ValidationError("invalid aggregation method '\(aggregationMethod)'; expected one of: "
                                  + AggregationMethod.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return GradientRequest(
            ys: try parseTensorList(ys, option: "--ys"),
            xs: try parseTensorList(xs, option: "--xs"),
            gradYs: try gradYs.map { try parseOptionalTensorList($0, option: "--grad-ys") },
            name: name, colocateGradientsWithOps: colocate, gateGradients: gateGradients,
            aggregationMethod: method,
            stopGradients: try stopGradients.map { try parseTensorList($0, option: "--stop-gradients") } ?? [])
    }
}
