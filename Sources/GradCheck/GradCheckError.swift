import Executor
import Gradients
import GraphModel

/// Why a check could not be carried out (as opposed to a check that ran and failed, which
/// is a `CheckReport`). Each case names the tensor or node involved; the CLI renders it once.
public enum GradCheckError: Error, Equatable, CustomStringConvertible {
    case rewrite(GradientError)
    /// Running the graph failed while doing `task` (for example "computing the gradients").
    case execution(ExecutionError, task: String)
    case gradientCount(gradients: Int, xs: Int)
    case gradientShape(x: String, xShape: [Int], gradient: String, gradientShape: [Int])
    case seedShape(y: String, yShape: [Int], seed: String, seedShape: [Int])
    case cannotGenerateFeed(node: String, op: String, reason: String)
    case notPerturbable(x: String, reason: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .rewrite(let error): "cannot build the gradients: \(error)"
        case .execution(let error, let task): "\(task): \(error)"
        case .gradientCount(let gradients, let xs):
            "--gradients lists \(gradients) tensor\(gradients == 1 ? "" : "s") for \(xs) xs; give one per x, in the order of --xs (None for no gradient)"
        case .gradientShape(let x, let xShape, let gradient, let gradientShape):
            "gradient \(gradient) has shape \(Self.describe(gradientShape)) but x \(x) has shape \(Self.describe(xShape))"
        case .seedShape(let y, let yShape, let seed, let seedShape):
            "grad_ys entry \(seed) has shape \(Self.describe(seedShape)) but y \(y) has shape \(Self.describe(yShape))"
        case .cannotGenerateFeed(let node, let op, let reason):
            "node \(node) (op \(op)) needs a value and none can be generated (\(reason)): feed it with --feeds"
        case .notPerturbable(let x, let reason): "cannot perturb x \(x): \(reason)"
        case .invalidOption(let message): message
        }
    }

    static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ",") + "]" }
}
