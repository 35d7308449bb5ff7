import GraphCore
import Testing

/// Op tables answer by the op name's characters, however the name's string was made.
@Suite struct OpTableLookup {
    let table = OpTable<Int>([
        (["Add", "AddV2"], 1),
        (["SparseSoftmaxCrossEntropyWithLogits"], 2),
        (["Mul"], 3),
        (["Mul", "Ünïcode"], 4),  // a later entry replaces an earlier one
    ])

    @Test func findsShortAndLongNames() {
        #expect(table["Add"] == 1)
        #expect(table["AddV2"] == 1)
        #expect(table["SparseSoftmaxCrossEntropyWithLogits"] == 2)
        #expect(table["Ünïcode"] == 4)
    }

    @Test func laterEntriesWin() {
        #expect(table["Mul"] == 4)
    }

    @Test func namesBuiltAtRunTimeMatch() {
        let parts = ["Ad", "dV", "2"]
        #expect(table[parts.joined()] == 1)
        let long = String(decoding: Array("SparseSoftmaxCrossEntropyWithLogits".utf8), as: UTF8.self)
        #expect(table[long] == 2)
        let bridged = "Add" + String(repeating: "x", count: 0)
        #expect(table[bridged] == 1)
    }

    @Test func unknownNamesAreAbsent() {
        #expect(table["add"] == nil)
        #expect(table[""] == nil)
        #expect(table["AddV"] == nil)
        #expect(table["SparseSoftmaxCrossEntropyWithLogitz"] == nil)
    }

    @Test func countsOps() {
        #expect(table.count == 5)
    }
}
