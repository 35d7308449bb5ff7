import GraphCore
import Testing

/// TF's unique-name rules (spec §2.1): case-insensitive, prefixes of existing names reserved.
@Suite struct NameRegistrySpecification {
    struct Row: Sendable, CustomStringConvertible {
        var existing: [String]
        var request: String
        var expected: String
        var description: String { "\(existing) + \(request) -> \(expected)" }
    }

    static let rows: [Row] = [
        Row(existing: ["gradients"], request: "gradients", expected: "gradients_1"),
        Row(existing: ["gradients/Shape"], request: "gradients", expected: "gradients_1"),
        Row(existing: ["Gradients"], request: "gradients", expected: "gradients_1"),
        Row(existing: ["gradients", "gradients_1"], request: "gradients", expected: "gradients_2"),
        Row(existing: ["gradients_1"], request: "gradients", expected: "gradients"),
        Row(existing: ["gradients", "gradients_2"], request: "gradients", expected: "gradients_1"),
        Row(existing: ["foo_1"], request: "foo_1", expected: "foo_1_1"),
        Row(existing: ["Mul"], request: "mul", expected: "mul_1"),
        // Names longer than a machine word, differing only in case past the first word.
        Row(existing: ["Gradients/Layer_Norm/MatMul_grad"], request: "gradients/layer_norm/matmul_grad",
            expected: "gradients/layer_norm/matmul_grad_1"),
        Row(existing: ["scope_with_a_long_name/MatMul"], request: "Scope_With_A_Long_Name",
            expected: "Scope_With_A_Long_Name_1"),
        Row(existing: ["layer_norm/matmul_grad"], request: "layer_norm/matmul_grae", expected: "layer_norm/matmul_grae"),
        // Non-ASCII names compare after full lowercasing, as Python's str.lower().
        Row(existing: ["ÄBC"], request: "äbc", expected: "äbc_1"),
        Row(existing: ["Ünïcode/Scope"], request: "ünïcode", expected: "ünïcode_1"),
    ]

    @Test(arguments: rows)
    func uniqueNames(_ row: Row) {
        var registry = NameRegistry(existingNames: row.existing)
        #expect(registry.unique(row.request) == row.expected)
    }

    @Test func repeatedRequestsCountUp() {
        var registry = NameRegistry()
        #expect(["a", "a", "a"].map { registry.unique($0) } == ["a", "a_1", "a_2"])
    }
}
