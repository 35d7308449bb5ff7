import GraphModel

/// A tensor value known while building: the result of constant folding (TF's
/// `constant_value`). Integers up to 2^53 are exact in the Double storage.
public struct ConstantValue: Hashable, Sendable {
    public var dtype: DType
    public var shape: [Int]
    public var values: [Double]

    public init(dtype: DType, shape: [Int], values: [Double]) {
        self.dtype = dtype
        self.shape = shape
        self.values = values
    }

    public init?(_ tensor: Tensor) {
        guard let dims = StaticShape(tensor.shape).dims, dims.allSatisfy({ $0 >= 0 }),
              let values = tensor.doubleValues() else { return nil }
        let count = dims.reduce(1, *)
        guard values.count == count || (values.isEmpty && count == 0) else { return nil }
        self.init(dtype: tensor.dtype.base, shape: dims, values: values)
    }

    public static func vector(_ values: [Int], dtype: DType = .int32) -> ConstantValue {
        ConstantValue(dtype: dtype, shape: [values.count], values: values.map(Double.init))
    }

    public static func scalar(_ value: Double, dtype: DType) -> ConstantValue {
        ConstantValue(dtype: dtype, shape: [], values: [value])
    }

    public var ints: [Int] { values.map { Int($0) } }
    public var isScalar: Bool { shape.isEmpty }
}
