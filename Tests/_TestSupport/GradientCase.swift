import Foundation
import GraphIO
import GraphModel
import Gradients

/// One TensorFlow oracle case under `testdata/gradients/<name>/` (see tools/make_gradient_cases.py).
public struct GradientCase: Sendable, CustomStringConvertible {
    public struct Spec: Decodable, Sendable {
        public struct Result: Decodable, Sendable {
            public struct Slices: Decodable, Sendable {
                public var values: String
                public var indices: String
                public var dense_shape: String
            }
            public var x: String
            public var gradient: String?
            public var indexed_slices: Slices?
        }
        public struct Failure: Decodable, Sendable {
            public var type: String
            public var message: String
        }
        public var description: String
        public var ys: [String]
        public var xs: [String]
        public var grad_ys: [String?]?
        public var name: String?
        public var colocate_gradients_with_ops: Bool
        public var gate_gradients: Bool
        public var aggregation_method: String?
        public var stop_gradients: [String]
        public var results: [Result]?
        public var error: Failure?
    }

    public var name: String
    public var directory: URL
    public var spec: Spec

    public var description: String { name }

    public static func all() -> [GradientCase] {
        let root = TestData.url("gradients")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let dir = root.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: dir.appendingPathComponent("spec.json")),
                  let spec = try? JSONDecoder().decode(Spec.self, from: data) else { return nil }
            return GradientCase(name: name, directory: dir, spec: spec)
        }
    }

    public var forwardPath: String { directory.appendingPathComponent("forward.pb").path }
    public var tfRewrittenPath: String { directory.appendingPathComponent("tf_rewritten.pb").path }

    public var request: GradientRequest {
        func ref(_ s: String) -> TensorRef { TensorRef(parsing: s) ?? TensorRef(node: s) }
        return GradientRequest(
            ys: spec.ys.map(ref), xs: spec.xs.map(ref),
            gradYs: spec.grad_ys.map { $0.map { $0.map(ref) } },
            name: spec.name ?? "gradients",
            colocateGradientsWithOps: spec.colocate_gradients_with_ops,
            gateGradients: spec.gate_gradients,
            aggregationMethod: spec.aggregation_method.flatMap(AggregationMethod.init(rawValue:)) ?? .addN,
            stopGradients: spec.stop_gradients.map(ref))
    }

    /// TF's results in our result type.
    public var expectedResults: [GradientResult] {
        (spec.results ?? []).map { r in
            if let s = r.indexed_slices {
                return .indexedSlices(values: TensorRef(parsing: s.values)!, indices: TensorRef(parsing: s.indices)!,
                                      denseShape: TensorRef(parsing: s.dense_shape)!)
            }
            return r.gradient.flatMap(TensorRef.init(parsing:)).map(GradientResult.tensor) ?? .none
        }
    }
}

/// Compares the nodes a rewrite added with the nodes TensorFlow added, in order:
/// names, ops, inputs (data and control, in order), devices and every attribute.
public enum AddedNodeComparison {
    public static func differences(ours: Graph, theirs: Graph, forward: Graph) -> [String] {
        let existing = Set(forward.nodes.map(\.name))
        let a = ours.nodes.filter { !existing.contains($0.name) }
        let b = theirs.nodes.filter { !existing.contains($0.name) }
        var diffs: [String] = []
        if a.map(\.name) != b.map(\.name) {
            let firstMismatch = Array(zip(a, b)).firstIndex { $0.name != $1.name } ?? min(a.count, b.count)
            diffs.append("node names differ at #\(firstMismatch): ours \(a.count) nodes [\(a[safe: firstMismatch]?.name ?? "-")], TF \(b.count) nodes [\(b[safe: firstMismatch]?.name ?? "-")]")
        }
        let theirsByName = Dictionary(b.map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
        for node in a {
            guard let other = theirsByName[node.name] else { continue }
            if node.op != other.op { diffs.append("\(node.name): op \(node.op) vs TF \(other.op)") }
            if node.inputs != other.inputs { diffs.append("\(node.name): inputs \(node.inputs) vs TF \(other.inputs)") }
            if node.device != other.device { diffs.append("\(node.name): device '\(node.device)' vs TF '\(other.device)'") }
            if node.experimentalType != other.experimentalType {
                diffs.append("\(node.name): experimental_type \(String(describing: node.experimentalType)) vs TF \(String(describing: other.experimentalType))")
            }
            for key in Set(node.attrs.keys).union(other.attrs.keys).sorted() where node.attrs[key] != other.attrs[key] {
                diffs.append("\(node.name): attr \(key) \(brief(node.attrs[key])) vs TF \(brief(other.attrs[key]))")
            }
        }
        return diffs
    }

    static func brief(_ value: AttrValue?) -> String {
        guard let value else { return "<absent>" }
        switch value.kind {
        case .tensor(let t):
            return "tensor(\(t.dtype) \(t.shape) hasShape=\(t.hasShape) vals=\(t.doubleValuesForTest) content=\(t.content.count)B)"
        default: return "\(value.kind)"
        }
    }
}

extension Tensor {
    var doubleValuesForTest: String {
        "\(floatValues)\(intValues)\(doubleValues)\(int64Values)\(boolValues)"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
