import Executor
import Foundation
import GraphModel
import Testing

/// Digamma and polygamma against their closed forms (the oracle cases only sample x in [0.5, 2]):
/// the recurrence, the asymptotic series past 10, and the reflection for negative x.
struct GammaKernelTests {
    static let eulerGamma = 0.57721566490153286
    static let apery = 1.2020569031595942  // zeta(3)

    func run(_ op: String, _ inputs: [HostTensor]) throws -> [Double] {
        var nodes: [Node] = []
        for (i, _) in inputs.enumerated() {
            nodes.append(Node(name: "in\(i)", op: "Placeholder", attrs: ["dtype": .type(.float64)]))
        }
        nodes.append(Node(name: "y", op: op, inputs: inputs.indices.map { "in\($0)" }, attrs: ["T": .type(.float64)]))
        let executor = Executor(graph: Graph(nodes: nodes))
        var feeds: [String: HostTensor] = [:]
        for (i, t) in inputs.enumerated() { feeds["in\(i):0"] = t }
        return try #require(try executor.run(fetches: ["y:0"], feeds: feeds)[0].doubles)
    }

    @Test("Digamma: -gamma at 1, the harmonic recurrence, large and negative arguments")
    func digamma() throws {
        let x: [Double] = [1, 2, 0.5, 25, -0.5]
        let expected = [-Self.eulerGamma, 1 - Self.eulerGamma, -Self.eulerGamma - 2 * log(2.0),
                        3.1987425128519744, 0.03648997397857652]
        let got = try run("Digamma", [f64(x, [5])])
        for (g, e) in zip(got, expected) { #expect(abs(g - e) < 1e-12, "digamma: \(g) vs \(e)") }
    }

    @Test("Polygamma: trigamma(1) = pi^2/6, polygamma(2, 1) = -2 zeta(3), order 0 is digamma, trigamma(30) = pi^2/6 - sum 1/k^2 below 30")
    func polygamma() throws {
        let got = try run("Polygamma", [f64([1, 2, 0, 1], [4]), f64([1, 1, 1, 30], [4])])
        let expected = [Double.pi * Double.pi / 6, -2 * Self.apery, -Self.eulerGamma, 0.033895060357739926]
        for (g, e) in zip(got, expected) { #expect(abs(g - e) < 1e-12, "polygamma: \(g) vs \(e)") }
    }
}
