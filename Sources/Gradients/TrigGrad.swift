import GraphCore
import GraphModel

/// Gradient rules for trigonometric and hyperbolic functions and their inverses
/// (TF's math_grad.py). CD(g) marks formulas TF builds under a control dependency on the
/// incoming gradient; `one` is TF's `constant(1)` of the gradient's dtype.
let trigGradients: [([String], GradientRule)] = [
    // y = tan(x); dx = sec(x)^2 * g   CD(g)
    (["Tan"], unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) {
            let secant = c.b.unary("Reciprocal", c.b.unary("Cos", c.x))
            return c.b.binary("Mul", .tensor(c.b.unary("Square", secant)), .gradient(g, arg: "y"), name: "mul")
        }
    }),
    // y = asin(x); dx = g / sqrt(1 - x^2)   CD(g)
    (["Asin"], controlledProductRule(inverseSquareRootOfOneMinusSquare)),
    // y = acos(x); dx = -g / sqrt(1 - x^2)   CD(g)
    (["Acos"], unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) {
            let inverse = inverseSquareRootOfOneMinusSquare(c)
            return c.b.times(c.b.negated(g), inverse)
        }
    }),
    // y = atan(x); dx = g / (1 + x^2)   CD(g)
    (["Atan"], unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) {
            let square = c.b.unary("Square", c.x)
            let one = c.b.constant(.scalar(1, dtype: c.dtype(g.primary)))
            return c.b.times(g, c.b.unary("Reciprocal", c.b.binary("AddV2", one, square, name: "Add")))
        }
    }),
    // y = sinh(x); dx = g cosh(x)   CD(g)
    (["Sinh"], controlledProductRule { c in c.b.unary("Cosh", c.x) }),
    // y = cosh(x); dx = g sinh(x)   CD(g)
    (["Cosh"], controlledProductRule { c in c.b.unary("Sinh", c.x) }),
    // y = asinh(x); dx = g / cosh(y)   CD(g)
    (["Asinh"], controlledQuotientRule { c in c.b.unary("Cosh", c.z) }),
    // y = acosh(x); dx = g / sinh(y)   CD(g)
    (["Acosh"], controlledQuotientRule { c in c.b.unary("Sinh", c.z) }),
    // y = atanh(x); dx = g / (1 - x^2)   CD(g)
    (["Atanh"], unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) {
            c.b.times(g, c.b.unary("Reciprocal", oneMinusSquare(c)))
        }
    }),
    // z = atan2(y, x); dy = g x / (x^2 + y^2), dx = -g y / (x^2 + y^2), summed over broadcast axes   CD(g)
    (["Atan2"], .function { c in
        let g = c.grad()
        return c.b.withControlDependency(on: g) {
            let sum = c.b.binary("AddV2", c.b.unary("Square", c.x), c.b.unary("Square", c.y), name: "add")
            let scaled = c.b.binary("RealDiv", g, sum, name: "truediv")
            let gy = c.b.binary("Mul", c.y, scaled, name: "mul")
            let gx = c.b.binary("Mul", c.b.unary("Neg", c.x), scaled, name: "mul")
            return pair(c.b.broadcastReduce(c.x, c.y, gy, gx))
        }
    }),
]

/// 1 / sqrt(1 - x^2), as asin's and acos's rules build it.
@Sendable private func inverseSquareRootOfOneMinusSquare(_ c: RuleContext) -> TensorRef {
    c.b.unary("Reciprocal", c.b.unary("Sqrt", oneMinusSquare(c)))
}

/// 1 - x^2 as TF's rules build it: Square, then the `constant(1)`, then Sub.
private func oneMinusSquare(_ c: RuleContext) -> TensorRef {
    let square = c.b.unary("Square", c.x)
    return c.b.binary("Sub", c.b.constant(.scalar(1, dtype: c.dtype(c.x))), square)
}

/// dx = g / divisor, the divisor built under a control dependency on g (asinh's and acosh's `grad / f(y)`).
private func controlledQuotientRule(_ divisor: @escaping @Sendable (RuleContext) -> TensorRef) -> GradientRule {
    unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) {
            c.b.binary("RealDiv", .gradient(g, arg: "x"), .tensor(divisor(c)), name: "truediv")
        }
    }
}
