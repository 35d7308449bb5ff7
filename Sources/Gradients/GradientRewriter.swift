import GraphModel

/// Entry point of the gradient rewriter (being implemented).
public enum GradientRewriter {
    public static func rewrite(_ graph: Graph, _ request: GradientRequest) throws(GradientError) -> GradientRewrite {
        throw .internalError("the gradient rewriter is not implemented yet")
    }
}

public enum GradientError: Error, Equatable, CustomStringConvertible {
    case internalError(String)
    public var description: String {
        switch self { case .internalError(let m): return "internal error: \(m)" }
    }
}
