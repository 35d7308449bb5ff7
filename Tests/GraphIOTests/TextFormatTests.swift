import Foundation
import Testing
@testable import GraphIO
import _TestSupport

/// The `.pbtxt` codec. Printing must match Python's `text_format.MessageToString` byte for byte
/// (what `tf.io.write_graph(as_text=True)` writes); parsing accepts what TensorFlow accepts.
/// Every row names its case, so `swift test --filter TextFormat` plus the row name reruns it.
@Suite struct TextFormatTests {
    static let graphDef = TextFormat.graphDefSchema

    @Test(arguments: canonical) func printsWhatItParsed(_ row: Row) throws {
        let wire = try TextFormat.parse(row.text, schema: Self.graphDef)
        let rendered = try TextFormat.render(wire: wire, schema: Self.graphDef)
        #expect(rendered.text == row.text)
        #expect(rendered.droppedUnknownFields == 0)
    }

    // MARK: Float spellings (checked against Python's text_format on 40,000 random bit patterns).

    static let float32Spellings: [(bits: UInt32, python: String)] = [
        (0x3DCC_CCCD, "0.1"), (0x0000_0001, "1.4013e-45"), (0x0000_0007, "9.80909e-45"),
        (0x000B_E7E5, "1.093379e-39"), (0x006E_6DA2, "1.0141233e-38"), (0x03E5_F684, "1.35160075e-36"),
        (0x4CC0_EEDB, "101152470.0"), (0x5864_26D5, "1003421730000000.0"), (0x7F7F_FFFF, "3.4028235e+38"),
        (0x4B80_0000, "16777216.0"), (0x8000_1CF5, "-1.03878e-41"), (0x7F82_621D, "nan"),
    ]

    @Test(arguments: float32Spellings) func spellsFloat32LikePython(_ bits: UInt32, _ python: String) {
        #expect(PythonFloatFormat.float(Float(bitPattern: bits)) == python)
    }

    static let doubleSpellings: [(bits: UInt64, python: String)] = [
        (0x3AC3_1A5B_BB97_D2ED, "1.2345e-25"), (0x3C02_37CF_23B3_1663, "1.2344999999999998e-19"),
        (0x3FBF_9A6B_50B0_F27C, "0.12345"), (0x40FE_23A0_0000_0000, "123450.0"),
        (0x437B_6951_EF58_5A00, "1.2345e+17"), (0x45F8_EE37_255A_AB1C, "1.2344999999999997e+29"),
        (0x0000_0000_0000_0001, "5e-324"), (0x8000_0000_0000_0000, "-0.0"),
    ]

    @Test(arguments: doubleSpellings) func spellsDoublesLikePython(_ bits: UInt64, _ python: String) {
        #expect(PythonFloatFormat.double(Double(bitPattern: bits)) == python)
    }

    // MARK: Rendering wire bytes that text format cannot say, or says only one way.

    @Test func dropsAndCountsUnknownFields() throws {
        // GraphDef field 99 (varint 1), and inside the node: name "a", then unknown field 15 (bytes "z").
        let wire: [UInt8] = [0x98, 0x06, 0x01, 0x0A, 0x06, 0x0A, 0x01, 0x61, 0x7A, 0x01, 0x7A]
        let rendered = try TextFormat.render(wire: wire, schema: Self.graphDef)
        #expect(rendered == TextFormat.Rendered(text: "node {\n  name: \"a\"\n}\n", droppedUnknownFields: 2))
    }

    @Test func wrongWireTypeForAKnownFieldCountsAsUnknown() throws {
        // `version` (3) is an int32 but arrives length-delimited.
        let rendered = try TextFormat.render(wire: [0x1A, 0x01, 0x00], schema: Self.graphDef)
        #expect(rendered == TextFormat.Rendered(text: "", droppedUnknownFields: 1))
    }

