import GraphModel
import Testing

/// How a tensor name or a `NodeDef.input` string reads as a reference: TensorFlow's
/// `op:k`, with a bare `op` meaning output 0.
@Suite struct TensorRefParsing {
    static let rows: [(text: String, node: String?, output: Int)] = [
        ("a", "a", 0),
        ("a:0", "a", 0),
        ("scope/a:12", "scope/a", 12),
        ("a:b:3", "a:b", 3),          // only the last colon separates the index
        ("a:", "a:", 0),              // no digits after the colon: part of the name
        (":7", ":7", 0),              // nothing before the colon: part of the name
        ("a:1x", "a:1x", 0),
        ("a:99999999999", "a:99999999999", 0),  // an index too long to be one
        ("ünïcode/név:2", "ünïcode/név", 2),
        ("^a", nil, 0),               // a control input is not a tensor
        ("", nil, 0),
    ]

    @Test(arguments: rows)
    func parses(_ row: (text: String, node: String?, output: Int)) {
        let ref = TensorRef(parsing: row.text)
        #expect(ref?.node == row.node, "\(row.text)")
        if let ref { #expect(ref.output == row.output, "\(row.text)") }
    }

    @Test(arguments: rows.filter { $0.node != nil })
    func roundTripsThroughItsInputString(_ row: (text: String, node: String?, output: Int)) {
        let ref = TensorRef(parsing: row.text)!
        #expect(TensorRef(parsing: ref.inputString) == ref)
    }

    @Test(arguments: [(0, "a"), (1, "a:1"), (9, "a:9"), (10, "a:10"), (99, "a:99"), (100, "a:100"), (1_234_567, "a:1234567")])
    func spellsItsInputStringInDecimal(_ output: Int, _ expected: String) {
        #expect(TensorRef(node: "a", output: output).inputString == expected)
    }

    @Test func keepsLongAndNonASCIINamesWholeInItsInputString() {
        let long = String(repeating: "block/", count: 20) + "név"
        #expect(TensorRef(node: long, output: 3).inputString == long + ":3")
    }
}
