/// A tensor value as TensorFlow serializes it (`TensorProto`), every field kept.
///
/// Values live either in `content` (raw little-endian bytes) or in the typed value
/// arrays; TensorFlow also allows fewer typed values than elements, meaning "repeat the
/// last one". `TensorValues` in GraphCore turns either form into numbers.
public struct Tensor: Hashable, Sendable {
    public var dtype: DType
    public var shape: TensorShape
    /// Whether `tensor_shape` was present on the wire (absent and empty both mean scalar).
    public var hasShape: Bool
    public var versionNumber: Int32
    public var content: [UInt8]
    public var halfValues: [Int32]
    public var floatValues: [Float]
    public var doubleValues: [Double]
    public var intValues: [Int32]
    public var stringValues: [[UInt8]]
    public var complex64Values: [Float]
    public var int64Values: [Int64]
    public var boolValues: [Bool]
    public var complex128Values: [Double]
    /// Each element is an encoded `ResourceHandleProto`, kept opaque.
    public var resourceHandleValues: [[UInt8]]
    /// Each element is an encoded `VariantTensorDataProto`, kept opaque.
    public var variantValues: [[UInt8]]
    public var uint32Values: [UInt32]
    public var uint64Values: [UInt64]
    public var float8Values: [UInt8]
    public var unknownFields: UnknownFields

    public init(
        dtype: DType = .invalid, shape: TensorShape = TensorShape(), hasShape: Bool = true,
        versionNumber: Int32 = 0, content: [UInt8] = [], halfValues: [Int32] = [],
        floatValues: [Float] = [], doubleValues: [Double] = [], intValues: [Int32] = [],
        stringValues: [[UInt8]] = [], complex64Values: [Float] = [], int64Values: [Int64] = [],
        boolValues: [Bool] = [], complex128Values: [Double] = [],
        resourceHandleValues: [[UInt8]] = [], variantValues: [[UInt8]] = [],
        uint32Values: [UInt32] = [], uint64Values: [UInt64] = [], float8Values: [UInt8] = [],
        unknownFields: UnknownFields = []
    ) {
        self.dtype = dtype
        self.shape = shape
        self.hasShape = hasShape
        self.versionNumber = versionNumber
        self.content = content
        self.halfValues = halfValues
        self.floatValues = floatValues
        self.doubleValues = doubleValues
        self.intValues = intValues
        self.stringValues = stringValues
        self.complex64Values = complex64Values
        self.int64Values = int64Values
        self.boolValues = boolValues
        self.complex128Values = complex128Values
        self.resourceHandleValues = resourceHandleValues
        self.variantValues = variantValues
        self.uint32Values = uint32Values
        self.uint64Values = uint64Values
        self.float8Values = float8Values
        self.unknownFields = unknownFields
    }
}
