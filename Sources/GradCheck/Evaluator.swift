import Executor
import GraphCore
import GraphModel

/// Where a perturbation goes: a tensor override, or a resource variable's value (a
/// `VarHandleOp` output is a handle, so its x is the variable behind it).
enum PerturbTarget: Hashable, Sendable {
    case tensor(TensorRef)
    case variable(String)
}

/// Runs the float64 copy of the graph at the base point: the given feeds plus whatever had
/// to be generated, the latter added the first time a run asks for them.
final class Evaluator {
    let executor: Executor
    private(set) var feeds: FeedSet
    private var generator: FeedGenerator
    private(set) var forwardRuns = 0
    private let progress: (@Sendable (CheckProgress) -> Void)?
    private var lastReport = ContinuousClock.now

    /// `graph` is the user's graph: feeds are validated against it (so errors name the
    /// dtypes the user sees) before they are promoted to run in `graph64`.
    init(graph: Graph, graph64: Graph, feeds named: [(String, HostTensor)], seed: UInt64, progress: (@Sendable (CheckProgress) -> Void)?) throws(GradCheckError) {
        do {
            let original = Executor(graph: graph)
            _ = try original.run(fetches: [], feeds: try original.feedSet(named))
        } catch {
            throw .execution(error, task: "reading the feeds")
        }
        executor = Executor(graph: graph64)
        generator = FeedGenerator(graph: graph64, userGraph: graph, seed: seed)
        self.progress = progress
        var promoted: [(String, HostTensor)] = []
        for (name, value) in named {
            do {
                promoted.append((name, value.dtype == .float32 ? try value.cast(to: .float64) : value))
            } catch {
                throw .execution(error, task: "reading feed \(name)")
            }
        }
        do {
            feeds = try executor.feedSet(promoted)
        } catch {
            throw .execution(error, task: "reading the feeds")
        }
    }

    var generated: [GeneratedFeed] { generator.generated }

    /// Computes `fetches` at the base point with `overrides` on top, generating missing
    /// placeholders and variables on the way.
    func run(_ fetches: [TensorRef], overrides: FeedSet = FeedSet(), task: String) throws(GradCheckError) -> [HostTensor] {
        var attempts = 0
        while true {
            var merged = feeds
            merged.tensors.merge(overrides.tensors) { _, new in new }
            merged.variables.merge(overrides.variables) { _, new in new }
            do {
                return try executor.run(fetches: fetches, feeds: merged)
            } catch {
                attempts += 1
                guard attempts <= executor.graph.nodes.count else { throw .execution(error, task: task) }
                switch error {
                case .missingFeed(let node, _):
                    feeds.tensors[TensorRef(node: node)] = try generator.placeholder(node)
                case .uninitializedVariable(let node, _):
                    feeds.variables[node] = try generator.variable(node)
                default:
                    throw .execution(error, task: task)
                }
            }
        }
    }

    /// One finite-difference evaluation: counted, and reported now and then.
    func forward(_ fetches: [TensorRef], overrides: FeedSet, done: Int, total: Int, phase: String) throws(GradCheckError) -> [HostTensor] {
        forwardRuns += 1
        if let progress, ContinuousClock.now - lastReport > .seconds(1) {
            lastReport = ContinuousClock.now
            progress(CheckProgress(phase: phase, done: done, total: total))
        }
        return try run(fetches, overrides: overrides, task: "running the perturbed forward graph (\(phase))")
    }

    /// Feeds `name` with `value` from now on.
    func setVariable(_ name: String, _ value: HostTensor) { feeds.variables[name] = value }

    /// The current value of resource variable `name`: fed, else read through any
    /// `ReadVariableOp` of it (which runs its initializer or generates a value).
    func variableValue(_ name: String) throws(GradCheckError) -> HostTensor {
        if let value = feeds.variables[name] { return value }
        let reader = executor.graph.nodes.first { node in
            node.op == "ReadVariableOp" && node.dataInputs.first.flatMap(TensorRef.init(parsing:)) == TensorRef(node: name)
        }
        guard let reader else {
            let value = try generator.variable(name)
            feeds.variables[name] = value
            return value
        }
        return try run([TensorRef(node: reader.name)], task: "reading variable \(name)")[0]
    }
}

extension FeedSet {
    /// Sets `target` to float64 `values` of `shape`.
    mutating func set(_ target: PerturbTarget, _ values: [Double], shape: [Int]) {
        let tensor = HostTensor.float64Unchecked(values, shape: shape)
        switch target {
        case .tensor(let ref): tensors[ref] = tensor
        case .variable(let name): variables[name] = tensor
        }
    }
}

extension HostTensor {
    /// `values.count` always equals the product of `shape` here: the values are a copy of a
    /// tensor of that shape.
    static func float64Unchecked(_ values: [Double], shape: [Int]) -> HostTensor {
        (try? HostTensor.float64(values, shape: shape)) ?? HostTensor.scalar(Double.nan)
    }
}
