/// Recursive-descent parser for text format, producing wire bytes through `MessageBuilder`.
/// Accepts what Python's and C++'s text parsers accept for messages without extensions.
struct TextParser {
    private var tokenizer: TextTokenizer
    private var current = TextToken(kind: .end, range: 0..<0, line: 1, column: 1)

    init(text: [UInt8]) { tokenizer = TextTokenizer(text: text) }

    mutating func parseDocument(schema: MessageSchema) throws(GraphIOError) -> [UInt8] {
        try advance()
        var builder = MessageBuilder(schema: schema)
        try parseFields(into: &builder, closing: nil, depth: 0)
        return builder.encoded()
    }

    private mutating func parseFields(into builder: inout MessageBuilder, closing: String?, depth: Int) throws(GraphIOError) {
        while true {
            if current.kind == .end {
                guard let closing else { return }
                throw error(at: current, "expected '\(closing)' but reached end of input")
            }
            if let closing, isSymbol(closing) {
                try advance()
                return
            }
            try parseField(into: &builder, depth: depth)
        }
    }

    private mutating func parseField(into builder: inout MessageBuilder, depth: Int) throws(GraphIOError) {
        let nameToken = current
        guard nameToken.kind == .identifier else {
            throw error(at: nameToken, "expected a field name but found '\(spelling(nameToken))'")
        }
        let schema = builder.schema
        let name = spelling(nameToken)
        guard let field = schema.field(named: name) else {
            throw error(at: nameToken, "unknown field '\(name)' in \(schema.name)")
        }
        if !field.isRepeated && builder.isSet(field) {
            throw error(at: nameToken, "field '\(name)' of \(schema.name) is given more than once but is not repeated")
        }
        if let oneof = field.oneofID,
           let other = schema.fields.first(where: { $0.oneofID == oneof && $0.number != field.number && builder.isSet($0) }) {
            throw error(at: nameToken, "field '\(name)' and field '\(other.name)' of \(schema.name) belong to the same oneof; only one may be set")
        }
        try advance()

        let nested = schema.messageSchema(of: field)
        if nested != nil {
            if isSymbol(":") { try advance() }
        } else {
            guard isSymbol(":") else {
                throw error(at: current, "expected ':' after field '\(name)' but found '\(spelling(current))'")
            }
            try advance()
        }

        if isSymbol("[") {
            guard field.isRepeated else {
                throw error(at: current, "field '\(name)' of \(schema.name) is not repeated, so it takes no list")
            }
            try advance()
            if isSymbol("]") {
                try advance()
            } else {
                while true {
                    try parseValue(of: field, nested: nested, into: &builder, depth: depth)
                    if isSymbol("]") {
                        try advance()
                        break
                    }
                    guard isSymbol(",") else {
                        throw error(at: current, "expected ',' or ']' in the list of '\(name)' but found '\(spelling(current))'")
                    }
                    try advance()
                }
            }
        } else {
            try parseValue(of: field, nested: nested, into: &builder, depth: depth)
        }
        // Fields may be separated by a comma or semicolon, for historical reasons.
        if isSymbol(",") || isSymbol(";") { try advance() }
    }

    private mutating func parseValue(
        of field: FieldSchema, nested: MessageSchema?, into builder: inout MessageBuilder, depth: Int
    ) throws(GraphIOError) {
        guard let nested else {
            builder.append(try parseScalar(of: field, schema: builder.schema), to: field)
            return
        }
        let closing: String
        if isSymbol("{") {
            closing = "}"
        } else if isSymbol("<") {
            closing = ">"
        } else {
            throw error(at: current, "expected '{' to open message field '\(field.name)' but found '\(spelling(current))'")
        }
        guard depth < TextFormat.maxDepth else {
            throw error(at: current, "messages are nested more than \(TextFormat.maxDepth) deep")
        }
        try advance()
        var child = MessageBuilder(schema: nested)
        try parseFields(into: &child, closing: closing, depth: depth + 1)
        if nested.isMapEntry && field.isRepeated {
            builder.appendMapEntry(child, to: field)
        } else {
            builder.append(.lengthDelimited(child.encoded()), to: field)
        }
    }

    private mutating func parseScalar(of field: FieldSchema, schema: MessageSchema) throws(GraphIOError) -> EncodedValue {
        let token = current
        if field.type == .string || field.type == .bytes {
            guard token.kind == .string else {
                throw error(at: token, "expected a quoted string for \(field.type.protoName) field '\(field.name)' but found '\(spelling(token))'")
            }
            // Adjacent literals concatenate, as in C.
            var bytes: [UInt8] = []
            while current.kind == .string {
                bytes += try unescaped(current)
                try advance()
            }
            return .lengthDelimited(bytes)
        }
        let text = spelling(token)
        guard token.kind == .number || token.kind == .identifier else {
            throw error(at: token, "invalid value '\(text)' for \(field.type.protoName) field '\(field.name)'")
        }
        let enumSchema = schema.enumSchema(of: field)
        switch ScalarParsing.encode(text, kind: token.kind, type: field.type, enumSchema: enumSchema) {
        case .success(let value):
            try advance()
            return value
        case .failure(.outOfRange):
            throw error(at: token, "value '\(text)' is out of range for \(field.type.protoName) field '\(field.name)'")
        case .failure(.invalid):
            if let enumSchema {
                throw error(at: token, "invalid value '\(text)' for enum field '\(field.name)': \(enumSchema.fullName) has no such value")
            }
            throw error(at: token, "invalid value '\(text)' for \(field.type.protoName) field '\(field.name)'")
        }
    }

    private func unescaped(_ token: TextToken) throws(GraphIOError) -> [UInt8] {
        let body = tokenizer.text[(token.range.lowerBound + 1)..<(token.range.upperBound - 1)]
        switch CEscaping.unescape(body) {
        case .success(let bytes): return bytes
        case .failure(let failure):
            throw .textSyntax(path: nil, line: token.line, column: token.column + 1 + failure.offset, reason: failure.reason)
        }
    }

    private mutating func advance() throws(GraphIOError) { current = try tokenizer.next() }

    private func isSymbol(_ symbol: String) -> Bool {
        current.kind == .symbol && tokenizer.text[current.range].elementsEqual(symbol.utf8)
    }

    private func spelling(_ token: TextToken) -> String { tokenizer.spelling(of: token) }

    private func error(at token: TextToken, _ reason: String) -> GraphIOError {
        .textSyntax(path: nil, line: token.line, column: token.column, reason: reason)
    }
}
