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
