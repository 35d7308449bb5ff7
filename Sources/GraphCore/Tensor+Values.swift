import GraphModel

/// Reading the numbers out of a `Tensor` and building `Tensor`s the way TensorFlow's
/// Python `make_tensor_proto` does, so constants we create match TF's bytes.
extension Tensor {
    /// Elements as Doubles (numeric and bool dtypes), expanding TF's "repeat the last
    /// value" shorthand to the element count. Nil for strings, resources and variants.
    public func doubleValues() -> [Double]? {
        let count = Int(shape.elementCount ?? 1)
        if !content.isEmpty { return Self.decodeContent(content, dtype: dtype) }
        let values: [Double]
        switch dtype.base {
        case .float32: values = floatValues.map(Double.init)
        case .float64: values = doubleValues
        case .int32, .int16, .int8, .uint8, .uint16, .qint8, .quint8, .qint16, .quint16, .qint32:
            values = intValues.map(Double.init)
        case .int64: values = int64Values.map(Double.init)
        case .uint32: values = uint32Values.map(Double.init)
        case .uint64: values = uint64Values.map(Double.init)
        case .bool: values = boolValues.map { $0 ? 1 : 0 }
        case .float16: values = halfValues.map { Double(Float16(bitPattern: UInt16(truncatingIfNeeded: $0))) }
        case .bfloat16: values = halfValues.map { Double(Float(bitPattern: UInt32(UInt16(truncatingIfNeeded: $0)) << 16)) }
        default: return nil
        }
        return Self.expand(values, to: count)
    }

    /// Elements as Int64 for integer and bool dtypes (exact for int64).
    public func int64Values() -> [Int64]? {
        let count = Int(shape.elementCount ?? 1)
        switch dtype.base {
        case .int64:
            if !content.isEmpty { return Self.decodeRaw(content, as: Int64.self) }
            return Self.expand(int64Values, to: count)
        case .int32, .int16, .int8, .uint8, .uint16, .uint32, .uint64, .bool:
            return doubleValues()?.map { Int64($0) }
        default: return nil
        }
    }

    private static func expand<T>(_ values: [T], to count: Int) -> [T] {
        guard let last = values.last, values.count < count else { return values.count > count ? Array(values.prefix(count)) : values }
        return values + Array(repeating: last, count: count - values.count)
    }

    private static func decodeRaw<T>(_ bytes: [UInt8], as: T.Type) -> [T] {
        let n = bytes.count / MemoryLayout<T>.size
        return bytes.withUnsafeBytes { raw in (0..<n).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) } }
    }

    private static func decodeContent(_ bytes: [UInt8], dtype: DType) -> [Double]? {
        switch dtype.base {
        case .float32: return decodeRaw(bytes, as: Float.self).map(Double.init)
        case .float64: return decodeRaw(bytes, as: Double.self)
        case .int32, .qint32: return decodeRaw(bytes, as: Int32.self).map(Double.init)
        case .int64: return decodeRaw(bytes, as: Int64.self).map(Double.init)
        case .int16, .qint16: return decodeRaw(bytes, as: Int16.self).map(Double.init)
        case .uint16, .quint16: return decodeRaw(bytes, as: UInt16.self).map(Double.init)
        case .int8, .qint8: return decodeRaw(bytes, as: Int8.self).map(Double.init)
        case .uint8, .quint8: return bytes.map(Double.init)
        case .uint32: return decodeRaw(bytes, as: UInt32.self).map(Double.init)
        case .uint64: return decodeRaw(bytes, as: UInt64.self).map(Double.init)
        case .bool: return bytes.map { $0 != 0 ? 1 : 0 }
        case .float16: return decodeRaw(bytes, as: UInt16.self).map { Double(Float16(bitPattern: $0)) }
        case .bfloat16: return decodeRaw(bytes, as: UInt16.self).map { Double(Float(bitPattern: UInt32($0) << 16)) }
        default: return nil
        }
    }

    /// A tensor encoded as TensorFlow's Python `make_tensor_proto` encodes it: one typed
    /// value for a single element, raw `tensor_content` for two or more, and — when
    /// `broadcastScalar` is set — a single typed value with the full shape.
    public static func make(dtype: DType, shape: [Int64], values: [Double], broadcastScalar: Bool = false) -> Tensor {
        var t = Tensor(dtype: dtype, shape: TensorShape(shape))
        if values.count >= 2 && !broadcastScalar {
            t.content = encodeContent(values, dtype: dtype)
            return t
        }
        guard let v = values.first else { return t }
        switch dtype.base {
        case .float32: t.floatValues = [Float(v)]
        case .float64: t.doubleValues = [v]
        case .int64: t.int64Values = [Int64(v)]
        case .bool: t.boolValues = [v != 0]
        case .uint32: t.uint32Values = [UInt32(v)]
        case .uint64: t.uint64Values = [UInt64(v)]
        case .float16: t.halfValues = [Int32(Float16(v).bitPattern)]
        case .bfloat16: t.halfValues = [Int32(Float(v).bitPattern >> 16)]
        default: t.intValues = [Int32(v)]
        }
        return t
    }

    /// Int64-exact variant of `make` for integer tensors.
    public static func make(dtype: DType, shape: [Int64], ints: [Int64]) -> Tensor {
        make(dtype: dtype, shape: shape, values: ints.map(Double.init))
    }

    private static func encodeContent(_ values: [Double], dtype: DType) -> [UInt8] {
        func raw<T>(_ converted: [T]) -> [UInt8] { converted.withUnsafeBytes { Array($0) } }
        switch dtype.base {
        case .float32: return raw(values.map(Float.init))
        case .float64: return raw(values)
        case .int32: return raw(values.map { Int32($0) })
        case .int64: return raw(values.map { Int64($0) })
        case .int16: return raw(values.map { Int16($0) })
        case .int8: return raw(values.map { Int8($0) })
        case .uint8: return values.map { UInt8($0) }
        case .uint16: return raw(values.map { UInt16($0) })
        case .uint32: return raw(values.map { UInt32($0) })
        case .uint64: return raw(values.map { UInt64($0) })
        case .bool: return values.map { $0 != 0 ? 1 : 0 }
        case .float16: return raw(values.map { Float16($0).bitPattern })
        default: return raw(values.map(Float.init))
        }
    }
}
