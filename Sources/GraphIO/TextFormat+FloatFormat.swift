import Foundation

/// Python's spellings of floating-point values, since `.pbtxt` output is compared byte for
/// byte with what TensorFlow's Python writer produces.
enum PythonFloatFormat {
    /// Python's `str(x)` for a double: the shortest digits that round-trip, in exponent form
    /// when the decimal exponent is below -4 or above 15 (`1e-05`, `0.0001`, `1e+16`).
    static func double(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 { return sign + "0.0" }
        // Swift's description also yields the shortest round-tripping digits; only the layout differs.
        guard let (digits, pointPosition) = decimalDigits(of: value.magnitude.description) else {
            return value.description
        }
        return sign + pythonLayout(digits: digits, pointPosition: pointPosition)
    }

    /// text_format's float32 spelling, `str(type_checkers.ToShortestFloat(x))`: the value
    /// printed with 6, 7, ... significant digits until it reads back as the same float32.
    /// That is not always Swift's shortest form (the smallest subnormal is `1.4013e-45`).
    static func float(_ value: Float) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let wide = Double(value)
        for precision in 6...17 {
            let candidate = String(format: "%.\(precision - 1)e", wide)
            if let rounded = Double(candidate), Float(rounded) == value {
                return double(rounded)
            }
        }
        return double(wide)
    }

    /// Digits without leading or trailing zeros, and where the decimal point falls among them
    /// (`1.5e+20` -> ("15", 21), `0.001` -> ("1", -2)), from a plain or exponent spelling.
    private static func decimalDigits(of text: String) -> (digits: [UInt8], pointPosition: Int)? {
        let parts = text.lowercased().split(separator: "e", omittingEmptySubsequences: false)
        guard parts.count <= 2, let mantissa = parts.first else { return nil }
        let exponent = parts.count == 2 ? Int(parts[1]) : 0
        guard let exponent else { return nil }
        let halves = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        let integer = Array(halves[0].utf8)
        let fraction = halves.count == 2 ? Array(halves[1].utf8) : []
        var digits = integer + fraction
        guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        var pointPosition = integer.count + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return digits.isEmpty ? nil : (digits, pointPosition)
    }

    /// CPython's `format_float_short` in repr mode.
    private static func pythonLayout(digits: [UInt8], pointPosition: Int) -> String {
        let text = String(decoding: digits, as: UTF8.self)
        if pointPosition <= -4 || pointPosition > 16 {
            let exponent = pointPosition - 1
            let head = String(text.prefix(1))
            let tail = digits.count > 1 ? "." + text.dropFirst() : ""
            let magnitude = exponent.magnitude < 10 ? "0\(exponent.magnitude)" : "\(exponent.magnitude)"
            return head + tail + "e" + (exponent < 0 ? "-" : "+") + magnitude
        }
        if pointPosition <= 0 {
            return "0." + String(repeating: "0", count: -pointPosition) + text
        }
        if pointPosition >= digits.count {
            return text + String(repeating: "0", count: pointPosition - digits.count) + ".0"
        }
        return String(text.prefix(pointPosition)) + "." + text.dropFirst(pointPosition)
    }
}
