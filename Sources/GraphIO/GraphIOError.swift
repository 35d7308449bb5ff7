/// Why a graph file could not be read or written. Rendered once, by the CLI.
public enum GraphIOError: Error, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case unsupportedExtension(path: String)
    /// The wire bytes are not a valid `GraphDef`; `offset` is the byte where the problem starts.
    case malformed(path: String?, offset: Int, reason: String)
    /// A text-format file failed to parse.
    case textSyntax(path: String?, line: Int, column: Int, reason: String)
    /// A model value cannot be encoded (for example a string that the C layer cannot hold).
    case unencodable(reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): return "\(path): cannot read: \(reason)"
        case .cannotWrite(let path, let reason): return "\(path): cannot write: \(reason)"
        case .unsupportedExtension(let path):
            return "\(path): unknown graph format (use a .pb or .pbtxt file name)"
        case .malformed(let path, let offset, let reason):
            return "\(path ?? "<input>"): not a valid GraphDef: \(reason) (at byte \(offset))"
        case .textSyntax(let path, let line, let column, let reason):
            return "\(path ?? "<input>"):\(line):\(column): \(reason)"
        case .unencodable(let reason): return "cannot encode graph: \(reason)"
        }
    }

    /// The same error attributed to a file.
    func at(path: String) -> GraphIOError {
        switch self {
        case .malformed(_, let offset, let reason): return .malformed(path: path, offset: offset, reason: reason)
        case .textSyntax(_, let line, let column, let reason):
            return .textSyntax(path: path, line: line, column: column, reason: reason)
        default: return self
        }
    }
}
