/// A reference to one output of a node: `op:k` in TensorFlow's notation.
public struct TensorRef: Hashable, Sendable, CustomStringConvertible {
    public var node: String
    public var output: Int
    /// Where `node` sat in the graph store that made this reference, or -1. A shortcut for
    /// passes (a store checks the name there before trusting it), not part of identity.
    package var position: Int32 = -1

    public init(node: String, output: Int = 0) {
        self.node = node
        self.output = output
    }

    package init(node: String, output: Int = 0, position: Int) {
        self.node = node
        self.output = output
        self.position = Int32(truncatingIfNeeded: position)
    }

    public static func == (a: TensorRef, b: TensorRef) -> Bool { a.output == b.output && a.node == b.node }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(node)
        hasher.combine(output)
    }

    /// Parses `op`, `op:k` or an input string `op`/`op:k` (not a control input).
    public init?(parsing text: String) {
        // Scanning UTF-8 bytes from the end: this runs once per edge, so it must not walk graphemes.
        let utf8 = text.utf8
        guard let first = utf8.first, first != UInt8(ascii: "^") else { return nil }
        var index = 0
        var scale = 1
        var position = utf8.endIndex
        while position > utf8.startIndex {
            let before = utf8.index(before: position)
            let byte = utf8[before]
            if byte == UInt8(ascii: ":") {
                guard position != utf8.endIndex, before != utf8.startIndex else { break }
                self.init(node: String(text[..<before]), output: index)
                return
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), scale <= 1_000_000_000 else { break }
            index += Int(byte - UInt8(ascii: "0")) * scale
            scale *= 10
            position = before
        }
        self.init(node: text, output: 0)
    }

    /// `op:k` — the name users and TensorFlow's Python API use.
    public var description: String { "\(node):\(output)" }

    /// The spelling inside `NodeDef.input`: bare `op` for output 0.
    public var inputString: String { output == 0 ? node : node + ":" + String(output) }
}
