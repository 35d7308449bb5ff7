/// Reductions over an axes input (`Sum`, `Mean`, ...), with the `keep_dims` attr.
enum ReductionKernels {
    static let all: [Kernel] = [
        numeric("Sum", SumFold.self, mean: false), numeric("Mean", SumFold.self, mean: true),
        numeric("Prod", ProdFold.self, mean: false), numeric("Max", MaxFold.self, mean: false),
        numeric("Min", MinFold.self, mean: false),
        boolean("All", initial: true) { $0 && $1 }, boolean("Any", initial: false) { $0 || $1 },
    ]

    /// The reduced axes from input 1, normalized; an empty list reduces nothing.
    static func axes(_ context: KernelContext, rank: Int) throws -> Set<Int> {
        var axes = Set<Int>()
        for axis in try context.intInput(1, "reduction_indices") {
            axes.insert(try normalizeAxis(axis, rank: rank, "reduction axis"))
        }
        return axes
    }

    static func numeric<F: Fold>(_ op: String, _ fold: F.Type, mean: Bool) -> Kernel {
        .single(op) { context in
            let x = try context.input(0)
            let axes = try axes(context, rank: x.rank)
            let shape = reducedShape(x.shape, axes: axes, keepDims: context.bool("keep_dims"))
            let n = axes.reduce(1) { $0 * x.shape[$1] }
            var storage = try x.storage.accept(Reduction<F>(shape: x.shape, axes: axes))
            if mean { storage = try storage.accept(DivideBy(n: n)) }
            return HostTensor(unchecked: shape, storage)
        }
    }

    static func boolean(_ op: String, initial: Bool, _ combine: @escaping @Sendable (Bool, Bool) -> Bool) -> Kernel {
        .single(op) { context in
            let x = try context.input(0)
            let axes = try axes(context, rank: x.rank)
            let values = reduceAxes(try x.elements(as: Bool.self), shape: x.shape, axes: axes, initial: initial, combine)
            return HostTensor(unchecked: reducedShape(x.shape, axes: axes, keepDims: context.bool("keep_dims")), .bool(values))
        }
    }

    private struct Reduction<F: Fold>: NumericVisitor {
        let shape: [Int], axes: Set<Int>
        func visit<T: NumericElement>(_ values: [T]) -> TensorStorage {
            T.wrap(reduceAxes(values, shape: shape, axes: axes, initial: F.initial(T.self)) { F.combine($0, $1) })
        }
    }

    private struct DivideBy: NumericVisitor {
        let n: Int
        func visit<T: NumericElement>(_ values: [T]) throws -> TensorStorage {
            if let floats = values as? [Float] { return .float32(mapElements(floats) { $0 / Float(n) }) }
            if let doubles = values as? [Double] { return .float64(mapElements(doubles) { $0 / Double(n) }) }
            guard n != 0 else { throw KernelError("integer mean over an empty axis divides by zero") }
            return T.wrap(values.map { T(converting: ($0.doubleValue / Double(n)).rounded(.towardZero)) })
        }
    }
}

protocol Fold: SendableMetatype {
    static func initial<T: NumericElement>(_ type: T.Type) -> T
    static func combine<T: NumericElement>(_ a: T, _ b: T) -> T
}

// y = sum over axes
enum SumFold: Fold {
    static func initial<T: NumericElement>(_ type: T.Type) -> T { 0 }
    @inline(__always) static func combine<T: NumericElement>(_ a: T, _ b: T) -> T { T.plus(a, b) }
}
// y = product over axes
enum ProdFold: Fold {
    static func initial<T: NumericElement>(_ type: T.Type) -> T { 1 }
    @inline(__always) static func combine<T: NumericElement>(_ a: T, _ b: T) -> T { T.times(a, b) }
}
// y = max over axes (lowest value for an empty set); NaN propagates
enum MaxFold: Fold {
    static func initial<T: NumericElement>(_ type: T.Type) -> T { T.lowest }
    @inline(__always) static func combine<T: NumericElement>(_ a: T, _ b: T) -> T { Maximum.apply(a, b) }
}
// y = min over axes (highest value for an empty set); NaN propagates
enum MinFold: Fold {
    static func initial<T: NumericElement>(_ type: T.Type) -> T { T.highest }
    @inline(__always) static func combine<T: NumericElement>(_ a: T, _ b: T) -> T { Minimum.apply(a, b) }
}
