import GraphCore
import GraphModel

/// `tf.gradients` on a `Graph`: returns a new graph with the gradient subgraph appended
/// under the root name scope, node for node what TensorFlow would add.
public enum GradientRewriter {
    /// Does the one-time set-up of a process's first pass now rather than on first use, so
    /// a caller can overlap it with other work (reading the input file): builds the gradient
    /// and shape registries and differentiates a miniature graph (`WarmUpGraph`), which
    /// instantiates the type metadata and maps in the code a pass runs.
    public static func prepare() {
        _ = GradientRegistry.rules.count
        _ = ShapeFunctions.table.count
        _ = try? rewrite(WarmUpGraph.graph, WarmUpGraph.request, teardown: .background)
    }

    /// Imports `graph` and runs the pass on it; see `rewrite(_:_:teardown:progress:)` on an
    /// `ImportedGraph` to do the two steps apart.
    public static func rewrite(_ graph: consuming Graph, _ request: GradientRequest, teardown: PassTeardown = .background,
                               progress: ((RewriteProgress) -> Void)? = nil) throws(GradientError) -> GradientRewrite {
        try rewrite(ImportedGraph(graph), request, teardown: teardown, progress: progress)
    }

    /// `progress` hears about long passes about once a second. `teardown` says what becomes
    /// of the pass's indexes and tables once the result is built.
    public static func rewrite(_ graph: consuming ImportedGraph, _ request: GradientRequest, teardown: PassTeardown = .background,
                               progress: ((RewriteProgress) -> Void)? = nil) throws(GradientError) -> GradientRewrite {
        let b = graph.builder
        var output = graph.envelope
        // Every name the pass creates starts with the requested root (a verbatim "a/" root
        // with "a/"), so only existing names with that prefix need registering.
        b.registerNames(relevantTo: request.name ?? "gradients")
        try validate(request, builder: b)

        let root = try openRootScope(request.name, builder: b)
        b.scope = root
        let seeds = try makeSeeds(request, builder: b)

        var backprop = Backprop(builder: b, request: request, progress: progress)
        let results = try backprop.run(seeds: seeds, graph: graph.edges)

        output.nodes = b.finish()
        let added = output.nodes.count - b.originalCount
        teardown.dispose(of: b, graph.edges, consume backprop)
        return GradientRewrite(graph: output, results: results, nodesAdded: added)
    }

    /// §2.2: `name` uniquified, verbatim when it ends in "/", nothing for "".
    static func openRootScope(_ name: String?, builder b: GraphBuilder) throws(GradientError) -> String {
        let requested = name ?? "gradients"
        let root: String
        if requested.isEmpty {
            root = ""
        } else if requested.hasSuffix("/") {
            root = String(requested.dropLast())
        } else {
            guard isValidScopeName(requested) else { throw .invalidName(requested) }
            root = b.names.unique(requested)
        }
        b.names.reserve(root.isEmpty ? "uid" : root + "/uid")
        return root
    }

    private static func isValidScopeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first,
              first.properties.isASCIIHexDigit || ("A"..."Z").contains(first) || ("a"..."z").contains(first) || first == "." else { return false }
        return name.unicodeScalars.allSatisfy { c in
            ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || "._-/>".unicodeScalars.contains(c)
        }
    }

    private static func validate(_ request: GradientRequest, builder b: GraphBuilder) throws(GradientError) {
        for t in request.ys + request.xs + request.stopGradients + (request.gradYs ?? []).compactMap({ $0 }) {
            try checkExists(t, builder: b)
        }
        if let gradYs = request.gradYs, gradYs.count != request.ys.count {
            throw .gradYsLengthMismatch(gradYs: gradYs.count, ys: request.ys.count)
        }
        for (i, y) in request.ys.enumerated() {
            let yType = b.dtype(y)
            guard let seed = request.gradYs?[i] ?? nil else {
                if yType.isComplex { throw .complexWithoutSeed(y: y, dtype: yType) }
                continue
            }
            let seedType = b.dtype(seed)
            if seedType != yType { throw .seedTypeMismatch(y: y, yType: yType, seed: seed, seedType: seedType) }
        }
    }

    private static func checkExists(_ t: TensorRef, builder b: GraphBuilder) throws(GradientError) {
        // One lookup by name per tensor: requests can name tens of thousands of variables.
        guard let position = b.position(of: t.node) else {
            throw .unknownTensor(t.description, suggestions: GraphIndex(Graph(nodes: Array(b.nodes[..<b.originalCount]))).suggestions(for: t.node))
        }
        let count = b.analysis.outputCount(at: position)
        if ShapeFunctions.table[b.op(at: position)] != nil && t.output >= count { throw .badOutputIndex(t, outputs: count) }
    }

    /// §3.3: one seed per y, built even for ys no x reaches.
    private static func makeSeeds(_ request: GradientRequest, builder b: GraphBuilder) throws(GradientError) -> [Gradient] {
        request.ys.enumerated().map { i, y in
            b.colocated(with: request.colocateGradientsWithOps ? y.node : nil) {
                if let seed = request.gradYs?[i] ?? nil {
                    return .dense(b.identity(seed, name: "grad_ys_\(i)"))
                }
                let dtype = b.dtype(y)
                let shape = b.shapeOf(y)
                let scopeName = b.uniqueName("grad_ys_\(i)")
                let one = b.constant(.scalar(1, dtype: dtype), exactName: b.names.unique(scopeName + "/Const"))
                return .dense(b.add(name: scopeName, op: "Fill", inputs: [shape, one], attrs: ["T": .type(dtype), "index_type": .type(.int32)]))
            }
        }
    }
}
