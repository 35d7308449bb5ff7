/// A TensorFlow element type (`tensorflow.DataType`).
///
/// Stored as the raw enum number so values this build does not know survive a round trip.
public struct DType: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let invalid = DType(rawValue: 0)
    public static let float32 = DType(rawValue: 1)
    public static let float64 = DType(rawValue: 2)
    public static let int32 = DType(rawValue: 3)
    public static let uint8 = DType(rawValue: 4)
    public static let int16 = DType(rawValue: 5)
    public static let int8 = DType(rawValue: 6)
    public static let string = DType(rawValue: 7)
    public static let complex64 = DType(rawValue: 8)
    public static let int64 = DType(rawValue: 9)
    public static let bool = DType(rawValue: 10)
    public static let qint8 = DType(rawValue: 11)
    public static let quint8 = DType(rawValue: 12)
    public static let qint32 = DType(rawValue: 13)
    public static let bfloat16 = DType(rawValue: 14)
    public static let qint16 = DType(rawValue: 15)
    public static let quint16 = DType(rawValue: 16)
    public static let uint16 = DType(rawValue: 17)
    public static let complex128 = DType(rawValue: 18)
    public static let float16 = DType(rawValue: 19)
    public static let resource = DType(rawValue: 20)
    public static let variant = DType(rawValue: 21)
    public static let uint32 = DType(rawValue: 22)
    public static let uint64 = DType(rawValue: 23)

    /// Reference dtypes (a `VariableV2` output) are the base type plus 100.
    public var isRef: Bool { rawValue > 100 }
    public var base: DType { isRef ? DType(rawValue: rawValue - 100) : self }
    public var asRef: DType { isRef ? self : DType(rawValue: rawValue + 100) }

    public var isFloatingPoint: Bool { [.float16, .bfloat16, .float32, .float64].contains(base) }
    public var isComplex: Bool { base == .complex64 || base == .complex128 }
    public var isInteger: Bool {
        [.int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64].contains(base)
    }

    /// Whether gradients flow through tensors of this type (TensorFlow's "trainable" set).
    public var isTrainable: Bool {
        isFloatingPoint || isComplex || base == .resource || base == .variant
    }

    /// Size in bytes of one element in `tensor_content`, or nil for variable-size types.
    public var byteSize: Int? {
        switch base {
        case .float32, .int32, .uint32, .qint32: return 4
        case .float64, .int64, .uint64, .complex64: return 8
        case .complex128: return 16
        case .int16, .uint16, .float16, .bfloat16, .qint16, .quint16: return 2
        case .int8, .uint8, .bool, .qint8, .quint8: return 1
        default: return nil
        }
    }

    /// The user-facing name TensorFlow prints (`float32`, `int64`, `float32_ref`).
    public var name: String {
        let baseName = Self.names[base.rawValue] ?? "dtype(\(base.rawValue))"
        return isRef ? baseName + "_ref" : baseName
    }

    /// The enum constant name used in `.pbtxt` files (`DT_FLOAT`, `DT_FLOAT_REF`).
    public var protoName: String? {
        guard let name = Self.protoNames[base.rawValue] else { return nil }
        return isRef ? name + "_REF" : name
    }

    public init?(protoName: String) {
        let isRef = protoName.hasSuffix("_REF")
        let baseName = isRef ? String(protoName.dropLast(4)) : protoName
        guard let raw = Self.protoNames.first(where: { $0.value == baseName })?.key else { return nil }
        self.init(rawValue: isRef ? raw + 100 : raw)
    }

    public init?(name: String) {
        let isRef = name.hasSuffix("_ref")
        let baseName = isRef ? String(name.dropLast(4)) : name
        guard let raw = Self.names.first(where: { $0.value == baseName })?.key else { return nil }
        self.init(rawValue: isRef ? raw + 100 : raw)
    }

    public var description: String { name }

    private static let names: [Int32: String] = [
        0: "invalid", 1: "float32", 2: "float64", 3: "int32", 4: "uint8", 5: "int16", 6: "int8",
        7: "string", 8: "complex64", 9: "int64", 10: "bool", 11: "qint8", 12: "quint8",
        13: "qint32", 14: "bfloat16", 15: "qint16", 16: "quint16", 17: "uint16",
        18: "complex128", 19: "float16", 20: "resource", 21: "variant", 22: "uint32",
        23: "uint64", 24: "float8_e5m2", 25: "float8_e4m3fn", 26: "float8_e4m3fnuz",
        27: "float8_e4m3b11fnuz", 28: "float8_e5m2fnuz", 29: "int4", 30: "uint4", 31: "int2",
        32: "uint2", 33: "float4_e2m1fn",
    ]

    private static let protoNames: [Int32: String] = [
        0: "DT_INVALID", 1: "DT_FLOAT", 2: "DT_DOUBLE", 3: "DT_INT32", 4: "DT_UINT8",
        5: "DT_INT16", 6: "DT_INT8", 7: "DT_STRING", 8: "DT_COMPLEX64", 9: "DT_INT64",
        10: "DT_BOOL", 11: "DT_QINT8", 12: "DT_QUINT8", 13: "DT_QINT32", 14: "DT_BFLOAT16",
        15: "DT_QINT16", 16: "DT_QUINT16", 17: "DT_UINT16", 18: "DT_COMPLEX128", 19: "DT_HALF",
        20: "DT_RESOURCE", 21: "DT_VARIANT", 22: "DT_UINT32", 23: "DT_UINT64",
        24: "DT_FLOAT8_E5M2", 25: "DT_FLOAT8_E4M3FN", 26: "DT_FLOAT8_E4M3FNUZ",
        27: "DT_FLOAT8_E4M3B11FNUZ", 28: "DT_FLOAT8_E5M2FNUZ", 29: "DT_INT4", 30: "DT_UINT4",
        31: "DT_INT2", 32: "DT_UINT2", 33: "DT_FLOAT4_E2M1FN",
    ]
}
