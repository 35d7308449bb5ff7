/// Broadcasting binary elementwise ops: arithmetic, comparisons, logic, and the
/// elementwise gradient ops the rewriter emits.
enum BinaryKernels {
    static let all: [Kernel] = [
        arithmetic("Add", Add.self), arithmetic("AddV2", Add.self), arithmetic("Sub", Sub.self),
        arithmetic("Mul", Mul.self), arithmetic("Maximum", Maximum.self), arithmetic("Minimum", Minimum.self),
        arithmetic("SquaredDifference", SquaredDifference.self),
        arithmetic("Div", TruncatingDiv.self), arithmetic("TruncateDiv", TruncatingDiv.self),
        arithmetic("FloorDiv", FloorDiv.self), arithmetic("FloorMod", FloorMod.self), arithmetic("Pow", Pow.self),
        float("RealDiv", TruncatingDiv.self), float("DivNoNan", DivNoNan.self),
        float("TanhGrad", TanhGrad.self), float("SigmoidGrad", SigmoidGrad.self),
        float("RsqrtGrad", RsqrtGrad.self), float("SqrtGrad", SqrtGrad.self),
        float("ReciprocalGrad", ReciprocalGrad.self), float("InvGrad", ReciprocalGrad.self),
        float("ReluGrad", ReluGrad.self), float("Relu6Grad", Relu6Grad.self),
        float("EluGrad", EluGrad.self), float("SeluGrad", SeluGrad.self),
        float("SoftplusGrad", SoftplusGrad.self), float("SoftsignGrad", SoftsignGrad.self),
        float("Atan2", Atan2.self), float("MulNoNan", MulNoNan.self), float("Xlogy", Xlogy.self), float("Xdivy", Xdivy.self),
        compare("Greater", Greater.self), compare("GreaterEqual", GreaterEqual.self),
        compare("Less", Less.self), compare("LessEqual", LessEqual.self),
        equality("Equal", Equal.self), equality("NotEqual", NotEqual.self),
        logical("LogicalAnd") { $0 && $1 }, logical("LogicalOr") { $0 || $1 },
        .single("AddN", addN), .single("AccumulateNV2", addN), .single("ClipByValue", clipByValue),
    ]

    // y = x_1 + ... + x_n, all of one shape
    static func addN(_ context: inout KernelContext) throws -> HostTensor {
        guard var sum = context.inputs.first else { throw KernelError("AddN needs at least one input") }
        for (i, term) in context.inputs.enumerated().dropFirst() {
            guard term.shape == sum.shape else {
                throw KernelError("input \(i) has shape \(HostTensor.describe(term.shape)), input 0 has \(HostTensor.describe(sum.shape))")
            }
            var pair = KernelContext(node: context.node, inputs: [sum, term], state: context.state)
            sum = try addKernel.compute(&pair)[0]
        }
        return sum
    }

    static let addKernel = arithmetic("Add", Add.self)

    // y = min(max(x, lo), hi), the bounds scalars or of x's shape
    static func clipByValue(_ context: inout KernelContext) throws -> HostTensor {
        let x = try context.input(0), lo = try context.input(1), hi = try context.input(2)
        for bound in [lo, hi] where !(bound.shape.isEmpty || bound.shape == x.shape) {
            throw KernelError("bounds must be scalars or of the input's shape \(x.signature), got \(bound.signature)")
        }
        var lower = KernelContext(node: context.node, inputs: [x, lo], state: context.state)
        let raised = try maximumKernel.compute(&lower)[0]
        var upper = KernelContext(node: context.node, inputs: [raised, hi], state: context.state)
        return try minimumKernel.compute(&upper)[0]
    }

    static let maximumKernel = arithmetic("Maximum", Maximum.self)
    static let minimumKernel = arithmetic("Minimum", Minimum.self)

    static func arithmetic<F: FloatBinary & IntBinary>(_ op: String, _ function: F.Type) -> Kernel {
        .single(op) { context in
            let a = try context.input(0), b = try context.input(1)
            if a.storage.isFloatingPoint { return try a.storage.accept(FloatPair<F>(a: a, b: b)) }
            return try a.storage.accept(IntPair<F>(a: a, b: b))
        }
    }

    static func float<F: FloatBinary>(_ op: String, _ function: F.Type) -> Kernel {
        .single(op) { context in
            let a = try context.input(0), b = try context.input(1)
            return try a.storage.accept(FloatPair<F>(a: a, b: b))
        }
    }

    static func compare<F: Comparison>(_ op: String, _ function: F.Type) -> Kernel {
        .single(op) { context in
            let a = try context.input(0), b = try context.input(1)
            return try a.storage.accept(ComparePair<F>(a: a, b: b))
        }
    }

    static func equality<F: Equality>(_ op: String, _ function: F.Type) -> Kernel {
        .single(op) { context in
            let a = try context.input(0), b = try context.input(1)
            return try a.storage.accept(EqualityPair<F>(a: a, b: b))
        }
    }

