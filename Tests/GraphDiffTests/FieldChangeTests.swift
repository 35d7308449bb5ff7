import GraphDiff
import GraphModel
import Testing

/// Each kind of node change is detected, reported as one field change and printed as one line.
@Suite struct FieldChangeTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var label: String
        var mutate: @Sendable (inout Node) -> Void
        var expected: [FieldChange]
        var lines: [String]
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        Row(label: "op", mutate: { $0.op = "BatchMatMulV2" },
            expected: [.op(before: "MatMul", after: "BatchMatMulV2")],
            lines: ["op: MatMul → BatchMatMulV2"]),
        Row(label: "data input order", mutate: { $0.inputs = ["w", "x", "^init", "^barrier"] },
            expected: [.dataInput(index: 0, before: "x", after: "w"), .dataInput(index: 1, before: "w:0", after: "x")],
            lines: ["input 0: x → w", "input 1: w:0 → x"]),
        Row(label: "data input added", mutate: { $0.inputs.insert("bias:1", at: 2) },
            expected: [.dataInput(index: 2, before: nil, after: "bias:1")],
            lines: ["input 2: (absent) → bias:1"]),
        Row(label: "control input added", mutate: { $0.inputs.append("^extra") },
            expected: [.controlInputs(before: ["init", "barrier"], after: ["init", "barrier", "extra"])],
            lines: ["control inputs: +^extra"]),
        Row(label: "control input removed", mutate: { $0.inputs.removeLast() },
            expected: [.controlInputs(before: ["init", "barrier"], after: ["init"])],
            lines: ["control inputs: -^barrier"]),
        Row(label: "control input order", mutate: { $0.inputs = ["x", "w:0", "^barrier", "^init"] },
            expected: [.controlInputs(before: ["init", "barrier"], after: ["barrier", "init"])],
            lines: ["control inputs reordered: ^init, ^barrier → ^barrier, ^init"]),
        Row(label: "device", mutate: { $0.device = "/device:GPU:0" },
            expected: [.device(before: "/device:CPU:0", after: "/device:GPU:0")],
            lines: ["device: \"/device:CPU:0\" → \"/device:GPU:0\""]),
        Row(label: "attr type", mutate: { $0.attrs["T"] = .type(.float64) },
            expected: [.attr(name: "T", before: .type(.float32), after: .type(.float64))],
            lines: ["attr T: float32 → float64"]),
        Row(label: "attr bool", mutate: { $0.attrs["transpose_a"] = .bool(true) },
            expected: [.attr(name: "transpose_a", before: .bool(false), after: .bool(true))],
            lines: ["attr transpose_a: false → true"]),
        Row(label: "attr string", mutate: { $0.attrs["padding"] = .string("VALID") },
            expected: [.attr(name: "padding", before: .string("SAME"), after: .string("VALID"))],
            lines: ["attr padding: \"SAME\" → \"VALID\""]),
        Row(label: "attr int", mutate: { $0.attrs["axis"] = .int(-1) },
            expected: [.attr(name: "axis", before: .int(1), after: .int(-1))],
            lines: ["attr axis: 1 → -1"]),
        Row(label: "attr float", mutate: { $0.attrs["alpha"] = .float(0.25) },
            expected: [.attr(name: "alpha", before: .float(0.5), after: .float(0.25))],
            lines: ["attr alpha: 0.5 → 0.25"]),
        Row(label: "attr shape list", mutate: { $0.attrs["_output_shapes"] = .list(AttrValue.ListValue(shapes: [TensorShape([-1, 3])])) },
            expected: [.attr(name: "_output_shapes", before: .list(AttrValue.ListValue(shapes: [TensorShape([2, 3])])),
                             after: .list(AttrValue.ListValue(shapes: [TensorShape([-1, 3])])))],
            lines: ["attr _output_shapes: [[2,3]] → [[?,3]]"]),
        Row(label: "attr int list", mutate: { $0.attrs["strides"] = .ints([1, 1, 1, 1]) },
            expected: [.attr(name: "strides", before: .ints([1, 2, 2, 1]), after: .ints([1, 1, 1, 1]))],
            lines: ["attr strides: [1, 2, 2, 1] → [1, 1, 1, 1]"]),
        Row(label: "attr shape", mutate: { $0.attrs["shape"] = .shape(TensorShape([2, 3])) },
            expected: [.attr(name: "shape", before: nil, after: .shape(TensorShape([2, 3])))],
            lines: ["attr shape: (absent) → [2,3]"]),
        Row(label: "attr tensor", mutate: { $0.attrs["value"] = .tensor(Tensor(dtype: .float32, shape: TensorShape([2]), floatValues: [1, 3])) },
            expected: [.attr(name: "value", before: .tensor(Tensor(dtype: .float32, shape: TensorShape([2]), floatValues: [1, 2])),
                             after: .tensor(Tensor(dtype: .float32, shape: TensorShape([2]), floatValues: [1, 3])))],
            lines: ["attr value: float32[2] {1.0, 2.0} → float32[2] {1.0, 3.0}"]),
        Row(label: "attr function", mutate: { $0.attrs["f"] = AttrValue(.function(NameAttrList(name: "body", attrs: ["T": .type(.int32)]))) },
            expected: [.attr(name: "f", before: nil, after: AttrValue(.function(NameAttrList(name: "body", attrs: ["T": .type(.int32)]))))],
            lines: ["attr f: (absent) → body{T=int32}"]),
        Row(label: "attr placeholder", mutate: { $0.attrs["T"] = AttrValue(.placeholder("dtype")) },
            expected: [.attr(name: "T", before: .type(.float32), after: AttrValue(.placeholder("dtype")))],
            lines: ["attr T: float32 → placeholder(dtype)"]),
        Row(label: "attr removed", mutate: { $0.attrs["axis"] = nil },
            expected: [.attr(name: "axis", before: .int(1), after: nil)],
            lines: ["attr axis: 1 → (absent)"]),
        Row(label: "debug info", mutate: { $0.debugInfo = NodeDebugInfo(originalNodeNames: ["old"]) },
            expected: [.opaque(field: "experimental_debug_info")],
            lines: ["experimental_debug_info differs"]),
        Row(label: "several fields, fixed order", mutate: { $0.device = ""; $0.op = "MatMulV2"; $0.attrs["T"] = .type(.float16) },
            expected: [.op(before: "MatMul", after: "MatMulV2"), .device(before: "/device:CPU:0", after: ""),
                       .attr(name: "T", before: .type(.float32), after: .type(.float16))],
            lines: ["op: MatMul → MatMulV2", "device: \"/device:CPU:0\" → \"\"", "attr T: float32 → float16"]),
    ]

    @Test(arguments: rows)
    func detectsAndPrints(_ row: Row) {
        var changed = Fixtures.node
        row.mutate(&changed)
        let difference = GraphDiff.compare(Fixtures.smallGraph(), Fixtures.smallGraph(replacing: changed))
        #expect(difference.added.isEmpty && difference.removed.isEmpty)
        #expect(difference.changed == [NodeChange(name: "layer/mm", op: changed.op, fields: row.expected)])
        #expect(row.expected.map(TextDiffRenderer.describe) == row.lines)
        let text = TextDiffRenderer().render(difference)
        for line in row.lines { #expect(text.contains("\n      " + line + "\n"), "missing line \(line) in\n\(text)") }
    }

    @Test func outputZeroSpelledOutIsNoChange() {
        var changed = Fixtures.node
        changed.inputs = ["x:0", "w", "^init", "^barrier"]
        #expect(GraphDiff.compare(Fixtures.smallGraph(), Fixtures.smallGraph(replacing: changed)).isEmpty)
    }

    @Test func ignoredDeviceAndAttrsAreNotChanges() {
        var changed = Fixtures.node
        changed.device = "/device:GPU:3"
        changed.attrs["_output_shapes"] = nil
        changed.attrs["_class"] = .strings(["loc:@w"])
        let options = DiffOptions(ignoredAttrs: ["_output_shapes", "_class"], ignoreDevice: true)
        #expect(GraphDiff.compare(Fixtures.smallGraph(), Fixtures.smallGraph(replacing: changed), options: options).isEmpty)
        #expect(GraphDiff.compare(Fixtures.smallGraph(), Fixtures.smallGraph(replacing: changed)).changed.count == 1)
    }

    @Test func sameValuesInOtherEncodingShowTheStorage() {
        var changed = Fixtures.node
        let bytes = [Float(1), 2].withUnsafeBytes { Array($0) }
        changed.attrs["value"] = .tensor(Tensor(dtype: .float32, shape: TensorShape([2]), content: bytes))
        let difference = GraphDiff.compare(Fixtures.smallGraph(), Fixtures.smallGraph(replacing: changed))
        let line = difference.changed.first?.fields.first.map(TextDiffRenderer.describe) ?? ""
        #expect(line.contains("(float_val ×2)") && line.contains("(tensor_content 8 bytes)"), "\(line)")
    }
}

