import GraphCore
import GraphModel

extension Tensor {
    /// Tensors with at most this many elements are printed in full; larger ones show their first
    /// `previewCount` values and a content hash.
    static let fullPrintLimit = 6
    static let previewCount = 4

    /// `float32[2,3] {1, 2, 3, 4, …} #9f3a…`: dtype, shape, leading values, and for large or
    /// non-numeric tensors a hash of the stored bytes. Only the previewed prefix is decoded,
    /// so summarizing a 100 MB weight costs one pass of hashing, not formatting.
    public func summary(detailed: Bool = false) -> String {
        var text = dtype.name + shape.description
        let values = previewValues()
        let total = elementCount
        if let values {
            text += " {" + values.joined(separator: ", ") + (total > values.count ? ", …" : "") + "}"
        }
        if detailed || values == nil || total > Self.fullPrintLimit {
            text += " #" + ContentHash.hex(of: storedBytes())
        }
        if detailed { text += " (" + storageDescription + ")" }
        return text
    }

    /// Elements as stored: the shape's count, or the number of stored values when unknown.
    private var elementCount: Int {
        if let n = shape.elementCount { return Int(n) }
        if let size = dtype.byteSize, !content.isEmpty { return content.count / size }
        return max(floatValues.count, doubleValues.count, intValues.count, int64Values.count,
                   boolValues.count, stringValues.count, halfValues.count)
    }

    /// Leading values as text, or nil when the dtype has no readable rendering here.
    private func previewValues() -> [String]? {
        let shown = min(elementCount, elementCount > Self.fullPrintLimit ? Self.previewCount : Self.fullPrintLimit)
        if dtype.base == .string {
            return stringValues.prefix(shown).map { DisplayText.quoted(Array($0.prefix(32))) }
        }
        var prefix = self
        prefix.shape = TensorShape([Int64(shown)])
        if let size = dtype.byteSize, !content.isEmpty { prefix.content = Array(content.prefix(shown * size)) }
        guard let numbers = prefix.doubleValues() else { return nil }
        return numbers.prefix(shown).map(format)
    }

    private func format(_ value: Double) -> String {
        switch dtype.base {
        case .float32, .float16, .bfloat16: return Float(value).description
        case .float64: return value.description
        case .bool: return value != 0 ? "true" : "false"
        default: return value.isFinite ? String(Int64(value)) : value.description
        }
    }

    /// Which `TensorProto` field holds the values: two tensors that print alike may differ here.
    private var storageDescription: String {
        if !content.isEmpty { return "tensor_content \(content.count) bytes" }
        let typed: [(String, Int)] = [
            ("float_val", floatValues.count), ("double_val", doubleValues.count), ("int_val", intValues.count),
            ("int64_val", int64Values.count), ("bool_val", boolValues.count), ("string_val", stringValues.count),
            ("half_val", halfValues.count), ("scomplex_val", complex64Values.count),
            ("dcomplex_val", complex128Values.count), ("uint32_val", uint32Values.count),
            ("uint64_val", uint64Values.count), ("resource_handle_val", resourceHandleValues.count),
            ("variant_val", variantValues.count), ("float8_val", float8Values.count),
        ]
        let used = typed.filter { $0.1 > 0 }.map { "\($0.0) ×\($0.1)" }
        return used.isEmpty ? "no values" : used.joined(separator: ", ")
    }

    /// The bytes the hash covers: `tensor_content`, or the typed value arrays laid end to end.
    func storedBytes() -> [UInt8] {
        if !content.isEmpty { return content }
        func raw<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }
        var bytes = raw(floatValues) + raw(doubleValues) + raw(intValues) + raw(int64Values) + raw(halfValues)
        bytes += boolValues.map { $0 ? 1 : 0 }
        bytes += raw(complex64Values) + raw(complex128Values) + raw(uint32Values) + raw(uint64Values) + float8Values
        for chunk in stringValues + resourceHandleValues + variantValues {
            bytes += raw([UInt64(chunk.count)]) + chunk
        }
        return bytes
    }
}