    static func logical(_ op: String, _ f: @escaping @Sendable (Bool, Bool) -> Bool) -> Kernel {
        .single(op) { context in
            let a = try context.input(0), b = try context.input(1)
            let (values, shape) = try broadcastBinary(try a.elements(as: Bool.self, "x"), a.shape, try b.elements(as: Bool.self, "y"), b.shape, f)
            return HostTensor(unchecked: shape, .bool(values))
        }
    }

    private struct FloatPair<F: FloatBinary>: FloatVisitor {
        let a: HostTensor, b: HostTensor
        func visit<T: FloatElement>(_ x: [T]) throws -> HostTensor {
            let (values, shape) = try broadcastBinary(x, a.shape, try b.elements(as: T.self, "y"), b.shape, Function<F, T>())
            return HostTensor(unchecked: shape, T.wrap(values))
        }

        struct Function<G: FloatBinary, T: FloatElement>: BinaryFunction {
            @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { G.apply(a, b) }
        }
    }

    private struct IntPair<F: IntBinary>: IntVisitor {
        let a: HostTensor, b: HostTensor
        func visit<T: IntElement>(_ x: [T]) throws -> HostTensor {
            let y = try b.elements(as: T.self, "y")
            if F.divides, y.contains(0) { throw KernelError("integer division by zero") }
            let (values, shape) = try broadcastBinary(x, a.shape, y, b.shape) { F.apply($0, $1) }
            return HostTensor(unchecked: shape, T.wrap(values))
        }
    }

    private struct ComparePair<F: Comparison>: NumericVisitor {
        let a: HostTensor, b: HostTensor
        func visit<T: NumericElement>(_ x: [T]) throws -> HostTensor {
            let (values, shape) = try broadcastBinary(x, a.shape, try b.elements(as: T.self, "y"), b.shape) { F.apply($0, $1) }
            return HostTensor(unchecked: shape, .bool(values))
        }
    }

    private struct EqualityPair<F: Equality>: ThrowingStorageVisitor {
        let a: HostTensor, b: HostTensor
        func visit<T: StorageElement>(_ x: [T]) throws -> HostTensor {
            let (values, shape) = try broadcastBinary(x, a.shape, try b.elements(as: T.self, "y"), b.shape) { F.apply($0, $1) }
            return HostTensor(unchecked: shape, .bool(values))
        }
    }
}

protocol FloatBinary: SendableMetatype { static func apply<T: FloatElement>(_ a: T, _ b: T) -> T }
protocol IntBinary: SendableMetatype {
    static func apply<T: IntElement>(_ a: T, _ b: T) -> T
    /// Whether a zero right operand is an error (integer division).
    static var divides: Bool { get }
}
extension IntBinary { static var divides: Bool { false } }
protocol Comparison: SendableMetatype { static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool }
protocol Equality: SendableMetatype { static func apply<T: Equatable>(_ a: T, _ b: T) -> Bool }

