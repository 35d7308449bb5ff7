import GraphCore
import Testing

/// Node names as table keys: byte equality (as TensorFlow compares NodeDef names) and
/// names built from parts.
@Suite struct NodeNamesAsKeys {
    @Test func equalNamesAreEqualKeysAtEveryLength() {
        // Lengths 0...40 cover empty, sub-word, whole-word and partial-last-word names.
        var table = NameTable()
        for length in 0...40 {
            let name = String(String(repeating: "ab/Cd_9", count: 6).prefix(length))
            table.set(name, length)
            #expect(table[name + ""] == length)
        }
        #expect(table.count == 41)
    }

    @Test func namesDifferingInOneByteAreDifferentKeys() {
        let base = "gradients/dense_12/MatMul_grad/MatMul_1"
        var table = NameTable()
        for (i, _) in base.utf8.enumerated() {
            var bytes = Array(base.utf8)
            bytes[i] ^= 0x01
            table.set(String(decoding: bytes, as: UTF8.self), i)
        }
        table.set(base, -1)
        #expect(table.count == base.utf8.count + 1)
        #expect(table[base] == -1)
    }

    @Test func canonicallyEquivalentSpellingsAreDifferentNames() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(composed == decomposed)  // equal as Swift strings
        var table = NameTable()
        table.set(composed, 1)
        #expect(table[decomposed] == nil)  // two NodeDef names
    }

    @Test func joinedNames() {
        #expect(NameJoin.scoped("", "MatMul") == "MatMul")
        #expect(NameJoin.scoped("gradients/dense_grad", "MatMul") == "gradients/dense_grad/MatMul")
        #expect(NameJoin.numbered("MatMul", 12) == "MatMul_12")
        #expect(NameJoin.scoped("ünï", "x") == "ünï/x")
        #expect(NameJoin.scoped("gradients", "dense/MatMul", suffix: "_grad") == "gradients/dense/MatMul_grad")
        #expect(NameJoin.scoped("", "MatMul", suffix: "_grad") == "MatMul_grad")
        #expect(NameJoin.scoped(String(repeating: "block/", count: 10) + "név", "x", suffix: "_grad")
                == String(repeating: "block/", count: 10) + "név/x_grad")
    }
}

/// The arena-backed name → integer table of a rewrite's indexes and name registry.
@Suite struct NameTableSpecification {
    @Test func keepsEveryNameThroughGrowth() {
        var table = NameTable(capacity: 4)
        for i in 0..<5000 { table.set("layer_\(i)/MatMul", i) }
        #expect(table.count == 5000)
        let missing = (0..<5000).filter { (i: Int) -> Bool in table["layer_" + String(i) + "/MatMul"] != i }
        #expect(missing.isEmpty)
        #expect(table["layer_5000/MatMul"] == nil)
        #expect(table["Layer_1/MatMul"] == nil)  // case matters without folding
    }

    @Test func firstInsertWinsAndSetReplaces() {
        var table = NameTable()
        #expect(table.insertIfAbsent("x", 1) == 1)
        #expect(table.insertIfAbsent("x", 2) == 1)
        #expect(table.set("x", 3) == 1)
        #expect(table["x"] == 3)
    }

    @Test func foldingCaseComparesLowercased() {
        var table = NameTable(foldingCase: true)
        table.set("Gradients/Layer_Norm/MatMul_grad", 1)
        table.set("ÄBC", 2)
        #expect(table["gradients/layer_norm/matmul_GRAD"] == 1)
        #expect(table["äbc"] == 2)
        #expect(table["gradients/layer_norm/matmul_grae"] == nil)
        #expect(table.count == 2)
    }

    @Test func copiesAreIndependent() {
        var original = NameTable()
        original.set("x", 1)
        var copy = original
        copy.set("x", 2)
        copy.set("y", 3)
        #expect(original["x"] == 1 && original["y"] == nil && original.count == 1)
        #expect(copy["x"] == 2 && copy["y"] == 3 && copy.count == 2)
    }
}
