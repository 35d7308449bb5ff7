import GraphDiff
import GraphModel
import Testing

/// Attribute values print the way TensorFlow users read them.
@Suite struct AttrDisplayTests {
    static func floats(_ values: [Float], shape: [Int64]) -> AttrValue {
        .tensor(Tensor(dtype: .float32, shape: TensorShape(shape), content: values.withUnsafeBytes { Array($0) }))
    }

    static let large = floats((0..<24).map(Float.init), shape: [2, 3, 4])

    static let rows: [(AttrValue, String)] = [
        (.type(.float32), "float32"),
        (.type(DType.int64.asRef), "int64_ref"),
        (.shape(TensorShape([2, 3])), "[2,3]"),
        (.shape(TensorShape([-1, 3])), "[?,3]"),
        (.shape(.unknown), "<unknown>"),
        (.shape(TensorShape([])), "[]"),
        (.int(-7), "-7"),
        (.float(1e-5), "1e-05"),
        (.bool(true), "true"),
        (.string("NHWC"), "\"NHWC\""),
        (.string("a\"b\n"), "\"a\\\"b\\n\""),
        (AttrValue(.string([0xFF, 0x41])), "\"\\xff" + "A\""),
        (.ints([]), "[]"),
        (.strings(["loc:@w"]), "[\"loc:@w\"]"),
        (.list(AttrValue.ListValue(types: [.float32, .int32])), "[float32, int32]"),
        (.list(AttrValue.ListValue(shapes: [TensorShape([2]), .unknown])), "[[2], <unknown>]"),
        (AttrValue(.unset), "<unset>"),
        (.tensor(Tensor(dtype: .float32, shape: TensorShape([]), floatValues: [1])), "float32[] {1.0}"),
        (.tensor(Tensor(dtype: .int32, shape: TensorShape([3]), intValues: [0])), "int32[3] {0, 0, 0}"),
        (.tensor(Tensor(dtype: .bool, shape: TensorShape([2]), boolValues: [true, false])), "bool[2] {true, false}"),
        (.tensor(Tensor(dtype: .float64, shape: TensorShape([1]), doubleValues: [0.1])), "float64[1] {0.1}"),
        (floats([1.5, -2], shape: [2]), "float32[2] {1.5, -2.0}"),
        (.tensor(Tensor(dtype: .string, shape: TensorShape([1]), stringValues: [Array("ab".utf8)])),
         "string[1] {\"ab\"}"),
        (large, "float32[2,3,4] {0.0, 1.0, 2.0, 3.0, …} #" + ContentHash.hex(of: (0..<24).map(Float.init).withUnsafeBytes { Array($0) })),
    ]

    @Test(arguments: rows)
    func printsReadably(_ value: AttrValue, _ expected: String) {
        #expect(value.displayText() == expected)
    }

    @Test func hashIsStableAndSensitive() {
        #expect(ContentHash.hex(of: []) == ContentHash.hex(of: []))
        #expect(ContentHash.hex(of: Array(repeating: 0, count: 9)) != ContentHash.hex(of: Array(repeating: 0, count: 8)))
        #expect(ContentHash.hex(of: [1, 2, 3, 4, 5, 6, 7, 8, 9]) != ContentHash.hex(of: [1, 2, 3, 4, 5, 6, 7, 8, 10]))
        // Pinned: the hash appears in JSON that scripts compare across runs and machines.
        #expect(ContentHash.hex(of: Array("graphgrad".utf8)) == "8e6ab1df9b97fde7")
        #expect(ContentHash.hex(of: []) == "cbf29ce484222325")
    }
}
