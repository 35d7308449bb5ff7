import GraphModel

/// The `.pbtxt` side of `GraphFile`: text is converted to wire bytes (and back) by the
/// descriptor-driven `TextFormat`, so the binary decoder remains the single way in.
public enum GraphText {
    /// The graph has no `source`: the wire bytes made from text follow the text's field
    /// order, so its nodes are encoded afresh (deterministically) when written.
    public static func decode(_ bytes: [UInt8]) throws(GraphIOError) -> Graph {
        try GraphDecoder.decode(try TextFormat.parse(utf8: bytes, schema: TextFormat.graphDefSchema), keepingSource: false)
    }

    /// The text TensorFlow writes for `graph`, and how many unknown fields text format could not carry.
    public static func render(_ graph: Graph) throws(GraphIOError) -> (text: String, droppedUnknownFields: Int) {
        let rendered = try TextFormat.render(wire: try GraphEncoder.encode(graph), schema: TextFormat.graphDefSchema)
        return (rendered.text, rendered.droppedUnknownFields)
    }
}
