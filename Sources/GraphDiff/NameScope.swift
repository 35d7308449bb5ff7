/// How the diff groups nodes by TensorFlow name scope (`a/b/c` lives in scope `a/b`).
public enum NameScope {
    /// The scope a node name lives in; "" at the top level.
    public static func parent(of name: String) -> String {
        guard let slash = name.lastIndex(of: "/") else { return "" }
        return String(name[..<slash])
    }

    /// The group a changed node is listed under in text output.
    ///
    /// Inside a gradient scope, the group is the innermost `<op>_grad` scope above the node,
    /// so everything a gradient rule emitted for one forward op — including its own sub-scopes
    /// such as `tuple/control_dependency` — lands in one group. Elsewhere it is the parent scope.
    public static func group(of name: String) -> String {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if let last = parts.dropLast().lastIndex(where: { $0.hasSuffix("_grad") && $0.count > 5 }) {
            return parts[...last].joined(separator: "/")
        }
        return parent(of: name)
    }

    /// For a gradient group `gradients/layer1/mm_grad`, the forward op it differentiates
    /// (`layer1/mm`): the group path without its root scope (`gradients`, `gradients_1`, or the
    /// name given to `tf.gradients`) and without the `_grad` suffix. Nil for other groups.
    public static func forwardOp(ofGroup group: String) -> String? {
        var parts = group.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let last = parts.last, last.hasSuffix("_grad"), last.count > 5 else { return nil }
        parts[parts.count - 1] = String(last.dropLast(5))
        // With `name=""` the gradient scopes sit at the top level and there is no root to drop.
        if parts.count > 1 { parts.removeFirst() }
        return parts.joined(separator: "/")
    }
}
