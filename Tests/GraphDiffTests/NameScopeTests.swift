import GraphDiff
import Testing

/// Gradient nodes group under the innermost `<op>_grad` scope; other nodes under their parent scope.
@Suite struct NameScopeTests {
    static let rows: [(name: String, group: String, forward: String?)] = [
        ("gradients/layer1/mm_grad/MatMul", "gradients/layer1/mm_grad", "layer1/mm"),
        ("gradients/layer1/mm_grad/tuple/control_dependency", "gradients/layer1/mm_grad", "layer1/mm"),
        ("gradients/Fill", "gradients", nil),
        ("gradients_1/gradients/y_grad/TanhGrad_grad/mul", "gradients_1/gradients/y_grad/TanhGrad_grad", "gradients/y_grad/TanhGrad"),
        ("gradients_1/y_grad/TanhGrad", "gradients_1/y_grad", "y"),
        ("y_grad/Mul", "y_grad", "y"),
        ("grads/t_grad/TanhGrad", "grads/t_grad", "t"),
        ("dense/kernel/Initializer/random_uniform/shape", "dense/kernel/Initializer/random_uniform", nil),
        ("loss", "", nil),
        ("gradients/x_grad", "gradients", nil),
    ]

    @Test(arguments: rows)
    func groupsByScope(_ row: (name: String, group: String, forward: String?)) {
        #expect(NameScope.group(of: row.name) == row.group)
        #expect(NameScope.forwardOp(ofGroup: row.group) == row.forward)
    }
}
