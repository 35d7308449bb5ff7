import Executor
import GraphCore
import GraphModel

/// Seeded values for placeholders and variables nobody fed, chosen to be valid for the ops
/// that consume them: floats are drawn away from 0 (clear of the kinks of Relu, Abs, Sign),
/// and positive where a consumer needs it (Log, Sqrt, a divisor).
struct FeedGenerator {
    let graph: Graph
    let index: GraphIndex
    /// The graph before promotion, whose dtypes the report names.
    let userIndex: GraphIndex
    let seed: UInt64
    private(set) var generated: [GeneratedFeed] = []
    private var consumers: [String: [(node: Node, slot: Int)]] = [:]

    /// Unknown dimensions of a declared shape become this size.
    static let unknownDimension = 2

    /// Ops that need a positive input (in the given slot; nil for every slot).
    static let positiveDomain: [String: Int?] = [
        "Log": nil, "Sqrt": nil, "Rsqrt": nil, "Reciprocal": nil, "Inv": nil, "Pow": 0, "Lgamma": nil,
        "Digamma": nil, "RealDiv": 1, "Div": 1, "DivNoNan": 1, "FloorDiv": 1, "Xdivy": 1, "Xlogy": 1,
    ]
    /// Ops whose output carries their input's values, so a domain requirement passes through.
    static let valuePreserving: Set<String> = [
        "Identity", "Snapshot", "ReadVariableOp", "Reshape", "ExpandDims", "Squeeze", "Transpose", "Tile",
        "ConcatV2", "Pack", "Unpack", "Split", "SplitV", "Slice", "StridedSlice", "GatherV2", "Gather",
        "ResourceGather", "BroadcastTo", "Pad", "MirrorPad", "Max", "Min", "Maximum", "Minimum", "IdentityN",
    ]

    init(graph: Graph, userGraph: Graph, seed: UInt64) {
        self.graph = graph
        self.index = GraphIndex(graph)
        self.userIndex = GraphIndex(userGraph)
        self.seed = seed
        for node in graph.nodes {
            for (slot, input) in node.dataInputs.enumerated() {
                guard let ref = TensorRef(parsing: input) else { continue }
                consumers[ref.node, default: []].append((node, slot))
            }
        }
    }

    mutating func placeholder(_ name: String) throws(GradCheckError) -> HostTensor {
        guard let node = index.node(named: name) else {
            throw .cannotGenerateFeed(node: name, op: "?", reason: "no such node")
        }
        return try generate(for: node, key: "\(name):0")
    }

    mutating func variable(_ name: String) throws(GradCheckError) -> HostTensor {
        guard let node = index.node(named: name) else {
            throw .cannotGenerateFeed(node: name, op: "?", reason: "no such node")
        }
        return try generate(for: node, key: name)
    }

    private mutating func generate(for node: Node, key: String) throws(GradCheckError) -> HostTensor {
        guard let dtype = node.attrs["dtype"]?.typeValue?.base else {
            throw .cannotGenerateFeed(node: node.name, op: node.op, reason: "it declares no dtype")
        }
        guard let sizes = node.attrs["shape"]?.shapeValue?.sizes else {
            throw .cannotGenerateFeed(node: node.name, op: node.op, reason: "its shape is unknown")
        }
        let shape = sizes.map { $0 < 0 ? Self.unknownDimension : Int($0) }
        let count = shape.reduce(1, *)
        guard count <= 1 << 24 else {
            throw .cannotGenerateFeed(node: node.name, op: node.op, reason: "shape \(GradCheckError.describe(shape)) is too large to fill")
        }
        var random = SeededRandom(seed: seed, stream: key)
        let value: HostTensor
        let distribution: String
        do {
            if dtype.isFloatingPoint {
                let positive = needsPositive(node.name)
                let values = (0..<count).map { _ -> Double in
                    positive ? 0.5 + random.unit() : (0.25 + 0.75 * random.unit()) * (random.next() & 1 == 0 ? 1 : -1)
                }
                distribution = positive ? "uniform [0.5, 1.5)" : "uniform ±[0.25, 1)"
                value = try HostTensor.float64(values, shape: shape)
            } else if dtype == .int32 || dtype == .int64 || dtype.isInteger {
                // Small non-negative integers are valid indices, labels and counts for typical graphs.
                let values = (0..<count).map { _ in Double(random.next() % 2) }
                distribution = "integers in {0, 1}"
                value = try HostTensor.float64(values, shape: shape).cast(to: dtype == .int64 ? .int64 : .int32)
            } else if dtype == .bool {
                value = try HostTensor.bool((0..<count).map { _ in random.next() & 1 == 1 }, shape: shape)
                distribution = "random booleans"
            } else {
                throw GradCheckError.cannotGenerateFeed(node: node.name, op: node.op, reason: "dtype \(dtype) cannot be generated")
            }
        } catch let error as GradCheckError {
            throw error
        } catch {
            throw .cannotGenerateFeed(node: node.name, op: node.op, reason: "\(error)")
        }
        let userDType = userIndex.node(named: node.name)?.attrs["dtype"]?.typeValue?.base ?? dtype
        generated.append(GeneratedFeed(name: key, dtype: userDType, shape: shape, distribution: distribution))
        return value
    }

    /// Whether any consumer reached through value-preserving ops needs positive values.
    private func needsPositive(_ name: String) -> Bool {
        var frontier = [name]
        var seen: Set<String> = [name]
        while let current = frontier.popLast() {
            for (consumer, slot) in consumers[current] ?? [] {
                if let required = Self.positiveDomain[consumer.op], required == nil || required == slot { return true }
                if Self.valuePreserving.contains(consumer.op), seen.insert(consumer.name).inserted {
                    frontier.append(consumer.name)
                }
            }
        }
        return false
    }
}
