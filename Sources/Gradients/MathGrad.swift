import GraphCore
import GraphModel

/// Gradient rules for element-wise math, reductions and matrix products (spec §9.1–9.23, 9.41–9.42, §10).
/// CD(g) marks formulas TF builds under a control dependency on the incoming gradient.
let mathGradients: [([String], GradientRule)] = [
    // y = x; dx = g
    (["Identity", "PlaceholderWithDefault", "ReadVariableOp", "RefIdentity", "Snapshot", "EnsureShape", "IdentityN"], passThrough),
    // y = x0 + ... + xn; dxi = g
    (["AddN", "AccumulateNV2"], .function { c in Array(repeating: c.grads[0], count: c.inputs.count) }),
    (["StopGradient"], .notDifferentiable),
    (["PreventGradient"], .prevented),
    // z = x + y; dx = g, dy = g (summed over broadcast axes)
    // (Sparse rows from a gather pass through when no summing is needed.)
    (["AddV2", "Add"], .function { c in
        let g = c.incoming()
        if c.skips(1) && isScalar(c, c.y) { return [g, nil] }
        if case .dense(let d) = g, sameStaticShapes(c, d) { return [g, g] }
        return pair(c.b.broadcastReduce(c.x, c.y, c.skips(0) ? nil : g, c.skips(1) ? nil : g))
    }),
    // z = x - y; dx = g, dy = -g
    (["Sub"], .function { c in
        let g = c.incoming()
        if c.skips(1) && isScalar(c, c.y) { return [g, nil] }
        if case .dense(let d) = g, sameStaticShapes(c, d) { return [g, c.b.negated(g)] }
        let gx = c.skips(0) ? nil : g
        let gy = c.skips(1) ? nil : c.b.negated(g)
        return pair(c.b.broadcastReduce(c.x, c.y, gx, gy))
    }),
    // z = x * y; dx = g * y, dy = x * g (sparse rows densified in each Mul: Mul/x, Mul_1/y)
    (["Mul"], .function { c in
        if c.skips(1) && isScalar(c, c.y) { return [.dense(c.b.binary("Mul", c.gradInput(arg: "x"), .tensor(c.y))), nil] }
        if case .dense(let g) = c.incoming(), sameStaticShapes(c, g), c.dtype(g) == .float32 || c.dtype(g) == .int32 {
            return [.dense(c.b.binary("Mul", g, c.y)), .dense(c.b.binary("Mul", g, c.x))]
        }
        let gx = c.skips(0) ? nil : c.b.binary("Mul", c.gradInput(arg: "x"), .tensor(c.y))
        let gy = c.skips(1) ? nil : c.b.binary("Mul", .tensor(c.x), c.gradInput(arg: "y"))
        return pair(c.b.broadcastReduce(c.x, c.y, gx, gy))
    }),
    // z = x / y; dx = g / y, dy = g * (-x / y) / y
    // (RealDiv's rule calls the raw op, named RealDiv; Div's goes through `/`, named truediv.)
    // (Sparse rows are densified in each use: RealDiv/x, mul/x.)
    (["RealDiv", "Div"], .function { c in
        let g = c.incoming()
        let name = c.op == "Div" ? "truediv" : "RealDiv"
        let gx = c.b.binary("RealDiv", .gradient(g, arg: "x"), .tensor(c.y), name: name)
        let neg = c.b.unary("Neg", c.x)
        let q = c.b.binary("RealDiv", c.b.binary("RealDiv", neg, c.y, name: name), c.y, name: name)
        let gy = c.b.binary("Mul", .gradient(g, arg: "x"), .tensor(q), name: "mul")
        return pair(c.b.broadcastReduce(c.x, c.y, gx, gy))
    }),
    // y = -x; dx = -g (sparse rows stay sparse, values negated)
    (["Neg"], .function { c in [c.b.negated(c.incoming())] }),
    // y = x^2; dx = g * (2x)   CD(g)
    (["Square"], unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) {
            let two = c.b.constant(.scalar(2, dtype: c.dtype(c.x)))
            let twoX = c.b.binary("Mul", c.x, two)
            return c.b.binary("Mul", .gradient(g, arg: "x"), .tensor(twoX))
        }
    }),
    // y = sqrt(x); dx = g / (2y)
    (["Sqrt"], unaryRule { c in c.b.gradOp("SqrtGrad", .tensor(c.z), c.gradInput(arg: "dy")) }),
    // y = 1/sqrt(x); dx = -g y^3 / 2
    (["Rsqrt"], unaryRule { c in c.b.gradOp("RsqrtGrad", .tensor(c.z), c.gradInput(arg: "dy")) }),
    // y = 1/x; dx = -g y^2
    (["Reciprocal", "Inv"], unaryRule { c in c.b.gradOp("ReciprocalGrad", .tensor(c.z), c.gradInput(arg: "dy")) }),
    // y = exp(x); dx = g * y   CD(g)
    (["Exp"], controlledProductRule { c in c.z }),
    // y = log(x); dx = g * (1/x)   CD(g)
    (["Log"], controlledProductRule { c in c.b.unary("Reciprocal", c.x) }),
    // y = log(1 + x); dx = g * 1/(1 + x)   CD(g)
    (["Log1p"], unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) {
            let sum = c.b.binary("AddV2", .scalar(1, c.dtype(c.x), arg: "x"), .tensor(c.x), name: "add")
            return c.b.times(g, c.b.unary("Reciprocal", sum))
        }
    }),
    // y = tanh(x); dx = g * (1 - y^2)   CD(g)
    (["Tanh"], unaryRule { c in
        c.b.withControlDependency(on: c.gradProducer()) { c.b.gradOp("TanhGrad", .tensor(c.z), c.gradInput(arg: "dy")) }
    }),
    // y = sigmoid(x); dx = g * y * (1 - y)   CD(g)
    (["Sigmoid"], unaryRule { c in
        c.b.withControlDependency(on: c.gradProducer()) { c.b.gradOp("SigmoidGrad", .tensor(c.z), c.gradInput(arg: "dy")) }
    }),
    // y = max(x, 0); dx = g where y > 0 (kink at 0 gets 0)
    (["Relu"], unaryRule { c in c.b.gradOp("ReluGrad", c.gradInput(arg: "gradients"), .tensor(c.z)) }),
    // y = min(max(x, 0), 6); dx = g where 0 < y < 6
    (["Relu6"], unaryRule { c in c.b.gradOp("Relu6Grad", c.gradInput(arg: "gradients"), .tensor(c.z)) }),
    // y = elu(x); dx = g where x > 0 else g * (y + 1)
    (["Elu"], unaryRule { c in c.b.gradOp("EluGrad", c.gradInput(arg: "gradients"), .tensor(c.z)) }),
    // y = selu(x); dx = g * scale (x > 0) else g * (y + scale * alpha)
    (["Selu"], unaryRule { c in c.b.gradOp("SeluGrad", c.gradInput(arg: "gradients"), .tensor(c.z)) }),
    // y = log(1 + exp(x)); dx = g * sigmoid(x)
    (["Softplus"], unaryRule { c in c.b.times(c.incoming(), c.b.unary("Sigmoid", c.x)) }),
    // y = |x|; dx = g * sign(x) (kink at 0 gets 0)
    (["Abs"], unaryRule { c in c.b.times(c.incoming(), c.b.unary("Sign", c.x)) }),
    // y = e^x - 1; dx = g * e^x   CD(g)
    (["Expm1"], controlledProductRule { c in c.b.unary("Exp", c.x) }),
    // y = ln |gamma(x)|; dx = g * digamma(x)   CD(g)
    (["Lgamma"], controlledProductRule { c in c.b.unary("Digamma", c.x) }),
    // y = digamma(x); dx = g * polygamma(1, x)   CD(g)
    (["Digamma"], controlledProductRule { c in
        let one = c.b.constant(.scalar(1, dtype: c.dtype(c.x)))
        return c.b.binary("Polygamma", one, c.x)
    }),
    // y = sign(x); dx = 0
    (["Sign"], unaryRule { c in c.b.zerosLike(c.x) }),
    // y = x / (1 + |x|); dx = g / (1 + |x|)^2
    (["Softsign"], unaryRule { c in c.b.gradOp("SoftsignGrad", c.gradInput(arg: "gradients"), .tensor(c.x)) }),
    // y = sin(x); dx = g * cos(x)   CD(g)
    (["Sin"], controlledProductRule { c in c.b.unary("Cos", c.x) }),
    // y = cos(x); dx = -g * sin(x)   CD(g)
    (["Cos"], unaryRule { c in
        let g = c.incoming()
        return c.b.withControlDependency(on: g.primary) {
            let neg = c.b.negated(g)
            return c.b.times(neg, c.b.unary("Sin", c.x))
        }
    }),
    // y = erf(x); dx = g * 2/sqrt(pi) * exp(-x^2)   CD(g), constant built first
    (["Erf"], unaryRule { c in
        let g = c.grad()
        let k = c.b.constant(.scalar(2 / Double.pi.squareRoot(), dtype: c.dtype(g)))
        let scaled = c.b.binary("Mul", g, k, name: "mul")
        return c.b.withControlDependency(on: g) {
            let e = c.b.unary("Exp", c.b.unary("Neg", c.b.unary("Square", c.x)))
            return c.b.binary("Mul", scaled, e, name: "mul")
        }
    }),
    // y = erfc(x); dx = g * -2/sqrt(pi) * exp(-x^2)   CD(g), constant built first
    (["Erfc"], unaryRule { c in
        let g = c.incoming()
        let k = c.b.constant(.scalar(-2 / Double.pi.squareRoot(), dtype: c.dtype(g.primary)))
        return c.b.withControlDependency(on: g.primary) {
            let scaled = c.b.times(g, k)
            return c.b.binary("Mul", scaled, c.b.unary("Exp", c.b.unary("Neg", c.b.unary("Square", c.x))), name: "mul")
        }
    }),
    // z = x * y, 0 where y = 0 (even for x = inf or nan); dx = mul_no_nan(g, y), dy = mul_no_nan(x, g)
    (["MulNoNan"], .function { c in
        let g = c.grad()
        let gx = c.b.binary("MulNoNan", g, c.y), gy = c.b.binary("MulNoNan", c.x, g)
        if sameStaticShapes(c, g) { return [.dense(gx), .dense(gy)] }
        return pair(c.b.broadcastReduce(c.x, c.y, gx, gy))
    }),
    // z = x mod y (floored); dx = g, dy = g * -floor(x / y)
    (["FloorMod"], .function { c in
        let g = c.incoming()
        let negated = c.b.unary("Neg", c.b.binary("FloorDiv", c.x, c.y))
        return pair(c.b.broadcastReduce(c.x, c.y, g, .dense(c.b.times(g, negated))))
    }),
    // y = min(max(x, lo), hi); dx = g where lo <= x <= hi, dlo = g where x < lo, dhi = g where x > hi
    // (dlo and dhi summed down to their shapes)
    (["ClipByValue"], .function { c in
        let b = c.b, g = c.grad(), x = c.x, lo = c.y, hi = c.inputs[2]
        let sx = b.shapeOf(x), slo = b.shapeOf(lo), shi = b.shapeOf(hi)
        let zeros = b.zeros(shape: b.shapeOf(g), dtype: c.dtype(g))
        let below = b.op("Less", [.tensor(x), .tensor(lo)], attrs: ["T": .type(c.dtype(x))])
        let above = b.op("Greater", [.tensor(x), .tensor(hi)], attrs: ["T": .type(c.dtype(x))])
        let loAxes = b.broadcastGradientArgs(sx, slo).withOutput(1)
        let hiAxes = b.broadcastGradientArgs(sx, shi).withOutput(1)
        func select(_ mask: TensorRef, _ a: TensorRef, _ e: TensorRef) -> TensorRef {
            b.op("Select", [.tensor(mask), .tensor(a), .tensor(e)], attrs: ["T": .type(c.dtype(g))])
        }
        let dx = select(b.op("LogicalOr", [.tensor(below), .tensor(above)]), zeros, g)
        let dlo = select(below, g, zeros), dhi = select(above, g, zeros)
        return [.dense(dx), .dense(b.summed(dlo, over: loAxes, to: slo)), .dense(b.summed(dhi, over: hiAxes, to: shi))]
    }),
    // z = x / y, 0 where y = 0; dx = g / y, dy = g * (-x / y) / y (each division by zero giving 0)
    (["DivNoNan"], .function { c in
        let b = c.b, g = c.grad()
        // math_ops.div_no_nan opens a scope of that name: the ops are div_no_nan, div_no_nan_1, ...
        let gx = b.binary("DivNoNan", g, c.y, name: "div_no_nan")
        let quotient = b.binary("DivNoNan", b.binary("DivNoNan", b.unary("Neg", c.x), c.y, name: "div_no_nan"), c.y, name: "div_no_nan")
        return pair(b.broadcastReduce(c.x, c.y, gx, b.binary("Mul", g, quotient, name: "mul")))
    }),
    // z = x log y (0 where x = 0); dx = g log y where x != 0, dy = g x / y   CD(g) for the partials
    (["Xlogy"], .function { c in
        let b = c.b, g = c.grad(), dt = c.dtype(c.x)
        let sx = b.shapeOf(c.x), sy = b.shapeOf(c.y)
        let axes = b.broadcastGradientArgs(sx, sy)
        return b.withControlDependency(on: g) {
            // TF's cast(0., x.dtype) converts the literal inside a Cast scope and casts nothing.
            let zero = b.constant(.scalar(0, dtype: dt), exactName: b.names.unique(b.uniqueName("Cast") + "/x"))
            let nonZero = b.op("NotEqual", [.tensor(c.x), .tensor(zero)], attrs: ["T": .type(dt), "incompatible_shape_error": .bool(true)])
            let partialX = b.binary("Xlogy", b.cast(nonZero, to: dt), c.y)
            let partialY = b.binary("Xdivy", c.x, c.y)
            let gx = b.summed(b.binary("Mul", partialX, g, name: "mul"), over: axes.withOutput(0), to: sx)
            let gy = b.summed(b.binary("Mul", partialY, g, name: "mul"), over: axes.withOutput(1), to: sy)
            return [.dense(gx), .dense(gy)]
        }
    }),
    // z = (x - y)^2; dx = 2g(x - y), dy = -dx   CD(g) for the first part
    // (scalar_mul keeps sparse rows sparse; the product with x - y densifies them in mul_1/x.)
    (["SquaredDifference"], .function { c in
        let g = c.incoming()
        let gx = c.b.withControlDependency(on: g.primary) {
            let two = c.b.constant(.scalar(2, dtype: c.dtype(g.primary)), name: "scalar")
            let scaled: Gradient
            switch g {
            case .dense(let d): scaled = .dense(c.b.binary("Mul", two, d))
            case .slices(let s):
                scaled = .slices(IndexedSlices(values: c.b.binary("Mul", two, s.values), indices: s.indices, denseShape: s.denseShape))
            }
            return c.b.times(scaled, c.b.binary("Sub", c.x, c.y, name: "sub"))
        }
        if case .dense(let d) = g, sameStaticShapes(c, d) { return [.dense(gx), .dense(c.b.unary("Neg", gx))] }
        let gy = c.skips(1) ? nil : c.b.unary("Neg", gx)
        return pair(c.b.broadcastReduce(c.x, c.y, c.skips(0) ? nil : gx, gy))
    }),
    // z = x^y; dx = g y x^(y-1), dy = g z log(x) where x > 0 else 0
    (["Pow"], .function { c in
        let b = c.b, g = c.incoming()
        let dt = c.dtype(c.x)
        let gy1 = b.times(g, c.y)
        let exponent = b.binary("Sub", .tensor(c.y), .scalar(1, dt, arg: "y"), name: "sub")
        let gx = b.binary("Mul", gy1, b.binary("Pow", c.x, exponent), name: "mul")
        let positive = b.op("Greater", [.tensor(c.x), .scalar(0, dt, arg: "y")], attrs: ["T": .type(dt)])
        let safe = b.op("Select", [.tensor(positive), .tensor(c.x), .tensor(b.onesLike(c.x))], attrs: ["T": .type(dt)])
        let log = b.unary("Log", safe)
        let masked = b.op("Select", [.tensor(positive), .tensor(log), .tensor(b.zerosLike(c.x))], attrs: ["T": .type(dt)])
        let gz = b.times(g, c.z)
        let gy = b.binary("Mul", gz, masked, name: "mul")
        return pair(b.broadcastReduce(c.x, c.y, gx, gy))
    }),
    // z = max(x, y); dx = g where x >= y, dy = g elsewhere (ties go to x)
    (["Maximum"], minMaxRule(mask: "GreaterEqual")),
    // z = min(x, y); dx = g where x <= y, dy = g elsewhere (ties go to x)
    (["Minimum"], minMaxRule(mask: "LessEqual")),
    // y = cast(x); dx = cast(g) back, only between floating/complex types
    // (Sparse rows stay sparse: only their values are cast, as in mixed-precision embeddings.)
    (["Cast"], .function { c in
        let source = c.dtype(c.x)
        switch c.grads[0] {
        case .dense(let g)? where isCastable(source) && isCastable(c.dtype(g)):
            return [.dense(c.b.cast(g, to: source))]
        case .slices(let s)? where isCastable(source) && isCastable(c.dtype(s.values)):
            return [.slices(IndexedSlices(values: c.b.cast(s.values, to: source), indices: s.indices, denseShape: s.denseShape))]
        default:
            return [nil]
        }
    }),
    // y = sum(x^2) / 2; dx = x * g
    (["L2Loss"], unaryRule { c in c.b.binary("Mul", c.x, c.grad(), name: "mul") }),
    (["MatMul"], .function(matMulGradient)),
    (["BatchMatMulV2", "BatchMatMul", "BatchMatMulV3"], .function(batchMatMulGradient)),
    (["Sum"], .function { c in [.dense(sumGradient(c)), nil] }),
    (["Mean"], .function(meanGradient)),
    (["Max", "Min"], .function(maxMinGradient)),
    (["Prod"], .function(prodGradient)),
]

