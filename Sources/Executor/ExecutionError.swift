import GraphModel

/// Why a run failed. Each case names the node and its op (and shapes, where they matter);
/// the CLI renders `description` once.
public enum ExecutionError: Error, Equatable, CustomStringConvertible {
    case unknownTensor(name: String, suggestions: [String])
    case noSuchOutput(tensor: String, op: String, outputs: Int)
    case missingFeed(node: String, op: String)
    case unsupportedOp(node: String, op: String)
    case kernelFailed(node: String, op: String, inputs: [String], message: String)
    case cycle(node: String)
    case feedMismatch(tensor: String, message: String)
    case uninitializedVariable(node: String, op: String)
    case invalidTensor(String)

    public var description: String {
        switch self {
        case .unknownTensor(let name, let suggestions):
            "no node named '\(TensorRef(parsing: name)?.node ?? name)' for tensor \(name)"
                + (suggestions.isEmpty ? "" : " (did you mean \(suggestions.joined(separator: ", "))?)")
        case .noSuchOutput(let tensor, let op, let outputs):
            "\(tensor): node (op \(op)) has only \(outputs) output\(outputs == 1 ? "" : "s")"
        case .missingFeed(let node, let op):
            "node \(node) (op \(op)) needs a value: feed \(node):0"
        case .unsupportedOp(let node, let op):
            "node \(node): op \(op) has no CPU kernel in graphgrad's executor"
        case .kernelFailed(let node, let op, let inputs, let message):
            "node \(node) (op \(op))" + (inputs.isEmpty ? "" : " with inputs \(inputs.joined(separator: ", "))") + ": \(message)"
        case .cycle(let node):
            "the graph has a cycle through node \(node) (while loops are not supported)"
        case .feedMismatch(let tensor, let message):
            "feed for \(tensor): \(message)"
        case .uninitializedVariable(let node, let op):
            "variable \(node) (op \(op)) has no value: feed it by its op name (\(node)) or add its initializer (Assign) to the graph"
        case .invalidTensor(let message):
            "invalid tensor: \(message)"
        }
    }
}

/// What a kernel throws: a message without node context; the executor adds node, op and
/// input signatures when it turns this into `ExecutionError.kernelFailed`.
struct KernelError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Runs `body`, turning an `ExecutionError` into a kernel error the executor decorates.
func asKernelError<T>(_ body: () throws(ExecutionError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw KernelError(error.description)
    }
}
