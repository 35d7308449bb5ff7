import GraphModel

/// The `experimental_type` TensorFlow's type inference attaches to new nodes. Among the
/// ops gradients emit only `Shape` carries one: a product of one shape tensor.
enum FullTypeInference {
    private static let product: Int32 = 3, shapeTensor: Int32 = 1005, int32: Int32 = 207, int64: Int32 = 208

    static func type(op: String, attrs: AttrMap) -> FullType? {
        guard op == "Shape" else { return nil }
        let element = attrs["out_type"]?.typeValue == .int64 ? int64 : int32
        return FullType(typeID: product, args: [FullType(typeID: shapeTensor, args: [FullType(typeID: element)])])
    }
}
