import GraphCore
import GraphModel

/// Second order: gradients of the activation and math gradient kernels, as TF registers them
/// (`_TanhGradGrad`, `_RsqrtGradGrad`, `_EluGradGrad`, ...). CD(g) marks formulas TF builds
/// under a control dependency on the incoming gradient.
let gradientKernelGradients: [([String], GradientRule)] = [
    // TanhGrad(a, b) = b (1 - a^2); da = g * -2 * b * a, db = TanhGrad(a, g)   CD(g)
    (["TanhGrad"], .function { c in
        let g = c.grad()
        return c.b.withControlDependency(on: g) {
            let m = c.b.binary("Mul", .tensor(g), .scalar(-2, c.dtype(g), arg: "y"), name: "mul")
            let da = c.b.binary("Mul", c.b.binary("Mul", m, c.y, name: "mul"), c.x, name: "mul")
            return [.dense(da), .dense(c.b.gradOp("TanhGrad", c.x, g))]
        }
    }),
    // SigmoidGrad(a, b) = b a (1 - a); da = g b - 2 g b a, db = SigmoidGrad(a, g)   CD(g)
    (["SigmoidGrad"], .function { c in
        let g = c.grad()
        return c.b.withControlDependency(on: g) {
            let gb = c.b.binary("Mul", g, c.y, name: "mul")
            let twice = c.b.binary("Mul", .scalar(2, c.dtype(g), arg: "x"), .tensor(gb), name: "mul")
            let da = c.b.binary("Sub", gb, c.b.binary("Mul", twice, c.x, name: "mul"), name: "sub")
            return [.dense(da), .dense(c.b.gradOp("SigmoidGrad", c.x, g))]
        }
    }),
    // ReluGrad(g0, f) = g0 where f > 0; d_g0 = ReluGrad(g, f), d_f = 0
    (["ReluGrad"], .function { c in
        [.dense(c.b.gradOp("ReluGrad", c.grad(), c.y)), .dense(c.b.zerosLike(c.y))]
    }),
    (["Relu6Grad"], .function { c in
        [.dense(c.b.gradOp("Relu6Grad", c.grad(), c.y)), .dense(c.b.zerosLike(c.y))]
    }),
    (["LeakyReluGrad"], .function { c in
        let dg = c.b.op("LeakyReluGrad", [.tensor(c.grad()), .tensor(c.y)],
                        attrs: ["T": .type(c.dtype(c.y)), "alpha": c.attr("alpha") ?? .float(0.2)])
        return [.dense(dg), .dense(c.b.zerosLike(c.y))]
    }),
    // EluGrad(g0, y) = g0 where y > 0 else g0 (y + 1); d_g0 = EluGrad(g, y), d_y = g g0 where y < 0
    (["EluGrad"], exponentialLinearGradGrad("EluGrad")),
    (["SeluGrad"], exponentialLinearGradGrad("SeluGrad")),
    // SoftplusGrad(g0, x) = g0 sigmoid(x); d_g0 = SoftplusGrad(g, x), d_x = g g0 / (e^-x + 2 + e^x)   CD(g)
    (["SoftplusGrad"], .function { c in
        let b = c.b, g = c.grad()
        return b.withControlDependency(on: g) {
            let dg = b.gradOp("SoftplusGrad", g, c.y)
            let product = b.binary("Mul", g, c.x, name: "mul")
            let dt = c.dtype(c.y)
            let left = b.binary("AddV2", .tensor(b.unary("Exp", b.unary("Neg", c.y))), .scalar(2, dt, arg: "y"), name: "add")
            let denominator = b.binary("AddV2", left, b.unary("Exp", c.y), name: "add")
            return [.dense(dg), .dense(b.binary("RealDiv", product, denominator, name: "truediv"))]
        }
    }),
    // RsqrtGrad(a, b) = -b a^3 / 2; da = -1.5 g b a^2, db = RsqrtGrad(a, g)   CD(g)
    (["RsqrtGrad"], .function { c in
        let g = c.grad()
        return c.b.withControlDependency(on: g) {
            let scaled = c.b.binary("Mul", .scalar(-1.5, c.dtype(g), arg: "x"), .tensor(g), name: "mul")
            let da = c.b.binary("Mul", c.b.binary("Mul", scaled, c.y, name: "mul"), c.b.unary("Square", c.x), name: "mul")
            return [.dense(da), .dense(c.b.gradOp("RsqrtGrad", c.x, g))]
        }
    }),
    // SqrtGrad(a, b) = b / (2a); da = -(g / a) y, db = (g / a) / 2   CD(g)
    (["SqrtGrad"], .function { c in
        let g = c.grad()
        return c.b.withControlDependency(on: g) {
            let ga = c.b.binary("RealDiv", g, c.x, name: "truediv")
            let da = c.b.binary("Mul", c.b.unary("Neg", ga), c.z, name: "mul")
            let db = c.b.binary("Mul", .scalar(0.5, c.dtype(g), arg: "x"), .tensor(ga), name: "mul")
            return [.dense(da), .dense(db)]
        }
    }),
    // ReciprocalGrad(a, b) = -b a^2; da = -2 g b a, db = ReciprocalGrad(a, g)   CD(g)
    (["ReciprocalGrad", "InvGrad"], .function { c in
        let g = c.grad()
        return c.b.withControlDependency(on: g) {
            let scaled = c.b.binary("Mul", .tensor(g), .scalar(-2, c.dtype(g), arg: "y"), name: "mul")
            let da = c.b.binary("Mul", c.b.binary("Mul", scaled, c.y, name: "mul"), c.x, name: "mul")
            return [.dense(da), .dense(c.b.gradOp("ReciprocalGrad", c.x, g))]
        }
    }),
]

/// EluGrad/SeluGrad(g0, y): d_g0 = the same kernel on g; d_y = g g0 where y < 0, else 0.
private func exponentialLinearGradGrad(_ kernel: String) -> GradientRule {
    .function { c in
        let b = c.b, g = c.grad()
        let dg = b.gradOp(kernel, g, c.y)
        let negative = b.op("Less", [.tensor(c.y), .scalar(0, c.dtype(c.y), arg: "y")], attrs: ["T": .type(c.dtype(c.y))])
        let product = b.binary("Mul", g, c.x, name: "mul")
        let dy = b.op("Select", [.tensor(negative), .tensor(product), .tensor(b.zerosLike(c.y))], attrs: ["T": .type(c.dtype(g))])
        return [.dense(dg), .dense(dy)]
    }
}
