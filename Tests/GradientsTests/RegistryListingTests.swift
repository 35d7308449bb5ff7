@testable import GraphCore
@testable import Gradients
import Testing

/// Each op appears once across a registry's per-family tables: a second entry would silently
/// replace the first (an op table keeps the later one), as a stale rank-only shape function
/// for MirrorPadGrad once hid the exact one.
@Suite struct RegistryListing {
    static func repeated(_ names: [String]) -> [String] {
        var seen = Set<String>(), repeats: [String] = []
        for name in names where !seen.insert(name).inserted { repeats.append(name) }
        return repeats
    }

    @Test func everyGradientRuleIsListedOnce() {
        #expect(Self.repeated(GradientRegistry.entries.flatMap(\.0)) == [])
    }

    @Test func everyShapeFunctionIsListedOnce() {
        #expect(Self.repeated(ShapeFunctions.entries.flatMap(\.0)) == [])
    }
}