/// Tensor values are compared by their stored bytes without decoding; every byte and every
/// other `TensorProto` field still counts.
@Suite struct TensorComparisonTests {
    static let weights: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }

    static func constant(_ tensor: Tensor) -> Graph {
        Fixtures.graph([Node(name: "w", op: "Const", attrs: ["value": .tensor(tensor), "dtype": .type(tensor.dtype)])])
    }

    static let base = Tensor(dtype: .float32, shape: TensorShape([1024]), content: weights)

    static let rows: [(String, Tensor, Bool)] = [
        ("same bytes in another buffer", Tensor(dtype: .float32, shape: TensorShape([1024]), content: Array(weights)), false),
        ("last byte differs", Tensor(dtype: .float32, shape: TensorShape([1024]), content: weights.dropLast() + [0xEE]), true),
        ("first byte differs", Tensor(dtype: .float32, shape: TensorShape([1024]), content: [0xEE] + weights.dropFirst()), true),
        ("shorter content", Tensor(dtype: .float32, shape: TensorShape([1024]), content: Array(weights.dropLast(4))), true),
        ("same bytes, other shape", Tensor(dtype: .float32, shape: TensorShape([32, 32]), content: weights), true),
        ("same bytes, other dtype", Tensor(dtype: .int32, shape: TensorShape([1024]), content: weights), true),
        ("typed values instead", Tensor(dtype: .float32, shape: TensorShape([1024]), floatValues: [0]), true),
    ]

    @Test(arguments: rows)
    func detectsByteDifferences(_ label: String, _ other: Tensor, _ differs: Bool) {
        let difference = GraphDiff.compare(Self.constant(Self.base), Self.constant(other))
        #expect(difference.isEmpty == !differs, "\(label)")
        #expect(difference.changed.first?.fields.contains { $0.field == "attr" } ?? false == differs)
    }
}
