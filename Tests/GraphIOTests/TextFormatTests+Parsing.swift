import Testing
@testable import GraphIO

/// What the parser accepts beyond canonical text, and where it reports what it does not.
extension TextFormatTests {
    // MARK: Everything else the parser accepts, and the canonical text it stands for.

    struct Spelling: Sendable, CustomTestStringConvertible {
        var name: String
        var input: String
        var canonical: String
        var testDescription: String { name }
    }

    static let spellings: [Spelling] = [
        Spelling(name: "comments, separators, colon before brace, angle brackets",
                 input: "# header\nnode: { name: 'a', op: \"B\"; } # trailing\nversions < producer: 1 >\n",
                 canonical: "node {\n  name: \"a\"\n  op: \"B\"\n}\nversions {\n  producer: 1\n}\n"),
        Spelling(name: "short list syntax for scalars and messages, empty list, repeated field repeating",
                 input: "node { input: [\"a\", 'b'] input: [] input: \"c\" } node: [{name: \"x\"}, <name: \"y\">]",
                 canonical: """
                    node {
                      input: "a"
                      input: "b"
                      input: "c"
                    }
                    node {
                      name: "x"
                    }
                    node {
                      name: "y"
                    }

                    """),
        Spelling(name: "string escapes and adjacent literals concatenate",
                 input: #"node { name: "a" 'b' "\x41\101\u00e9\U0001F600\a\b\f\v\'" }"#,
                 canonical: #"node {\#n  name: "abAAé😀\007\010\014\013\'"\#n}\#n"#),
        Spelling(name: "raw UTF-8 in a literal stays UTF-8 (octal in a bytes field)",
                 input: "node { name: \"é\" attr { key: 's' value { s: \"é\" } } }",
                 canonical: "node {\n  name: \"é\"\n  attr {\n    key: \"s\"\n    value {\n      s: \"\\303\\251\"\n    }\n  }\n}\n"),
        Spelling(name: "integers: hex, octal, explicit plus",
                 input: "versions { producer: 0x1F min_consumer: 017 bad_consumers: [+5, -0x10] }",
                 canonical: "versions {\n  producer: 31\n  min_consumer: 15\n  bad_consumers: 5\n  bad_consumers: -16\n}\n"),
        Spelling(name: "floats: exponent, f suffix, inf/infinity/nan in any case, leading dot",
                 input: "node { attr { key: 'f' value { list { f: [1e5, 1.5f, infinity, -Infinity, NaN, .5, -inf, 2, 1E-3F] } } } }",
                 canonical: """
                    node {
                      attr {
                        key: "f"
                        value {
                          list {
                            f: 100000.0
                            f: 1.5
                            f: inf
                            f: -inf
                            f: nan
                            f: 0.5
                            f: -inf
                            f: 2.0
                            f: 0.001
                          }
                        }
                      }
                    }

                    """),
        Spelling(name: "bools in every accepted spelling; enum by number",
                 input: "node { attr { key: 'l' value { list { b: [true, True, t, 1, false, False, f, 0] type: [1, 0x3] } } } }",
                 canonical: """
                    node {
                      attr {
                        key: "l"
                        value {
                          list {
                            b: true
                            b: true
                            b: true
                            b: true
                            b: false
                            b: false
                            b: false
                            b: false
                            type: DT_FLOAT
                            type: DT_INT32
                          }
                        }
                      }
                    }

                    """),
        Spelling(name: "map entries in any order, value before key, last duplicate key wins",
                 input: "node { attr { value { i: 1 } key: 'z' } attr { key: 'a' value { i: 2 } } attr { key: 'z' value { i: 3 } } }",
                 canonical: """
                    node {
                      attr {
                        key: "a"
                        value {
                          i: 2
                        }
                      }
                      attr {
                        key: "z"
                        value {
                          i: 3
                        }
                      }
                    }

                    """),
        Spelling(name: "proto3 defaults given explicitly are not serialized; fields print in number order",
                 input: "node { device: '' op: 'Op' name: 'n' } version: 0 versions { producer: 0 }",
                 canonical: "node {\n  name: \"n\"\n  op: \"Op\"\n}\nversions {\n}\n"),
        Spelling(name: "empty input is an empty GraphDef", input: "  # nothing here\n", canonical: ""),
    ]

    @Test(arguments: spellings) func parsesAlternativeSpellings(_ row: Spelling) throws {
        let wire = try TextFormat.parse(row.input, schema: Self.graphDef)
        #expect(try TextFormat.render(wire: wire, schema: Self.graphDef).text == row.canonical)
    }

    // MARK: Parse errors point at the offending token.

    struct Failure: Sendable, CustomTestStringConvertible {
        var input: String
        var line: Int
        var column: Int
        var reason: String
        var testDescription: String { "\(line):\(column): \(reason)" }
    }

    static let failures: [Failure] = [
        Failure(input: "node {\n  nmae: \"a\"\n}\n", line: 2, column: 3,
                reason: "unknown field 'nmae' in tensorflow.NodeDef"),
        Failure(input: "node {\n  name: \"a\"\n  attr {\n    key: \"k\"\n", line: 5, column: 1,
                reason: "expected '}' but reached end of input"),
        Failure(input: "node { attr { key: 'k' value <\n  i: 1 } } }", line: 2, column: 8,
                reason: "expected a field name but found '}'"),
        Failure(input: "node {\n  attr { key: 'k' value { i: abc } }\n}", line: 2, column: 30,
                reason: "invalid value 'abc' for int64 field 'i'"),
        Failure(input: "versions { producer: 2147483648 }", line: 1, column: 22,
                reason: "value '2147483648' is out of range for int32 field 'producer'"),
        Failure(input: "node { attr { key: 'k' value { list { i: 99999999999999999999 } } } }", line: 1, column: 42,
                reason: "invalid value '99999999999999999999' for int64 field 'i'"),
        Failure(input: "node { name \"a\" }", line: 1, column: 13,
                reason: "expected ':' after field 'name' but found '\"a\"'"),
        Failure(input: "node { name: 5 }", line: 1, column: 14,
                reason: "expected a quoted string for string field 'name' but found '5'"),
        Failure(input: "node { name: \"a }\n", line: 1, column: 14, reason: "string is missing its closing quote"),
        Failure(input: "node { name: \"ab\\q\" }", line: 1, column: 17, reason: "invalid escape sequence '\\q'"),
        Failure(input: "node { attr { key: 't' value { type: DT_FLOT } } }", line: 1, column: 38,
                reason: "invalid value 'DT_FLOT' for enum field 'type': tensorflow.DataType has no such value"),
        Failure(input: "node { attr { key: 'k' value { i: 1 s: 'x' } } }", line: 1, column: 37,
                reason: "field 's' and field 'i' of tensorflow.AttrValue belong to the same oneof; only one may be set"),
        Failure(input: "node {\n  name: \"a\"\n  name: \"b\"\n}", line: 3, column: 3,
                reason: "field 'name' of tensorflow.NodeDef is given more than once but is not repeated"),
        Failure(input: "node { name: [\"a\"] }", line: 1, column: 14,
                reason: "field 'name' of tensorflow.NodeDef is not repeated, so it takes no list"),
        Failure(input: "node { attr { key: 'k' value { list { i: [1 2] } } } }", line: 1, column: 45,
                reason: "expected ',' or ']' in the list of 'i' but found '2'"),
        Failure(input: "versions: 5", line: 1, column: 11,
                reason: "expected '{' to open message field 'versions' but found '5'"),
        Failure(input: "}", line: 1, column: 1, reason: "expected a field name but found '}'"),
        Failure(input: "node { name: @ }", line: 1, column: 14, reason: "unexpected character '@'"),
        Failure(input: "node { attr { key: 'b' value { b: yes } } }", line: 1, column: 35,
                reason: "invalid value 'yes' for bool field 'b'"),
        Failure(input: "versions { bad_consumers: -1.5 }", line: 1, column: 27,
                reason: "invalid value '-1.5' for int32 field 'bad_consumers'"),
        Failure(input: "node { attr { key: 'f' value { f: 01.5 } } }", line: 1, column: 35,
                reason: "invalid value '01.5' for float field 'f'"),
    ]

    @Test(arguments: failures) func reportsParseErrorsWithPosition(_ row: Failure) {
        #expect(throws: GraphIOError.textSyntax(path: nil, line: row.line, column: row.column, reason: row.reason)) {
            _ = try TextFormat.parse(row.input, schema: Self.graphDef)
        }
    }
}