func pair(_ p: (TensorRef?, TensorRef?)) -> [Gradient?] { [p.0.map(Gradient.dense), p.1.map(Gradient.dense)] }
func pair(_ p: (Gradient?, Gradient?)) -> [Gradient?] { [p.0, p.1] }

/// TF's `_IsScalar`: the static shape is known to have rank 0.
func isScalar(_ c: RuleContext, _ t: TensorRef) -> Bool { c.shape(t).rank == 0 }

/// TF's shortcut for binary ops: x, y and g all fully static with one shape.
func sameStaticShapes(_ c: RuleContext, _ g: TensorRef) -> Bool {
    guard case .dense? = c.grads[0] else { return false }
    let sx = c.shape(c.x), sy = c.shape(c.y), sg = c.shape(g)
    return sx.isFullyDefined && sx == sy && sx == sg
}

func isCastable(_ t: DType) -> Bool { t.isFloatingPoint || t.isComplex }

func minMaxRule(mask: String) -> GradientRule {
    .function { c in
        // Sparse rows are densified in each select (SelectV2/t, SelectV2_1/e), as TF converts them.
        let g = c.incoming()
        let zeros = c.b.zerosLike(g)
        let m = c.b.op(mask, [.tensor(c.x), .tensor(c.y)], attrs: ["T": .type(c.dtype(c.x))])
        let attrs: AttrMap = ["T": .type(c.dtype(g.primary))]
        let gx = c.b.op("SelectV2", [.tensor(m), .gradient(g, arg: "t"), .tensor(zeros)], attrs: attrs)
        let gy = c.b.op("SelectV2", [.tensor(m), .tensor(zeros), .gradient(g, arg: "e")], attrs: attrs)
        return pair(c.b.broadcastReduce(c.x, c.y, gx, gy))
    }
}
