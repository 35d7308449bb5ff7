import Foundation

/// A Swift type that a `TensorStorage` case holds, so generic kernels can unwrap and rewrap.
protocol StorageElement: Sendable, Equatable {
    static func wrap(_ values: [Self]) -> TensorStorage
    static func unwrap(_ storage: TensorStorage) -> [Self]?
    /// The value `Pad`, `ZerosLike` and scatter kernels fill with.
    static var zeroElement: Self { get }
}

/// Numbers: the dtypes arithmetic, comparisons and reductions accept.
protocol NumericElement: StorageElement, SignedNumeric, Comparable {
    init(converting value: Double)
    var doubleValue: Double { get }
    static var lowest: Self { get }
    static var highest: Self { get }
    /// Arithmetic that wraps on integer overflow (as TensorFlow's kernels do) instead of trapping.
    static func plus(_ a: Self, _ b: Self) -> Self
    static func minus(_ a: Self, _ b: Self) -> Self
    static func times(_ a: Self, _ b: Self) -> Self
}

extension FloatElement {
    @inline(__always) static func plus(_ a: Self, _ b: Self) -> Self { a + b }
    @inline(__always) static func minus(_ a: Self, _ b: Self) -> Self { a - b }
    @inline(__always) static func times(_ a: Self, _ b: Self) -> Self { a * b }
}

extension IntElement {
    @inline(__always) static func plus(_ a: Self, _ b: Self) -> Self { a &+ b }
    @inline(__always) static func minus(_ a: Self, _ b: Self) -> Self { a &- b }
    @inline(__always) static func times(_ a: Self, _ b: Self) -> Self { a &* b }
}

/// float32 and float64, with the libm functions the math kernels use.
protocol FloatElement: NumericElement, BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func erfc(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func tan(_ x: Self) -> Self
    static func asin(_ x: Self) -> Self
    static func acos(_ x: Self) -> Self
    static func atan(_ x: Self) -> Self
    static func atan2(_ y: Self, _ x: Self) -> Self
    static func sinh(_ x: Self) -> Self
    static func cosh(_ x: Self) -> Self
    static func asinh(_ x: Self) -> Self
    static func acosh(_ x: Self) -> Self
    static func atanh(_ x: Self) -> Self
}

/// int32 and int64.
protocol IntElement: NumericElement, FixedWidthInteger, SignedInteger {}

extension Float: FloatElement {
    static func wrap(_ values: [Float]) -> TensorStorage { .float32(values) }
    static func unwrap(_ storage: TensorStorage) -> [Float]? { if case .float32(let v) = storage { v } else { nil } }
    static var zeroElement: Float { 0 }
    init(converting value: Double) { self.init(value) }
    var doubleValue: Double { Double(self) }
    static var lowest: Float { -.infinity }
    static var highest: Float { .infinity }
    @inline(__always) static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) static func expm1(_ x: Float) -> Float { Foundation.expm1(x) }
    @inline(__always) static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inline(__always) static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    @inline(__always) static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inline(__always) static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    @inline(__always) static func cos(_ x: Float) -> Float { Foundation.cos(x) }
    @inline(__always) static func erf(_ x: Float) -> Float { Foundation.erf(x) }
    @inline(__always) static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
    @inline(__always) static func erfc(_ x: Float) -> Float { Foundation.erfc(x) }
    @inline(__always) static func tan(_ x: Float) -> Float { Foundation.tan(x) }
    @inline(__always) static func asin(_ x: Float) -> Float { Foundation.asin(x) }
    @inline(__always) static func acos(_ x: Float) -> Float { Foundation.acos(x) }
    @inline(__always) static func atan(_ x: Float) -> Float { Foundation.atan(x) }
    @inline(__always) static func sinh(_ x: Float) -> Float { Foundation.sinh(x) }
    @inline(__always) static func cosh(_ x: Float) -> Float { Foundation.cosh(x) }
    @inline(__always) static func asinh(_ x: Float) -> Float { Foundation.asinh(x) }
    @inline(__always) static func acosh(_ x: Float) -> Float { Foundation.acosh(x) }
    @inline(__always) static func atanh(_ x: Float) -> Float { Foundation.atanh(x) }
    @inline(__always) static func atan2(_ y: Float, _ x: Float) -> Float { Foundation.atan2(y, x) }
}

