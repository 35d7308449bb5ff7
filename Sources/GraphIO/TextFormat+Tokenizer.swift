/// One lexical token of text format, with the 1-based position where it starts.
struct TextToken {
    enum Kind: Equatable {
        case identifier
        /// Anything starting like a number (`12`, `-inf`, `1.5e3f`, `0x1F`); the field type decides what it means.
        case number
        /// A quoted literal, quotes and escapes still in place.
        case string
        case symbol
        case end
    }

    var kind: Kind
    var range: Range<Int>
    var line: Int
    var column: Int
}

/// Splits text-format input into tokens, skipping whitespace and `#` comments.
struct TextTokenizer {
    let text: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1

    init(text: [UInt8]) { self.text = text }

    func spelling(of token: TextToken) -> String {
        token.kind == .end ? "end of input" : String(decoding: text[token.range], as: UTF8.self)
    }

    mutating func next() throws(GraphIOError) -> TextToken {
        skipWhitespaceAndComments()
        let start = offset
        let (startLine, startColumn) = (line, column)
        func token(_ kind: TextToken.Kind) -> TextToken {
            TextToken(kind: kind, range: start..<offset, line: startLine, column: startColumn)
        }
        guard offset < text.count else { return token(.end) }
        let byte = text[offset]
        if Self.isIdentifierStart(byte) {
            advance(while: Self.isIdentifierPart)
            return token(.identifier)
        }
        if Self.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || (byte == UInt8(ascii: ".") && offset + 1 < text.count && Self.isDigit(text[offset + 1])) {
            advance()
            advance { Self.isIdentifierPart($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            return token(.number)
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            advance()
            while true {
                guard offset < text.count, text[offset] != UInt8(ascii: "\n") else {
                    throw .textSyntax(path: nil, line: startLine, column: startColumn, reason: "string is missing its closing quote")
                }
                let current = text[offset]
                advance()
                if current == byte { return token(.string) }
                if current == UInt8(ascii: "\\"), offset < text.count, text[offset] != UInt8(ascii: "\n") { advance() }
            }
        }
        if "{}<>[]:,;/.".utf8.contains(byte) {
            advance()
            return token(.symbol)
        }
        let character = String(decoding: text[offset..<min(offset + Self.utf8Length(byte), text.count)], as: UTF8.self)
        throw .textSyntax(path: nil, line: startLine, column: startColumn, reason: "unexpected character '\(character)'")
    }

    private mutating func skipWhitespaceAndComments() {
        while offset < text.count {
            switch text[offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                advance()
            case UInt8(ascii: "#"):
                advance { $0 != UInt8(ascii: "\n") }
            default:
                return
            }
        }
    }

    private mutating func advance(while predicate: (UInt8) -> Bool) {
        while offset < text.count, predicate(text[offset]) { advance() }
    }

    private mutating func advance() {
        let byte = text[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            // Columns count characters, so UTF-8 continuation bytes do not move them.
            column += 1
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    private static func isIdentifierPart(_ byte: UInt8) -> Bool { Self.isIdentifierStart(byte) || Self.isDigit(byte) }

    private static func utf8Length(_ lead: UInt8) -> Int {
        lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
