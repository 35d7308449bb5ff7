/// A reference to one output of a node: `op:k` in TensorFlow's notation.
public struct TensorRef: Hashable, Sendable, CustomStringConvertible {
    public var node: String
    public var output: Int

    public init(node: String, output: Int = 0) {
        self.node = node
        self.output = output
    }

    /// Parses `op`, `op:k` or an input string `op`/`op:k` (not a control input).
    public init?(parsing text: String) {
        guard !text.isEmpty, !text.hasPrefix("^") else { return nil }
        if let colon = text.lastIndex(of: ":"), let k = Int(text[text.index(after: colon)...]), k >= 0 {
            self.init(node: String(text[..<colon]), output: k)
        } else {
            self.init(node: text, output: 0)
        }
    }

    /// `op:k` — the name users and TensorFlow's Python API use.
    public var description: String { "\(node):\(output)" }

    /// The spelling inside `NodeDef.input`: bare `op` for output 0.
    public var inputString: String { output == 0 ? node : "\(node):\(output)" }
}