// z = x + y
enum Add: FloatBinary, IntBinary { @inline(__always) static func apply<T: NumericElement>(_ a: T, _ b: T) -> T { T.plus(a, b) } }
// z = x - y
enum Sub: FloatBinary, IntBinary { @inline(__always) static func apply<T: NumericElement>(_ a: T, _ b: T) -> T { T.minus(a, b) } }
// z = x * y
enum Mul: FloatBinary, IntBinary { @inline(__always) static func apply<T: NumericElement>(_ a: T, _ b: T) -> T { T.times(a, b) } }
// z = max(x, y); NaN wins, as in TF
enum Maximum: FloatBinary, IntBinary {
    @inline(__always) static func apply<T: NumericElement>(_ a: T, _ b: T) -> T { a != a ? a : (a > b ? a : (b != b ? b : (a < b ? b : a))) }
}
// z = min(x, y); NaN wins, as in TF
enum Minimum: FloatBinary, IntBinary {
    @inline(__always) static func apply<T: NumericElement>(_ a: T, _ b: T) -> T { a != a ? a : (a < b ? a : (b != b ? b : (a > b ? b : a))) }
}
// z = (x - y)^2
enum SquaredDifference: FloatBinary, IntBinary {
    @inline(__always) static func apply<T: NumericElement>(_ a: T, _ b: T) -> T { T.times(T.minus(a, b), T.minus(a, b)) }
}
// z = x / y; integers round toward zero (TF's Div, TruncateDiv)
enum TruncatingDiv: FloatBinary, IntBinary {
    @inline(__always) static func apply<T: FloatElement>(_ a: T, _ b: T) -> T { a / b }
    @inline(__always) static func apply<T: IntElement>(_ a: T, _ b: T) -> T { b == -1 ? 0 &- a : a / b }
    static var divides: Bool { true }
}
// z = x / y, or 0 where y == 0
enum DivNoNan: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ a: T, _ b: T) -> T { b == 0 ? 0 : a / b } }
// z = floor(x / y)
enum FloorDiv: FloatBinary, IntBinary {
    @inline(__always) static func apply<T: FloatElement>(_ a: T, _ b: T) -> T { (a / b).rounded(.down) }
    @inline(__always) static func apply<T: IntElement>(_ a: T, _ b: T) -> T {
        if b == -1 { return 0 &- a }
        let q = a / b
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
    }
    static var divides: Bool { true }
}
// z = x - floor(x / y) * y: the remainder takes the sign of y
enum FloorMod: FloatBinary, IntBinary {
    @inline(__always) static func apply<T: FloatElement>(_ a: T, _ b: T) -> T {
        let r = a.truncatingRemainder(dividingBy: b)
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
    }
    @inline(__always) static func apply<T: IntElement>(_ a: T, _ b: T) -> T {
        if b == -1 { return 0 }
        let r = a % b
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
    }
    static var divides: Bool { true }
}
// z = x^y
enum Pow: FloatBinary, IntBinary {
    @inline(__always) static func apply<T: FloatElement>(_ a: T, _ b: T) -> T { T.pow(a, b) }
    static func apply<T: IntElement>(_ a: T, _ b: T) -> T {
        guard b >= 0 else { return a == 1 ? 1 : (a == -1 ? (b % 2 == 0 ? 1 : -1) : 0) }
        var result: T = 1, base = a, e = b
        while e > 0 {
            if e & 1 == 1 { result = result &* base }
            base = base &* base
            e >>= 1
        }
        return result
    }
}
// dx = dy * (1 - y^2), inputs (y, dy)
enum TanhGrad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ y: T, _ dy: T) -> T { dy * (1 - y * y) } }
// dx = dy * y * (1 - y), inputs (y, dy)
enum SigmoidGrad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ y: T, _ dy: T) -> T { dy * y * (1 - y) } }
// dx = dy * -y^3 / 2, inputs (y, dy)
enum RsqrtGrad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ y: T, _ dy: T) -> T { dy * (y * y * y) * -0.5 } }
// dx = dy / (2 y), inputs (y, dy)
enum SqrtGrad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ y: T, _ dy: T) -> T { dy * 0.5 / y } }
// dx = -dy * y^2, inputs (y, dy)
enum ReciprocalGrad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ y: T, _ dy: T) -> T { -dy * y * y } }
// dx = dy where x > 0 else 0, inputs (dy, x)
enum ReluGrad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ dy: T, _ x: T) -> T { x > 0 ? dy : 0 } }
// dx = dy where 0 < x < 6 else 0, inputs (dy, x)
enum Relu6Grad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ dy: T, _ x: T) -> T { x > 0 && x < 6 ? dy : 0 } }
// dx = dy where y > 0 else dy * (y + 1), inputs (dy, y)
enum EluGrad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ dy: T, _ y: T) -> T { y > 0 ? dy : dy * (y + 1) } }
// dx = dy * scale where y > 0 else dy * (y + scale * alpha), inputs (dy, y)
enum SeluGrad: FloatBinary {
    @inline(__always) static func apply<T: FloatElement>(_ dy: T, _ y: T) -> T {
        y > 0 ? dy * T(Selu.scale) : dy * (y + T(Selu.scale * Selu.alpha))
    }
}
// dx = dy * sigmoid(x), inputs (dy, x)
enum SoftplusGrad: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ dy: T, _ x: T) -> T { dy / (1 + T.exp(-x)) } }
// dx = dy / (1 + |x|)^2
enum SoftsignGrad: FloatBinary {
    @inline(__always) static func apply<T: FloatElement>(_ dy: T, _ x: T) -> T { let d = 1 + abs(x); return dy / (d * d) }
}
// z = x * y, 0 where y = 0 (even for an infinite or NaN x)
enum MulNoNan: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ x: T, _ y: T) -> T { y == 0 ? 0 : x * y } }
// z = atan2(y, x), the angle of (x, y)
enum Atan2: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ y: T, _ x: T) -> T { T.atan2(y, x) } }
// z = x log y, 0 where x = 0 (even for y = 0)
enum Xlogy: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ x: T, _ y: T) -> T { x == 0 ? 0 : x * T.log(y) } }
// z = x / y, 0 where x = 0
enum Xdivy: FloatBinary { @inline(__always) static func apply<T: FloatElement>(_ x: T, _ y: T) -> T { x == 0 ? 0 : x / y } }

enum Greater: Comparison { @inline(__always) static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a > b } }
enum GreaterEqual: Comparison { @inline(__always) static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a >= b } }
enum Less: Comparison { @inline(__always) static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a < b } }
enum LessEqual: Comparison { @inline(__always) static func apply<T: Comparable>(_ a: T, _ b: T) -> Bool { a <= b } }
enum Equal: Equality { @inline(__always) static func apply<T: Equatable>(_ a: T, _ b: T) -> Bool { a == b } }
enum NotEqual: Equality { @inline(__always) static func apply<T: Equatable>(_ a: T, _ b: T) -> Bool { a != b } }