    @Test func readsWireFormsProtobufAccepts() throws {
        // versions twice (merged), bad_consumers both unpacked and packed, a proto3 default on the wire,
        // and an AttrValue whose oneof is set twice (the last member wins).
        let wire: [UInt8] = [
            0x22, 0x04, 0x08, 0x01, 0x18, 0x07,       // versions { producer: 1 bad_consumers: 7 }
            0x22, 0x04, 0x1A, 0x02, 0x08, 0x09,       // versions { bad_consumers: [8, 9] packed }
            0x0A, 0x02, 0x0A, 0x00,                   // node { name: "" }
            0x0A, 0x0E, 0x2A, 0x0C, 0x0A, 0x01, 0x6B, // node { attr { key: "k"
            0x12, 0x07, 0x18, 0x05, 0x12, 0x03, 0x61, 0x62, 0x63, // value { i: 5 s: "abc" } } }
        ]
        let rendered = try TextFormat.render(wire: wire, schema: Self.graphDef)
        #expect(rendered.text == """
            node {
            }
            node {
              attr {
                key: "k"
                value {
                  s: "abc"
                }
              }
            }
            versions {
              producer: 1
              bad_consumers: 7
              bad_consumers: 8
              bad_consumers: 9
            }

            """)
    }

    @Test func escapesBytesOfStringFieldsThatAreNotUTF8() throws {
        // node { name: "é" + 0xFF + "x" }: Python could not even load this; we keep what we can.
        let rendered = try TextFormat.render(wire: [0x0A, 0x06, 0x0A, 0x04, 0xC3, 0xA9, 0xFF, 0x78], schema: Self.graphDef)
        #expect(rendered.text == "node {\n  name: \"é\\377x\"\n}\n")
    }

    @Test func unknownFieldsOfTensorFlowsFixtureAreCounted() throws {
        // Written by tools/oracle/fixtures_protos.py: two unknown fields each in GraphDef, NodeDef, AttrValue.
        let binary = [UInt8](try Data(contentsOf: TestData.url("graphs/unknown_fields.pb")))
        let rendered = try TextFormat.render(wire: binary, schema: Self.graphDef)
        #expect(rendered.droppedUnknownFields == 6)
        #expect(rendered.text.contains("name: \"y\""))
    }

    @Test func rejectsTruncatedWireBytes() {
        #expect(throws: GraphIOError.self) {
            _ = try TextFormat.render(wire: [0x0A, 0x05, 0x0A], schema: Self.graphDef)
        }
    }

    @Test func serializesLikeProtobuf() throws {
        // Packed repeated scalars, map entries always carrying key and value, fields by number.
        let wire = try TextFormat.parse("versions { bad_consumers: [1, 2] } node { attr { key: '' value {} } }",
                                        schema: Self.graphDef)
        #expect(wire == [0x0A, 0x06, 0x2A, 0x04, 0x0A, 0x00, 0x12, 0x00, 0x22, 0x04, 0x1A, 0x02, 0x01, 0x02])
    }

    @Test func otherMessagesOfTheSchemaAreReachable() throws {
        let opList = try #require(Self.graphDef.schema(named: "tensorflow.OpDef"))
        let text = "name: \"Add\"\ninput_arg {\n  name: \"x\"\n  type_attr: \"T\"\n}\nis_commutative: true\n"
        #expect(try TextFormat.render(wire: TextFormat.parse(text, schema: opList), schema: opList).text == text)
    }

    // MARK: TensorFlow's own files (testdata/graphs, written by tools/ with real TF).

    static let goldenPairs: [String] = TestData.files(in: "graphs", withExtension: "pbtxt")
        .map { $0.deletingPathExtension().lastPathComponent }
        .filter { FileManager.default.fileExists(atPath: TestData.url("graphs/\($0).pb").path) }

    @Test(arguments: goldenPairs) func printsTensorFlowsBinaryAsTensorFlowsText(_ name: String) throws {
        let binary = [UInt8](try Data(contentsOf: TestData.url("graphs/\(name).pb")))
        let text = try String(contentsOf: TestData.url("graphs/\(name).pbtxt"), encoding: .utf8)
        let rendered = try TextFormat.render(wire: binary, schema: Self.graphDef)
        #expect(rendered.droppedUnknownFields == 0)
        #expect(rendered.text == text, "first difference at line \(firstDifferentLine(rendered.text, text))")
    }

    @Test(arguments: goldenPairs) func parsesTensorFlowsTextToTensorFlowsBinary(_ name: String) throws {
        let binary = [UInt8](try Data(contentsOf: TestData.url("graphs/\(name).pb")))
        let text = try String(contentsOf: TestData.url("graphs/\(name).pbtxt"), encoding: .utf8)
        let parsed = try TextFormat.parse(text, schema: Self.graphDef)
        #expect(try GraphDefRepack.canonical(parsed) == GraphDefRepack.canonical(binary))
        // Stronger: field order, packing and upb's map-entry order are reproduced too.
        #expect(parsed == binary)
    }

    private func firstDifferentLine(_ a: String, _ b: String) -> String {
        let (left, right) = (a.split(separator: "\n", omittingEmptySubsequences: false), b.split(separator: "\n", omittingEmptySubsequences: false))
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(left[index]) : "<end>"
            let r = index < right.count ? String(right[index]) : "<end>"
            if l != r { return "\(index + 1): ours \(l.debugDescription), TensorFlow's \(r.debugDescription)" }
        }
        return "none"
    }
}

