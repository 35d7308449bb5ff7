import Foundation

extension HostTensor {
    /// The values laid out the way NumPy prints an array: nested brackets, aligned columns,
    /// and `...` in every dimension longer than `2 * edgeItems` once there are more than
    /// `threshold` elements.
    public func formattedValues(threshold: Int = 1000, edgeItems: Int = 3) -> String {
        let summarize = count > threshold
        let texts = elementTexts()
        let width = texts.map(\.count).max() ?? 0
        func render(_ dim: Int, _ offset: Int, _ indent: String) -> String {
            if dim == rank { return texts.isEmpty ? "" : String(repeating: " ", count: width - texts[offset].count) + texts[offset] }
            let size = shape[dim]
            let stride = shape[(dim + 1)...].reduce(1, *)
            var items: [String?] = []
            if summarize && size > 2 * edgeItems {
                items = (0..<edgeItems).map { Optional(render(dim + 1, offset + $0 * stride, indent + " ")) } + [nil]
                    + ((size - edgeItems)..<size).map { Optional(render(dim + 1, offset + $0 * stride, indent + " ")) }
            } else {
                items = (0..<size).map { Optional(render(dim + 1, offset + $0 * stride, indent + " ")) }
            }
            let separator = dim == rank - 1 ? " " : "\n" + String(repeating: "\n", count: max(0, rank - dim - 2)) + indent + " "
            return "[" + items.map { $0 ?? "..." }.joined(separator: separator) + "]"
        }
        return render(0, 0, "")
    }

    private func elementTexts() -> [String] {
        switch storage {
        case .float32(let v): return Self.formatFloats(v.map(Double.init), digits: 8, shortest: v.map { "\($0)" })
        case .float64(let v): return Self.formatFloats(v, digits: 8, shortest: v.map { "\($0)" })
        case .int32(let v): return v.map(String.init)
        case .int64(let v): return v.map(String.init)
        case .bool(let v): return v.map { $0 ? "True" : "False" }
        case .string(let v): return v.map { "b'" + String(decoding: $0, as: UTF8.self) + "'" }
        case .resource(let v): return v.map { "<resource \($0)>" }
        }
    }

    /// NumPy's default float style: the shortest text that round-trips, at most `digits`
    /// fraction digits, trailing zeros dropped (`1.`, `0.25`), decimal points aligned; or
    /// scientific notation when magnitudes span too much.
    private static func formatFloats(_ values: [Double], digits: Int, shortest: [String]) -> [String] {
        let finite = values.filter { $0.isFinite && $0 != 0 }.map(abs)
        let largest = finite.max() ?? 0, smallest = finite.min() ?? 1
        let scientific = largest >= 1e8 || smallest < 1e-4 || largest / smallest > 1e3
        let texts: [String] = zip(values, shortest).map { v, short in
            if v.isNaN { return "nan" }
            if v.isInfinite { return v > 0 ? "inf" : "-inf" }
            if scientific {
                var text = String(format: "%.\(digits)e", v)
                if let e = text.firstIndex(of: "e") {
                    var mantissa = String(text[..<e])
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    text = mantissa + text[e...]
                }
                return text
            }
            var text = short.contains("e") || (short.split(separator: ".").last?.count ?? 0) > digits
                ? String(format: "%.\(digits)f", v) : short
            while text.contains("."), text.hasSuffix("0") { text.removeLast() }
            return text
        }
        guard !scientific else { return texts }
        // Align the decimal points: pad integer parts on the left, fractions on the right.
        let parts = texts.map { t -> (Substring, Substring) in
            guard let dot = t.firstIndex(of: ".") else { return (t[...], "") }
            return (t[..<dot], t[dot...])
        }
        let left = parts.map(\.0.count).max() ?? 0, right = parts.map(\.1.count).max() ?? 0
        return parts.map { String(repeating: " ", count: left - $0.0.count) + $0.0 + $0.1 + String(repeating: " ", count: right - $0.1.count) }
    }
}
