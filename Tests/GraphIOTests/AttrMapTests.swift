import GraphIO
import GraphModel
import Testing

/// A node's attribute map behaves as a dictionary from name to value whose entries are kept
/// in the order TensorFlow serializes map entries.
@Suite struct AttrMapSpecification {
    @Test func entriesFollowTensorFlowsSerializationOrder() {
        // Bytewise, except that a key comes after every longer key it is a prefix of.
        let attrs: AttrMap = ["seed": .int(1), "_class": .int(2), "T": .int(3), "seed2": .int(4), "Tidx": .int(5), "dtype": .int(6)]
        #expect(attrs.keys == ["Tidx", "T", "_class", "dtype", "seed2", "seed"])
    }

    @Test func insertionOrderDoesNotMatter() {
        var a = AttrMap()
        a["use_cudnn_on_gpu"] = .bool(true)
        a["T"] = .type(.float32)
        a["explicit_paddings"] = .list(AttrValue.ListValue(ints: [1, 2]))
        var b = AttrMap()
        b["explicit_paddings"] = .list(AttrValue.ListValue(ints: [1, 2]))
        b["use_cudnn_on_gpu"] = .bool(true)
        b["T"] = .type(.float32)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Array(a.keys) == Array(b.keys))
    }

    @Test func aRepeatedKeyInALiteralKeepsItsLastValue() {
        let attrs: AttrMap = ["T": .type(.float32), "N": .int(2), "T": .type(.int32)]
        #expect(attrs.count == 2)
        #expect(attrs["T"] == .type(.int32))
        let scattered: AttrMap = ["b": .int(1), "a": .int(2), "b": .int(3), "c": .int(4), "a": .int(5), "seed": .int(6), "seed2": .int(7), "seed": .int(8)]
        #expect(Array(scattered.keys) == ["a", "b", "c", "seed2", "seed"])
        #expect(scattered.values == [.int(5), .int(3), .int(4), .int(7), .int(8)])
    }

    @Test func lookupsCompareWholeKeys() {
        // Same length, one byte apart; long keys are not stored inline in the string.
        let attrs: AttrMap = ["strides": .int(1), "padding": .int(2), "data_format_with_a_long_name": .int(3)]
        #expect(attrs["strides"] == .int(1))
        #expect(attrs["stridez"] == nil)
        #expect(attrs["data_format_with_a_long_name"] == .int(3))
        #expect(attrs["data_format_with_a_long_namE"] == nil)
        #expect(attrs[""] == nil)
    }

    @Test func assigningReplacesAndNilRemoves() {
        var attrs: AttrMap = ["T": .type(.float32), "N": .int(2)]
        attrs["T"] = .type(.float64)
        #expect(attrs["T"] == .type(.float64))
        #expect(attrs.count == 2)
        attrs["N"] = nil
        #expect(attrs.keys == ["T"])
        #expect(attrs.removeValue(forKey: "T") == .type(.float64))
        #expect(attrs.isEmpty)
        #expect(attrs == [:])
    }

    @Test func aDictionaryConvertsEntryForEntry() {
        let dictionary: [String: AttrValue] = ["b": .int(2), "a": .int(1), "c": .int(3)]
        let attrs = AttrMap(dictionary)
        #expect(attrs.keys == ["a", "b", "c"])
        #expect(Dictionary(uniqueKeysWithValues: attrs.map { ($0.key, $0.value) }) == dictionary)
    }

    @Test func attributesReadOutOfOrderAreWrittenInOrder() throws {
        // attr entries `b` then `a` (NodeDef field 5, entries of key 1 and value 2 = AttrValue.i 3).
        func entry(_ key: UInt8, _ i: UInt8) -> [UInt8] { [5 << 3 | 2, 7, 1 << 3 | 2, 1, key, 2 << 3 | 2, 2, 3 << 3, i] }
        let nodeDef: [UInt8] = [1 << 3 | 2, 1, UInt8(ascii: "n"), 2 << 3 | 2, 1, UInt8(ascii: "X")]
            + entry(UInt8(ascii: "b"), 2) + entry(UInt8(ascii: "a"), 1)
        let file: [UInt8] = [1 << 3 | 2, UInt8(nodeDef.count)] + nodeDef
        var graph = try GraphDecoder.decode(file)
        #expect(graph.nodes[0].attrs.keys == ["a", "b"])
        graph.source = nil  // re-encode rather than copy the input's bytes
        let written = try GraphEncoder.encode(graph)
        let reordered: [UInt8] = [1 << 3 | 2, 1, UInt8(ascii: "n"), 2 << 3 | 2, 1, UInt8(ascii: "X")]
            + entry(UInt8(ascii: "a"), 1) + entry(UInt8(ascii: "b"), 2)
        #expect(written == [1 << 3 | 2, UInt8(reordered.count)] + reordered)
    }
}
