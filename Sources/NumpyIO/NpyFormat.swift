import GraphModel

/// The `.npy` format (versions 1.0, 2.0 and 3.0): a magic string, a Python-dict header
/// (`descr`, `fortran_order`, `shape`) and the raw elements.
///
/// Arrays travel as GraphModel `Tensor`s whose `content` holds the little-endian elements in
/// C order, so every layer above can use them without knowing NumPy.
public enum NpyFormat {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Decodes one `.npy` file's bytes. `source` names the file in errors.
    public static func decode(_ bytes: [UInt8], source: String) throws(NumpyError) -> Tensor {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw .notNpy(source: source) }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw .badHeader(source: source, reason: "file ends inside the header length") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw .badHeader(source: source, reason: "unknown format version \(major).\(bytes[7])")
        }
        guard headerStart + headerLength <= bytes.count else {
            throw .badHeader(source: source, reason: "header length \(headerLength) runs past the end of the file")
        }
        let headerText = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        let header = try NpyHeader(parsing: headerText, source: source)
        let element = try NpyElement(descr: header.descr, source: source)
        let dataStart = headerStart + headerLength
        var expected = element.size
        for size in header.shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: size)
            guard !overflow else { throw .badHeader(source: source, reason: "shape \(header.shape) is too large") }
            expected = product
        }
        guard bytes.count - dataStart >= expected else {
            throw .truncated(source: source, expectedBytes: expected, actualBytes: bytes.count - dataStart)
        }
        var content = Array(bytes[dataStart..<(dataStart + expected)])
        if element.bigEndian && element.size > 1 { content = swapBytes(content, width: element.size) }
        if header.fortranOrder && header.shape.count > 1 {
            content = fortranToC(content, shape: header.shape, width: element.size)
        }
        if element.dtype == .bool { content = content.map { $0 != 0 ? 1 : 0 } }
        var tensor = Tensor(dtype: element.dtype, shape: TensorShape(header.shape.map(Int64.init)))
        tensor.content = content
        return tensor
    }

    /// Encodes a tensor as a version 1.0 `.npy` (2.0 if the header needs it), C order.
    public static func encode(_ tensor: Tensor, key: String) throws(NumpyError) -> [UInt8] {
        guard let descr = NpyElement.descr(for: tensor.dtype), let width = tensor.dtype.byteSize else {
            throw .cannotEncode(key: key, reason: "dtype \(tensor.dtype) has no .npy equivalent here")
        }
        guard let sizes = tensor.shape.sizes, tensor.shape.isFullyDefined else {
            throw .cannotEncode(key: key, reason: "shape \(tensor.shape) is not fully defined")
        }
        let count = sizes.reduce(1, *)
        guard tensor.content.count == Int(count) * width else {
            throw .cannotEncode(key: key, reason: "content has \(tensor.content.count) bytes, shape \(tensor.shape) needs \(Int(count) * width)")
        }
        let shapeText = sizes.count == 1 ? "(\(sizes[0]),)" : "(" + sizes.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so magic + length + header + newline is a multiple of 64.
        let prefix = header.utf8.count + 1 + 10 < 65536 ? 10 : 12
        let total = prefix + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out = magic
        let length = header.utf8.count
        if prefix == 10 {
            out += [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        } else {
            out += [2, 0] + (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) }
        }
        out += Array(header.utf8)
        out += tensor.content
        return out
    }

    private static func swapBytes(_ bytes: [UInt8], width: Int) -> [UInt8] {
        var out = bytes
        for start in stride(from: 0, to: bytes.count, by: width) {
            for k in 0..<width { out[start + k] = bytes[start + width - 1 - k] }
        }
        return out
    }

    /// Fortran order stores the first index fastest; rewrite to C order (last index fastest).
    private static func fortranToC(_ bytes: [UInt8], shape: [Int], width: Int) -> [UInt8] {
        let count = shape.reduce(1, *)
        guard count > 0 else { return bytes }
        var fStrides = [Int](repeating: 1, count: shape.count)
        for i in 1..<shape.count { fStrides[i] = fStrides[i - 1] * shape[i - 1] }
        var out = [UInt8](repeating: 0, count: bytes.count)
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<count {
            var f = 0
            for d in 0..<shape.count { f += index[d] * fStrides[d] }
            for k in 0..<width { out[c * width + k] = bytes[f * width + k] }
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return out
    }
}

/// An element type named by a NumPy `descr` such as `<f4` or `|b1`.
struct NpyElement {
    var dtype: DType
    var size: Int
    var bigEndian: Bool

    private static let kinds: [String: DType] = [
        "f2": .float16, "f4": .float32, "f8": .float64,
        "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
        "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64, "b1": .bool,
    ]

    init(descr: String, source: String) throws(NumpyError) {
        guard descr.count == 3, let order = descr.first, "<>|=".contains(order),
              let dtype = Self.kinds[String(descr.dropFirst())], let size = dtype.byteSize
        else { throw .unsupportedDType(source: source, descr: descr) }
        self.dtype = dtype
        self.size = size
        self.bigEndian = order == ">"
    }

    static func descr(for dtype: DType) -> String? {
        guard let kind = kinds.first(where: { $0.value == dtype.base })?.key else { return nil }
        return (kind.hasSuffix("1") ? "|" : "<") + kind
    }
}
