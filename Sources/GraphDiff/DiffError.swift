/// Why a diff could not be produced. Rendered once, by the CLI.
public enum DiffError: Error, Equatable, CustomStringConvertible {
    /// `dot` is not on PATH.
    case graphvizNotInstalled
    /// `dot` ran but failed; `message` is what it printed on stderr.
    case graphvizFailed(status: Int32, message: String)
    case graphvizNotRunnable(path: String, reason: String)

    public var description: String {
        switch self {
        case .graphvizNotInstalled:
            return "svg output needs Graphviz's `dot`, which is not installed (Debian/Ubuntu: apt-get install graphviz); "
                + "--format dot writes the graph without it"
        case .graphvizFailed(let status, let message):
            let detail = message.trimmingCharacters(in: .whitespacesAndNewlines)
            return "Graphviz `dot` failed with status \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case .graphvizNotRunnable(let path, let reason):
            return "cannot run Graphviz at \(path): \(reason)"
        }
    }
}
