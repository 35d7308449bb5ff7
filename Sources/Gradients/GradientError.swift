import GraphModel

/// Why a gradient rewrite was refused. Each case names the node and op involved.
public enum GradientError: Error, Equatable, CustomStringConvertible {
    case unknownTensor(String, suggestions: [String])
    case badOutputIndex(TensorRef, outputs: Int)
    case gradYsLengthMismatch(gradYs: Int, ys: Int)
    case seedTypeMismatch(y: TensorRef, yType: DType, seed: TensorRef, seedType: DType)
    case complexWithoutSeed(y: TensorRef, dtype: DType)
    case invalidName(String)
    /// An op on the path has no gradient rule; `path` runs from a y to the op.
    case noGradient(node: String, op: String, path: [String])
    case gradientDisabled(node: String, message: String)
    case unsupportedControlFlow(node: String, op: String)
    case unsupported(node: String, op: String, reason: String)
    case incompatibleShapes(node: String, op: String, input: Int, inputShape: String, gradientShape: String)
    case wrongGradientCount(node: String, op: String, expected: Int, got: Int)
    case internalError(String)

    public var description: String {
        switch self {
        case .unknownTensor(let name, let suggestions):
            return "unknown tensor '\(name)'" + (suggestions.isEmpty ? "" : " (did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?)")
        case .badOutputIndex(let t, let outputs):
            return "tensor '\(t)' does not exist: node '\(t.node)' has \(outputs) output\(outputs == 1 ? "" : "s")"
        case .gradYsLengthMismatch(let g, let y):
            return "Length mismatch. Passed \(g) grad_ys for \(y) ys"
        case .seedTypeMismatch(let y, let yt, let seed, let st):
            return "grad_ys entry '\(seed)' has dtype \(st.name) but y '\(y)' has dtype \(yt.name)"
        case .complexWithoutSeed(let y, let dt):
            return "Gradients of complex tensors (\(y)) must set grad_ys (y.dtype = \(dt.name))"
        case .invalidName(let name): return "invalid gradient name scope '\(name)'"
        case .noGradient(let node, let op, let path):
            return "no gradient defined for operation '\(node)' (op type: \(op))"
                + (path.count > 1 ? "; reached from y via " + path.joined(separator: " -> ") : "")
        case .gradientDisabled(let node, let message):
            return "gradient explicitly disabled at '\(node)' (PreventGradient): \(message)"
        case .unsupportedControlFlow(let node, let op):
            return "unsupported: gradient through while loop at '\(node)' (\(op))"
        case .unsupported(let node, let op, let reason):
            return "unsupported: '\(node)' (\(op)): \(reason)"
        case .incompatibleShapes(let node, let op, let input, let inputShape, let gradientShape):
            return "incompatible shapes between op input and calculated input gradient: '\(node)' (\(op)) input \(input) has shape \(inputShape), gradient has shape \(gradientShape)"
        case .wrongGradientCount(let node, let op, let expected, let got):
            return "internal error: gradient rule of '\(node)' (\(op)) returned \(got) gradients for \(expected) inputs"
        case .internalError(let m): return "internal error: \(m)"
        }
    }
}
