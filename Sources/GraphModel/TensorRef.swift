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

    /// Another output of the same node, keeping the position hint.
    package func withOutput(_ k: Int) -> TensorRef {
        var ref = self
        ref.output = k
        return ref
    }

    public static func == (a: TensorRef, b: TensorRef) -> Bool { a.output == b.output && a.node == b.node }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(node)
        hasher.combine(output)
    }

    /// Parses `op`, `op:k` or an input string `op`/`op:k` (not a control input).
    public init?(parsing text: String) {
        guard let (nameLength, output) = text.withUTF8Bytes(Self.split) else { return nil }
        let node = nameLength == text.utf8.count ? text : String(Substring(text.utf8.prefix(nameLength)))
        self.init(node: node, output: output)
    }

    /// The length of the op name in `op` / `op:k` and the output index, or nil for an empty
    /// string or a control input (`^op`). On bytes from the end: this runs once per edge of
    /// a graph, so it must not walk graphemes or build strings.
    package static func split(_ utf8: UnsafeBufferPointer<UInt8>) -> (nameLength: Int, output: Int)? {
        guard let first = utf8.first, first != UInt8(ascii: "^") else { return nil }
        var index = 0
        var scale = 1
        var end = utf8.count
        while end > 0 {
            let byte = utf8[end - 1]
            if byte == UInt8(ascii: ":") {
                // "op:" and ":1" are names, not references with an index.
                guard end != utf8.count, end != 1 else { break }
                return (end - 1, index)
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), scale <= 1_000_000_000 else { break }
            index += Int(byte - UInt8(ascii: "0")) * scale
            scale *= 10
            end -= 1
        }
        return (utf8.count, 0)
    }

    /// `op:k` — the name users and TensorFlow's Python API use.
    public var description: String { "\(node):\(output)" }

    /// The spelling inside `NodeDef.input`: bare `op` for output 0.
    public var inputString: String { output == 0 ? node : NumberedName.make(node, ":", output) }
}
