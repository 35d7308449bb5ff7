import GraphModel

/// The `.pbtxt` side of `GraphFile`: text is converted to wire bytes (and back) by the
/// descriptor-driven `TextFormat`, so the binary decoder remains the single way in.
enum GraphText {
    static func decode(_ bytes: [UInt8]) throws(GraphIOError) -> Graph {
        throw .unencodable(reason: "text format not available yet")
    }

    static func encode(_ graph: Graph) throws(GraphIOError) -> String {
        throw .unencodable(reason: "text format not available yet")
    }
}
