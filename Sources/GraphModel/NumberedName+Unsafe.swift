/// `base` + separator + decimal `number` (`op:1`, `Reshape_2`) built in one allocation.
/// Passes spell such names for most nodes they add; `base + ":" + String(number)` built
/// the number's string and an intermediate result first, about twice the work.
package enum NumberedName {
    package static func make(_ base: String, _ separator: Unicode.Scalar, _ number: Int) -> String {
        guard number >= 0 else { return base + String(separator) + String(number) }
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return base.withUTF8Bytes { name in
            String(unsafeUninitializedCapacity: name.count + 1 + digits) { out in
                _ = out.initialize(fromContentsOf: name)
                out[name.count] = UInt8(ascii: separator)
                var value = number
                for i in stride(from: name.count + digits, to: name.count, by: -1) {
                    out[i] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                return name.count + 1 + digits
            }
        }
    }
}
