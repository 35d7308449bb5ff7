import GraphModel

/// The elements of a tensor the executor computes with, one case per supported dtype.
public enum TensorStorage: Sendable, Equatable {
    case float32([Float])
    case float64([Double])
    case int32([Int32])
    case int64([Int64])
    case bool([Bool])
    case string([[UInt8]])
    /// A resource handle (`VarHandleOp`): the name of the variable it refers to.
    case resource([String])

    public var dtype: DType {
        switch self {
        case .float32: .float32
        case .float64: .float64
        case .int32: .int32
        case .int64: .int64
        case .bool: .bool
        case .string: .string
        case .resource: .resource
        }
    }

    public var count: Int {
        switch self {
        case .float32(let v): v.count
        case .float64(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .bool(let v): v.count
        case .string(let v): v.count
        case .resource(let v): v.count
        }
    }
}

/// A dense, row-major tensor value in memory: what kernels consume and produce, what feeds
/// and fetches are.
public struct HostTensor: Sendable, Equatable, CustomStringConvertible {
    public private(set) var shape: [Int]
    public private(set) var storage: TensorStorage

    /// A tensor whose storage holds exactly `shape.product` elements.
    public init(shape: [Int], storage: TensorStorage) throws(ExecutionError) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == storage.count else {
            throw .invalidTensor("\(storage.count) \(storage.dtype) elements do not fill shape \(HostTensor.describe(shape))")
        }
        self.shape = shape
        self.storage = storage
    }

    /// For kernels, which compute `shape` and `storage` together.
    init(unchecked shape: [Int], _ storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    public var dtype: DType { storage.dtype }
    public var rank: Int { shape.count }
    public var count: Int { storage.count }

    public static func float32(_ values: [Float], shape: [Int]? = nil) throws(ExecutionError) -> HostTensor {
        try HostTensor(shape: shape ?? [values.count], storage: .float32(values))
    }
    public static func float64(_ values: [Double], shape: [Int]? = nil) throws(ExecutionError) -> HostTensor {
        try HostTensor(shape: shape ?? [values.count], storage: .float64(values))
    }
    public static func int32(_ values: [Int32], shape: [Int]? = nil) throws(ExecutionError) -> HostTensor {
        try HostTensor(shape: shape ?? [values.count], storage: .int32(values))
    }
    public static func int64(_ values: [Int64], shape: [Int]? = nil) throws(ExecutionError) -> HostTensor {
        try HostTensor(shape: shape ?? [values.count], storage: .int64(values))
    }
    public static func bool(_ values: [Bool], shape: [Int]? = nil) throws(ExecutionError) -> HostTensor {
        try HostTensor(shape: shape ?? [values.count], storage: .bool(values))
    }
    public static func scalar(_ value: Float) -> HostTensor { HostTensor(unchecked: [], .float32([value])) }
    public static func scalar(_ value: Double) -> HostTensor { HostTensor(unchecked: [], .float64([value])) }

    /// Every element as a Double (bools as 0/1); nil for strings and resources.
    public var doubles: [Double]? {
        switch storage {
        case .float32(let v): v.map(Double.init)
        case .float64(let v): v
        case .int32(let v): v.map(Double.init)
        case .int64(let v): v.map(Double.init)
        case .bool(let v): v.map { $0 ? 1 : 0 }
        case .string, .resource: nil
        }
    }

    /// Integer elements (int32, int64, bool) as Int; nil for other dtypes.
    public var ints: [Int]? {
        switch storage {
        case .int32(let v): v.map(Int.init)
        case .int64(let v): v.map(Int.init)
        case .bool(let v): v.map { $0 ? 1 : 0 }
        default: nil
        }
    }

    /// `float32[2,3]`: the notation errors use.
    public var signature: String { "\(dtype)\(Self.describe(shape))" }

    public var description: String { signature }

    static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ",") + "]" }

    /// The same elements under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> HostTensor { HostTensor(unchecked: newShape, storage) }
}
