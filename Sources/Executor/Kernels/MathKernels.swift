/// Unary elementwise math. Each function is a type so the loop specializes and inlines it.
enum MathKernels {
    static let all: [Kernel] = [
        numeric("Neg", Neg.self), numeric("Abs", Abs.self), numeric("Square", Square.self),
        numeric("Sign", Sign.self), numeric("Relu", Relu.self), numeric("Relu6", Relu6.self),
        float("Sqrt", Sqrt.self), float("Rsqrt", Rsqrt.self), float("Exp", Exp.self),
        float("Expm1", Expm1.self), float("Log", Log.self), float("Log1p", Log1p.self),
        float("Tanh", Tanh.self), float("Sigmoid", Sigmoid.self), float("Elu", Elu.self),
        float("Selu", Selu.self), float("Softplus", Softplus.self), float("Sin", Sin.self),
        float("Cos", Cos.self), float("Reciprocal", Reciprocal.self), float("Inv", Reciprocal.self),
        float("Erf", Erf.self), float("Floor", Floor.self), float("Ceil", Ceil.self),
        float("Round", Round.self), float("Erfc", Erfc.self), float("Tan", Tan.self), float("Asin", Asin.self),
        float("Acos", Acos.self), float("Atan", Atan.self), float("Sinh", Sinh.self), float("Cosh", Cosh.self),
        float("Asinh", Asinh.self), float("Acosh", Acosh.self), float("Atanh", Atanh.self),
        float("Softsign", Softsign.self),
        .single("LogicalNot") { context in
            let x = try context.input(0)
            return HostTensor(unchecked: x.shape, .bool(mapElements(try x.elements(as: Bool.self)) { !$0 }))
        },
        .single("Cast") { context in
            let x = try context.input(0)
            let dtype = try context.type("DstT")
            return try asKernelError { () throws(ExecutionError) in try x.cast(to: dtype) }
        },
    ]

    static func float<F: FloatUnary>(_ op: String, _ function: F.Type) -> Kernel {
        .single(op) { context in
            let x = try context.input(0)
            return HostTensor(unchecked: x.shape, try x.storage.accept(FloatMap<F>()))
        }
    }

    static func numeric<F: NumericUnary>(_ op: String, _ function: F.Type) -> Kernel {
        .single(op) { context in
            let x = try context.input(0)
            return HostTensor(unchecked: x.shape, try x.storage.accept(NumericMap<F>()))
        }
    }

    private struct FloatMap<F: FloatUnary>: FloatVisitor {
        func visit<T: FloatElement>(_ values: [T]) -> TensorStorage { T.wrap(mapElements(values, Function<F, T>())) }

        struct Function<G: FloatUnary, T: FloatElement>: UnaryFunction {
            @inline(__always) func callAsFunction(_ x: T) -> T { G.apply(x) }
        }
    }

    private struct NumericMap<F: NumericUnary>: NumericVisitor {
        func visit<T: NumericElement>(_ values: [T]) -> TensorStorage { T.wrap(mapElements(values, Function<F, T>())) }

        struct Function<G: NumericUnary, T: NumericElement>: UnaryFunction {
            @inline(__always) func callAsFunction(_ x: T) -> T { G.apply(x) }
        }
    }
}

protocol FloatUnary: SendableMetatype { static func apply<T: FloatElement>(_ x: T) -> T }
protocol NumericUnary: SendableMetatype { static func apply<T: NumericElement>(_ x: T) -> T }

// y = -x
enum Neg: NumericUnary { @inline(__always) static func apply<T: NumericElement>(_ x: T) -> T { T.minus(0, x) } }
// y = |x|
enum Abs: NumericUnary { @inline(__always) static func apply<T: NumericElement>(_ x: T) -> T { x < 0 ? T.minus(0, x) : x } }
// y = x^2
enum Square: NumericUnary { @inline(__always) static func apply<T: NumericElement>(_ x: T) -> T { T.times(x, x) } }
// y = -1, 0 or 1 by the sign of x
enum Sign: NumericUnary { @inline(__always) static func apply<T: NumericElement>(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : x) } }
// y = max(x, 0)
enum Relu: NumericUnary { @inline(__always) static func apply<T: NumericElement>(_ x: T) -> T { x > 0 ? x : 0 } }
// y = min(max(x, 0), 6)
enum Relu6: NumericUnary { @inline(__always) static func apply<T: NumericElement>(_ x: T) -> T { x > 0 ? (x < 6 ? x : 6) : 0 } }
// y = sqrt(x)
enum Sqrt: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { x.squareRoot() } }
// y = 1 / sqrt(x)
enum Rsqrt: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { 1 / x.squareRoot() } }
// y = e^x
enum Exp: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.exp(x) } }
// y = e^x - 1
enum Expm1: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.expm1(x) } }
// y = ln x
enum Log: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.log(x) } }
// y = ln(1 + x)
enum Log1p: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.log1p(x) } }
// y = tanh x
enum Tanh: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.tanh(x) } }
// y = 1 / (1 + e^-x)
enum Sigmoid: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { 1 / (1 + T.exp(-x)) } }
// y = x if x > 0 else e^x - 1
enum Elu: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { x < 0 ? T.expm1(x) : x } }
// y = scale * (x if x > 0 else alpha * (e^x - 1))
enum Selu: FloatUnary {
    static let scale = 1.0507009873554804934193349852946
    static let alpha = 1.6732632423543772848170429916717
    @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T {
        x < 0 ? T(scale * alpha) * T.expm1(x) : T(scale) * x
    }
}
// y = ln(1 + e^x), computed without overflow for large |x|
enum Softplus: FloatUnary {
    @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { x > 0 ? x + T.log1p(T.exp(-x)) : T.log1p(T.exp(x)) }
}
// y = sin x
enum Sin: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.sin(x) } }
// y = cos x
enum Cos: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.cos(x) } }
// y = 1 / x
enum Reciprocal: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { 1 / x } }
// y = erf x
enum Erf: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.erf(x) } }
// y = floor x
enum Floor: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { x.rounded(.down) } }
// y = ceil x
enum Ceil: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { x.rounded(.up) } }
// y = x rounded half to even (TF's Round)
enum Round: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { x.rounded(.toNearestOrEven) } }
// y = erfc x = 1 - erf x
enum Erfc: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.erfc(x) } }
// Trigonometric and hyperbolic functions and their inverses.
enum Tan: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.tan(x) } }
enum Asin: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.asin(x) } }
enum Acos: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.acos(x) } }
enum Atan: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.atan(x) } }
enum Sinh: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.sinh(x) } }
enum Cosh: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.cosh(x) } }
enum Asinh: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.asinh(x) } }
enum Acosh: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.acosh(x) } }
enum Atanh: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { T.atanh(x) } }
// y = x / (1 + |x|)
enum Softsign: FloatUnary { @inline(__always) static func apply<T: FloatElement>(_ x: T) -> T { x / (1 + abs(x)) } }
