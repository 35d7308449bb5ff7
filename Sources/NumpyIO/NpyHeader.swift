/// The Python dict literal in an `.npy` header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
struct NpyHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    init(parsing text: String, source: String) throws(NumpyError) {
        var scanner = Scanner(chars: Array(text.unicodeScalars), source: source)
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        try scanner.expect("{")
        while true {
            scanner.skipSpaces()
            if scanner.consume("}") { break }
            let key = try scanner.string()
            try scanner.expect(":")
            scanner.skipSpaces()
            switch key {
            case "descr":
                guard scanner.peek == "'" || scanner.peek == "\"" else {
                    throw .unsupportedDType(source: source, descr: "structured dtype")
                }
                descr = try scanner.string()
            case "fortran_order": fortranOrder = try scanner.bool()
            case "shape": shape = try scanner.intTuple()
            default: throw .badHeader(source: source, reason: "unexpected key '\(key)'")
            }
            scanner.skipSpaces()
            if scanner.consume("}") { break }
            try scanner.expect(",")
        }
        guard let descr, let fortranOrder, let shape else {
            throw .badHeader(source: source, reason: "header must have descr, fortran_order and shape")
        }
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    private struct Scanner {
        var chars: [Unicode.Scalar]
        var source: String
        var position = 0

        var peek: Unicode.Scalar? { position < chars.count ? chars[position] : nil }

        func failure(_ what: String) -> NumpyError {
            .badHeader(source: source, reason: "expected \(what) at offset \(position)")
        }

        mutating func skipSpaces() {
            while let c = peek, c == " " || c == "\n" || c == "\t" { position += 1 }
        }

        mutating func consume(_ c: Unicode.Scalar) -> Bool {
            skipSpaces()
            guard peek == c else { return false }
            position += 1
            return true
        }

        mutating func expect(_ c: Unicode.Scalar) throws(NumpyError) {
            guard consume(c) else { throw failure("'\(c)'") }
        }

        mutating func string() throws(NumpyError) -> String {
            skipSpaces()
            guard let quote = peek, quote == "'" || quote == "\"" else { throw failure("a quoted string") }
            position += 1
            var out = String.UnicodeScalarView()
            while let c = peek, c != quote {
                out.append(c)
                position += 1
            }
            guard peek == quote else { throw failure("a closing quote") }
            position += 1
            return String(out)
        }

        mutating func bool() throws(NumpyError) -> Bool {
            skipSpaces()
            for (word, value) in [("True", true), ("False", false)] {
                let scalars = Array(word.unicodeScalars)
                if position + scalars.count <= chars.count, Array(chars[position..<(position + scalars.count)]) == scalars {
                    position += scalars.count
                    return value
                }
            }
            throw failure("True or False")
        }

        mutating func intTuple() throws(NumpyError) -> [Int] {
            try expect("(")
            var values: [Int] = []
            while true {
                if consume(")") { return values }
                skipSpaces()
                var digits = ""
                while let c = peek, ("0"..."9").contains(c) {
                    digits.unicodeScalars.append(c)
                    position += 1
                }
                // Tolerate Python 2 long literals such as `3L`.
                if peek == "L" { position += 1 }
                guard let value = Int(digits), value >= 0, value < 1 << 40 else { throw failure("a dimension size") }
                values.append(value)
                if consume(")") { return values }
                try expect(",")
            }
        }
    }
}
