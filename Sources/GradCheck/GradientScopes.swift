import GraphModel

/// The gradient nodes a rewrite made for each forward op, found by the names TensorFlow
/// (and GradientRewriter) give them: `<root>/<op>_grad/...`.
struct GradientScopes {
    /// Forward op name -> its gradient nodes, in graph order.
    private(set) var nodes: [String: [String]] = [:]

    init(gradientNodes: [Node], forward: Set<String>) {
        for node in gradientNodes {
            if let owner = Self.owner(of: node.name, forward: forward) { nodes[owner, default: []].append(node.name) }
        }
    }

    /// The longest forward op name `O` with `O_grad/` as a run of whole scope components of
    /// `name` (the longest, so `gradients/a/b_grad/...` belongs to `a/b`, not to `b`).
    static func owner(of name: String, forward: Set<String>) -> String? {
        var best: String?
        var searchStart = name.startIndex
        while let marker = name.range(of: "_grad/", range: searchStart..<name.endIndex) {
            let prefix = name[..<marker.lowerBound]
            var start = prefix.startIndex
            while true {
                let candidate = String(prefix[start...])
                if forward.contains(candidate), candidate.count > (best?.count ?? 0) { best = candidate }
                guard let slash = prefix[start...].firstIndex(of: "/") else { break }
                start = prefix.index(after: slash)
            }
            searchStart = marker.upperBound
        }
        return best
    }
}
