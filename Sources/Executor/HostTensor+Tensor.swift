import GraphCore
import GraphModel

/// Converting between the executor's `HostTensor` and GraphModel's `Tensor` (a `Const`
/// value, or an array NumpyIO read).
extension HostTensor {
    /// The tensor's values. Narrow integer types widen to int32 (uint64 to int64) and
    /// float16/bfloat16 widen to float32, since the executor computes in those.
    public init(_ tensor: Tensor) throws(ExecutionError) {
        guard let sizes = tensor.shape.sizes, tensor.shape.isFullyDefined else {
            throw .invalidTensor("tensor shape \(tensor.shape) is not fully defined")
        }
        let shape = sizes.map(Int.init)
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 34 else { throw .invalidTensor("tensor shape \(tensor.shape) is too large") }
            count = product
        }
        let storage: TensorStorage
        switch tensor.dtype.base {
        case .float32:
            storage = .float32(tensor.content.isEmpty ? Self.expand(tensor.floatValues, count) : Self.decode(tensor.content, Float.self))
        case .float64:
            storage = .float64(tensor.content.isEmpty ? Self.expand(tensor.doubleValues, count) : Self.decode(tensor.content, Double.self))
        case .int32:
            storage = .int32(tensor.content.isEmpty ? Self.expand(tensor.intValues, count) : Self.decode(tensor.content, Int32.self))
        case .int64:
            storage = .int64(tensor.int64Values() ?? [])
        case .uint64:
            storage = .int64((tensor.doubleValues() ?? []).map { Int64(converting: $0) })
        case .bool:
            storage = .bool(tensor.content.isEmpty ? Self.expand(tensor.boolValues, count) : tensor.content.map { $0 != 0 })
        case .int8, .int16, .uint8, .uint16, .uint32:
            storage = .int32((tensor.doubleValues() ?? []).map { Int32(converting: $0) })
        case .float16, .bfloat16:
            storage = .float32((tensor.doubleValues() ?? []).map { Float($0) })
        case .string:
            storage = .string(Self.expand(tensor.stringValues, count))
        default:
            throw .invalidTensor("dtype \(tensor.dtype) is not supported by the executor")
        }
        guard storage.count == count else {
            throw .invalidTensor("\(tensor.dtype) tensor of shape \(tensor.shape) holds \(storage.count) values, needs \(count)")
        }
        self.init(unchecked: shape, storage)
    }

    /// A `Tensor` with the values in `content` (strings in `stringValues`), as NumpyIO writes it.
    public func tensor() throws(ExecutionError) -> Tensor {
        var t = Tensor(dtype: dtype, shape: TensorShape(shape.map(Int64.init)))
        switch storage {
        case .float32(let v): t.content = Self.encode(v)
        case .float64(let v): t.content = Self.encode(v)
        case .int32(let v): t.content = Self.encode(v)
        case .int64(let v): t.content = Self.encode(v)
        case .bool(let v): t.content = v.map { $0 ? 1 : 0 }
        case .string(let v): t.stringValues = v
        case .resource: throw .invalidTensor("a resource handle has no serializable value")
        }
        return t
    }

    private static func expand<T>(_ values: [T], _ count: Int) -> [T] {
        guard let last = values.last, values.count < count else { return values }
        return values + Array(repeating: last, count: count - values.count)
    }

    private static func decode<T>(_ bytes: [UInt8], _ type: T.Type) -> [T] {
        let n = bytes.count / MemoryLayout<T>.size
        return bytes.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: n) { out, initialized in
                for i in 0..<n { out[i] = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self) }
                initialized = n
            }
        }
    }

    private static func encode<T>(_ values: [T]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }
}

extension HostTensor {
    /// This tensor converted to `dtype` the way TensorFlow's `Cast` converts: floats to
    /// integers truncate toward zero, anything nonzero is `true`.
    public func cast(to dtype: DType) throws(ExecutionError) -> HostTensor {
        if dtype.base == self.dtype { return self }
        let storage: TensorStorage
        switch (self.storage, dtype.base) {
        case (.float32(let v), .float64): storage = .float64(mapElements(v) { Double($0) })
        case (.float64(let v), .float32): storage = .float32(mapElements(v) { Float($0) })
        case (.int32(let v), .int64): storage = .int64(mapElements(v) { Int64($0) })
        case (.int64(let v), .int32): storage = .int32(mapElements(v) { Int32(truncatingIfNeeded: $0) })
        case (.bool(let v), _):
            storage = try Self.fromDoubles(v.map { $0 ? 1 : 0 }, dtype.base)
        case (_, .bool):
            guard let d = doubles else { throw .invalidTensor("cannot cast \(self.dtype) to bool") }
            storage = .bool(d.map { $0 != 0 })
        default:
            guard let d = doubles else { throw .invalidTensor("cannot cast \(self.dtype) to \(dtype)") }
            storage = try Self.fromDoubles(d, dtype.base)
        }
        return HostTensor(unchecked: shape, storage)
    }

    private static func fromDoubles(_ d: [Double], _ dtype: DType) throws(ExecutionError) -> TensorStorage {
        switch dtype {
        case .float32: return .float32(d.map { Float($0) })
        case .float64: return .float64(d)
        case .int32: return .int32(d.map { Int32(converting: $0) })
        case .int64: return .int64(d.map { Int64(converting: $0) })
        case .bool: return .bool(d.map { $0 != 0 })
        default: throw .invalidTensor("cannot cast to \(dtype): the executor computes in float32, float64, int32, int64 and bool")
        }
    }
}
