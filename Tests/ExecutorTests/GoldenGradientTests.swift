import Executor
import Foundation
import GraphIO
import GraphModel
import NumpyIO
import Testing
import _TestSupport

/// Runs TensorFlow's own gradient graph (`tf_rewritten.pb`) for every case under
/// testdata/gradients and compares the ys and gradients with the values TF computed
/// (`tf_grads.npz`), so every op TF emits for a gradient is checked against TF.
/// Rerun one case: swift test --filter "tfRewrittenGraphMatchesTensorFlow" and look for its name.
struct GoldenGradientTests {
    /// Cases whose graphs need ops this executor deliberately does not implement.
    static let unsupported: [String: String] = [
        "while_v1_in_program": "TF1 control flow (Enter/Exit/Merge/Switch/NextIteration, stacks) is not supported",
        "second_order_fused_batch_norm_half": "the executor has no float16 tensors",
    ]

    static var cases: [String] {
        let root = TestData.url("gradients")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().filter { name in
            let dir = root.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("tf_grads.npz").path),
                  let spec = try? GradientSpec(dir.appendingPathComponent("spec.json")), spec.error == nil
            else { return false }
            return unsupported[name] == nil
        }
    }

    @Test("TF's rewritten gradient graph runs to TF's values", arguments: cases)
    func tfRewrittenGraphMatchesTensorFlow(_ name: String) throws {
        let dir = TestData.url("gradients/\(name)")
        let spec = try GradientSpec(dir.appendingPathComponent("spec.json"))
        let executor = Executor(graph: try GraphFile.read(dir.appendingPathComponent("tf_rewritten.pb").path))
        let feeds = try executor.feedSet(try NumpyFile.readArchive(dir.appendingPathComponent("feeds.npz").path)
            .map { ($0.key, try HostTensor($0.tensor)) })
        let expected = Dictionary(uniqueKeysWithValues: try NumpyFile.readArchive(dir.appendingPathComponent("tf_grads.npz").path)
            .map { ($0.key, try HostTensor($0.tensor)) })

        var fetches: [String] = spec.ys
        for result in spec.results {
            switch result.gradient {
            case .tensor(let t): fetches.append(t)
            case .slices(let values, let indices, let shape): fetches += [values, indices, shape]
            case .none: break
            }
        }
        let refs = try fetches.map { try executor.tensorRef($0) }
        let values = Dictionary(zip(fetches, try executor.run(fetches: refs, feeds: feeds)), uniquingKeysWith: { a, _ in a })

        var compared = 0
        for y in spec.ys {
            guard let want = expected[y], let got = values[y] else { continue }
            let problem = Tolerance.float32.mismatch(got, want)
            #expect(problem == nil, "case \(name): y \(y): \(problem ?? "")")
            compared += 1
        }
        for result in spec.results {
            let got: HostTensor
            switch result.gradient {
            case .tensor(let t): got = try #require(values[t])
            case .slices(let v, let i, let s):
                got = try HostTensor.dense(slices: try #require(values[v]), indices: try #require(values[i]), denseShape: try #require(values[s]))
            case .none: continue
            }
            let want = try #require(expected["grad:\(result.x)"], "case \(name): tf_grads.npz lacks grad:\(result.x)")
            let problem = Tolerance.float32.mismatch(got, want)
            #expect(problem == nil, "case \(name): gradient for \(result.x): \(problem ?? "")")
            compared += 1
        }
        #expect(compared > 0, "case \(name): nothing compared")
    }

    @Test("Every case is either run or listed as unsupported with a reason")
    func everyCaseIsAccountedFor() {
        #expect(Self.cases.count + Self.unsupported.count >= 160)
        for name in Self.unsupported.keys {
            #expect(FileManager.default.fileExists(atPath: TestData.url("gradients/\(name)").path), "stale entry \(name)")
        }
    }
}

/// The parts of a case's spec.json the golden test needs.
struct GradientSpec {
    enum Gradient {
        case tensor(String)
        case slices(values: String, indices: String, denseShape: String)
    }

    struct Result {
        var x: String
        var gradient: Gradient?
    }

    var ys: [String]
    var results: [Result]
    var error: String?

    init(_ url: URL) throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        ys = json["ys"] as? [String] ?? []
        if let e = json["error"], !(e is NSNull) { error = "\(e)" }
        results = (json["results"] as? [[String: Any]] ?? []).map { entry in
            let x = entry["x"] as? String ?? ""
            if let t = entry["gradient"] as? String { return Result(x: x, gradient: .tensor(t)) }
            if let s = entry["indexed_slices"] as? [String: String], let v = s["values"], let i = s["indices"], let d = s["dense_shape"] {
                return Result(x: x, gradient: .slices(values: v, indices: i, denseShape: d))
            }
            return Result(x: x, gradient: nil)
        }
    }
}
