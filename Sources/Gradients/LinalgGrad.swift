import GraphCore
import GraphModel

/// Gradient rules for matrix functions (TF's linalg_grad.py and array_grad.py).
let linalgGradients: [([String], GradientRule)] = [
    // Y = X^-1 (or X^-H with adjoint); dX = -Y^H g Y^H (with the adjoint flags swapped)
    (["MatrixInverse"], unaryRule { c in
        let adjoint = c.bool("adjoint")
        let inner = matrixProduct(c, c.grad(), c.z, adjointA: adjoint, adjointB: !adjoint)
        return c.b.unary("Neg", matrixProduct(c, c.z, inner, adjointA: !adjoint, adjointB: false))
    }),
    // d = det(X); dX = (g d) X^-H, the scalar per matrix broadcast over its entries
    (["MatrixDeterminant"], unaryRule { c in
        let b = c.b
        let inverse = b.op("MatrixInverse", [.tensor(c.x)], attrs: ["T": .type(c.dtype(c.x)), "adjoint": .bool(true)])
        let scaled = b.binary("Mul", c.grad(), c.z, name: "mul")
        let shape = b.concat([.tensor(b.shapeOf(c.z)), .intList([1, 1], arg: "values_1", dtype: .int32)], axis: .int(0, arg: "axis"))
        return b.binary("Mul", b.reshape(scaled, .tensor(shape)), inverse, name: "mul")
    }),
    // y = diag(x) / diag_part(x); dx = the other one applied to g
    (["Diag"], unaryRule { c in c.b.op("DiagPart", [.tensor(c.grad())], attrs: ["T": .type(c.dtype(c.x))]) }),
    (["DiagPart"], unaryRule { c in c.b.op("Diag", [.tensor(c.grad())], attrs: ["T": .type(c.dtype(c.x))]) }),
]

/// `math_ops.matmul` with adjoint flags on real matrices: MatMul with transposes for two
/// matrices, BatchMatMulV2 with adjoints for batches (or unknown ranks).
private func matrixProduct(_ c: RuleContext, _ a: TensorRef, _ b: TensorRef, adjointA: Bool, adjointB: Bool) -> TensorRef {
    if c.shape(a).rank == 2 && c.shape(b).rank == 2 {
        return c.b.matMul(.tensor(a), .tensor(b), transposeA: adjointA, transposeB: adjointB, gradA: false, gradB: false)
    }
    return c.b.batchMatMul(a, b, adjX: adjointA, adjY: adjointB, gradX: false, gradY: false)
}