extension Double: FloatElement {
    static func wrap(_ values: [Double]) -> TensorStorage { .float64(values) }
    static func unwrap(_ storage: TensorStorage) -> [Double]? { if case .float64(let v) = storage { v } else { nil } }
    static var zeroElement: Double { 0 }
    init(converting value: Double) { self = value }
    var doubleValue: Double { self }
    static var lowest: Double { -.infinity }
    static var highest: Double { .infinity }
    @inline(__always) static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) static func expm1(_ x: Double) -> Double { Foundation.expm1(x) }
    @inline(__always) static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    @inline(__always) static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inline(__always) static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    @inline(__always) static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    @inline(__always) static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    @inline(__always) static func erfc(_ x: Double) -> Double { Foundation.erfc(x) }
    @inline(__always) static func tan(_ x: Double) -> Double { Foundation.tan(x) }
    @inline(__always) static func asin(_ x: Double) -> Double { Foundation.asin(x) }
    @inline(__always) static func acos(_ x: Double) -> Double { Foundation.acos(x) }
    @inline(__always) static func atan(_ x: Double) -> Double { Foundation.atan(x) }
    @inline(__always) static func sinh(_ x: Double) -> Double { Foundation.sinh(x) }
    @inline(__always) static func cosh(_ x: Double) -> Double { Foundation.cosh(x) }
    @inline(__always) static func asinh(_ x: Double) -> Double { Foundation.asinh(x) }
    @inline(__always) static func acosh(_ x: Double) -> Double { Foundation.acosh(x) }
    @inline(__always) static func atanh(_ x: Double) -> Double { Foundation.atanh(x) }
    @inline(__always) static func atan2(_ y: Double, _ x: Double) -> Double { Foundation.atan2(y, x) }
}

extension Int32: IntElement {
    static func wrap(_ values: [Int32]) -> TensorStorage { .int32(values) }
    static func unwrap(_ storage: TensorStorage) -> [Int32]? { if case .int32(let v) = storage { v } else { nil } }
    static var zeroElement: Int32 { 0 }
    init(converting value: Double) {
        let clamped = Swift.max(-2147483648.0, Swift.min(2147483647.0, value.rounded(.towardZero)))
        self = value.isNaN ? 0 : Int32(clamped)
    }
    var doubleValue: Double { Double(self) }
    static var lowest: Int32 { .min }
    static var highest: Int32 { .max }
}

extension Int64: IntElement {
    static func wrap(_ values: [Int64]) -> TensorStorage { .int64(values) }
    static func unwrap(_ storage: TensorStorage) -> [Int64]? { if case .int64(let v) = storage { v } else { nil } }
    static var zeroElement: Int64 { 0 }
    init(converting value: Double) {
        self = value.isNaN ? 0 : (value >= 9.2233720368547758e18 ? .max : (value <= -9.2233720368547758e18 ? .min : Int64(value.rounded(.towardZero))))
    }
    var doubleValue: Double { Double(self) }
    static var lowest: Int64 { .min }
    static var highest: Int64 { .max }
}

extension Bool: StorageElement {
    static func wrap(_ values: [Bool]) -> TensorStorage { .bool(values) }
    static func unwrap(_ storage: TensorStorage) -> [Bool]? { if case .bool(let v) = storage { v } else { nil } }
    static var zeroElement: Bool { false }
}

extension Array: StorageElement where Element == UInt8 {
    static func wrap(_ values: [[UInt8]]) -> TensorStorage { .string(values) }
    static func unwrap(_ storage: TensorStorage) -> [[UInt8]]? { if case .string(let v) = storage { v } else { nil } }
    static var zeroElement: [UInt8] { [] }
}

extension String: StorageElement {
    static func wrap(_ values: [String]) -> TensorStorage { .resource(values) }
    static func unwrap(_ storage: TensorStorage) -> [String]? { if case .resource(let v) = storage { v } else { nil } }
    static var zeroElement: String { "" }
}

