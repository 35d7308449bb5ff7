import GraphCore
import GraphModel

// c = a @ b (flags transpose the operands); da = g @ b^T, db = a^T @ g, with the operand
// order TF uses for each combination of flags so no explicit transpose is built. Sparse
// rows are densified inside each MatMul, named after the operand they fill (MatMul/a).
let matMulGradient: GradientFunction = { c in
    let a = OpInput.tensor(c.x), b = OpInput.tensor(c.y)
    let g = c.incoming()
    let ga = OpInput.gradient(g, arg: "a"), gb = OpInput.gradient(g, arg: "b")
    let ta = c.bool("transpose_a"), tb = c.bool("transpose_b")
    let m = c.b
    let (da, db): (TensorRef, TensorRef)
    switch (ta, tb) {
    case (false, false):
        da = m.matMul(ga, b, transposeA: false, transposeB: true, gradA: true, gradB: false)
        db = m.matMul(a, gb, transposeA: true, transposeB: false, gradA: false, gradB: true)
    case (false, true):
        da = m.matMul(ga, b, transposeA: false, transposeB: false, gradA: true, gradB: false)
        db = m.matMul(ga, a, transposeA: true, transposeB: false, gradA: false, gradB: true)
    case (true, false):
        da = m.matMul(b, gb, transposeA: false, transposeB: true, gradA: true, gradB: false)
        db = m.matMul(a, gb, transposeA: false, transposeB: false, gradA: false, gradB: true)
    case (true, true):
        da = m.matMul(b, gb, transposeA: true, transposeB: true, gradA: true, gradB: false)
        db = m.matMul(ga, a, transposeA: true, transposeB: true, gradA: false, gradB: true)
    }
    return [.dense(da), .dense(db)]
}

// Batched c = x @ y with adjoint flags and broadcast batch dimensions: as MatMul, then
// each side summed over the batch axes it was broadcast along.
let batchMatMulGradient: GradientFunction = { c in
    let g = c.grad(), x = c.x, y = c.y
    let adjX = c.bool("adj_x"), adjY = c.bool("adj_y")
    let m = c.b
    let (dx, dy): (TensorRef, TensorRef)
    switch (adjX, adjY) {
    case (false, false):
        dx = m.batchMatMul(g, y, adjX: false, adjY: true, gradX: true, gradY: false)
        dy = m.batchMatMul(x, g, adjX: true, adjY: false, gradX: false, gradY: true)
    case (false, true):
        dx = m.batchMatMul(g, y, adjX: false, adjY: false, gradX: true, gradY: false)
        dy = m.batchMatMul(g, x, adjX: true, adjY: false, gradX: false, gradY: true)
    case (true, false):
        dx = m.batchMatMul(y, g, adjX: false, adjY: true, gradX: true, gradY: false)
        dy = m.batchMatMul(x, g, adjX: false, adjY: false, gradX: false, gradY: true)
    case (true, true):
        dx = m.batchMatMul(y, g, adjX: true, adjY: true, gradX: true, gradY: false)
        dy = m.batchMatMul(g, x, adjX: true, adjY: true, gradX: false, gradY: true)
    }
    let sx = c.shape(x), sy = c.shape(y)
    if let rx = sx.rank, let ry = sy.rank, rx <= 2 && ry <= 2 { return [.dense(dx), .dense(dy)] }
    if let dimsX = sx.dims, let dimsY = sy.dims, dimsX.count >= 2, dimsY.count >= 2 {
        let bx = StaticShape(Array(dimsX.dropLast(2))), by = StaticShape(Array(dimsY.dropLast(2)))
        if bx.isFullyDefined && by.isFullyDefined && bx == by { return [.dense(dx), .dense(dy)] }
    }
    let shapeX = m.shapeOf(x), shapeY = m.shapeOf(y)
    let batchX = m.stridedSlice(shapeX, begin: [0], end: [-2], strides: [1], beginMask: 1)
    let batchY = m.stridedSlice(shapeY, begin: [0], end: [-2], strides: [1], beginMask: 1)
    let args = m.broadcastGradientArgs(batchX, batchY)
    return [.dense(m.summed(dx, over: args.withOutput(0), to: shapeX)), .dense(m.summed(dy, over: args.withOutput(1), to: shapeY))]
}
