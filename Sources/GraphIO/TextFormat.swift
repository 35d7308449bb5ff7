/// The protobuf text format (`.pbtxt`) as a codec between text and wire bytes, driven by the
/// schema built from protobuf-c's descriptors, so it covers every message the schema holds.
///
/// Output matches Python's `text_format.MessageToString` (what `tf.io.write_graph(as_text=True)`
/// writes); input is what TensorFlow's and Python's text parsers accept.
package enum TextFormat {
    /// Text for one message, and how many fields had to be left out of it.
    package struct Rendered: Sendable, Equatable {
        package var text: String
        /// Wire fields whose numbers the schema does not know (or whose wire type does not
        /// match it). TensorFlow's text format has no way to write them, so they are lost.
        package var droppedUnknownFields: Int
    }

    /// Deeper nesting than protobuf's own default limit is refused rather than risking the stack.
    static let maxDepth = 100

    /// Prints the message encoded in `wire` the way Python's `text_format.MessageToString` does.
    package static func render(wire: [UInt8], schema: MessageSchema) throws(GraphIOError) -> Rendered {
        var printer = TextPrinter()
        try printer.printMessage(wire, schema: schema, depth: 0)
        return Rendered(text: String(decoding: printer.output, as: UTF8.self), droppedUnknownFields: printer.droppedUnknownFields)
    }

    /// Parses text format into the wire bytes protobuf would serialize for the same message
    /// (fields in number order, packed where the schema says so, map entries sorted by key).
    /// Errors are `GraphIOError.textSyntax` with a 1-based line and column.
    package static func parse(_ text: String, schema: MessageSchema) throws(GraphIOError) -> [UInt8] {
        try parse(utf8: Array(text.utf8), schema: schema)
    }

    /// The same, straight from a file's bytes, so string literals keep bytes that are not valid UTF-8.
    package static func parse(utf8 text: [UInt8], schema: MessageSchema) throws(GraphIOError) -> [UInt8] {
        var parser = TextParser(text: text)
        return try parser.parseDocument(schema: schema)
    }
}