/// Generic code over whatever element type a storage holds.
protocol StorageVisitor {
    associatedtype Result
    func visit<T: StorageElement>(_ values: [T]) -> Result
}

/// `StorageVisitor` for code that can fail.
protocol ThrowingStorageVisitor {
    associatedtype Result
    func visit<T: StorageElement>(_ values: [T]) throws -> Result
}

/// Generic code over numeric storages (float32, float64, int32, int64).
protocol NumericVisitor {
    associatedtype Result
    func visit<T: NumericElement>(_ values: [T]) throws -> Result
}

/// Generic code over float32 and float64 storages.
protocol FloatVisitor {
    associatedtype Result
    func visit<T: FloatElement>(_ values: [T]) throws -> Result
}

extension TensorStorage {
    func accept<V: StorageVisitor>(_ visitor: V) -> V.Result {
        switch self {
        case .float32(let v): visitor.visit(v)
        case .float64(let v): visitor.visit(v)
        case .int32(let v): visitor.visit(v)
        case .int64(let v): visitor.visit(v)
        case .bool(let v): visitor.visit(v)
        case .string(let v): visitor.visit(v)
        case .resource(let v): visitor.visit(v)
        }
    }

    func accept<V: ThrowingStorageVisitor>(_ visitor: V) throws -> V.Result {
        switch self {
        case .float32(let v): try visitor.visit(v)
        case .float64(let v): try visitor.visit(v)
        case .int32(let v): try visitor.visit(v)
        case .int64(let v): try visitor.visit(v)
        case .bool(let v): try visitor.visit(v)
        case .string(let v): try visitor.visit(v)
        case .resource(let v): try visitor.visit(v)
        }
    }

    func accept<V: NumericVisitor>(_ visitor: V) throws -> V.Result {
        switch self {
        case .float32(let v): return try visitor.visit(v)
        case .float64(let v): return try visitor.visit(v)
        case .int32(let v): return try visitor.visit(v)
        case .int64(let v): return try visitor.visit(v)
        default: throw KernelError("expected a numeric tensor (float32, float64, int32, int64), got \(dtype)")
        }
    }

    func accept<V: FloatVisitor>(_ visitor: V) throws -> V.Result {
        switch self {
        case .float32(let v): return try visitor.visit(v)
        case .float64(let v): return try visitor.visit(v)
        default: throw KernelError("expected a floating-point tensor (float32, float64), got \(dtype)")
        }
    }
}

extension HostTensor {
    /// A float32 or float64 tensor's elements widened to Double, for kernels that compute in double.
    func floatingPointValues(_ role: String) throws -> [Double] {
        guard dtype == .float32 || dtype == .float64, let values = doubles else {
            throw KernelError("\(role) must be float32 or float64, got \(signature)")
        }
        return values
    }

    /// Values computed in double, stored as float64 when `wide` (a float64 graph, such as a
    /// gradient check's float64 copy), else as float32.
    static func floatingPoint(_ values: [Double], shape: [Int], wide: Bool) -> HostTensor {
        HostTensor(unchecked: shape, wide ? .float64(values) : .float32(values.map { Float($0) }))
    }

    /// The elements as `[T]`, or a kernel error naming both dtypes.
    func elements<T: StorageElement>(as type: T.Type, _ role: String = "operand") throws -> [T] {
        guard let values = T.unwrap(storage) else {
            throw KernelError("\(role) has dtype \(dtype), expected \(T.wrap([]).dtype)")
        }
        return values
    }
}

/// Generic code over int32 and int64 storages.
protocol IntVisitor {
    associatedtype Result
    func visit<T: IntElement>(_ values: [T]) throws -> Result
}

extension TensorStorage {
    func accept<V: IntVisitor>(_ visitor: V) throws -> V.Result {
        switch self {
        case .int32(let v): return try visitor.visit(v)
        case .int64(let v): return try visitor.visit(v)
        default: throw KernelError("expected an integer tensor (int32, int64), got \(dtype)")
        }
    }

    var isFloatingPoint: Bool {
        switch self {
        case .float32, .float64: true
        default: false
        }
    }
}
