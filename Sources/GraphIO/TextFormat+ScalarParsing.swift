/// A field value already in wire form, waiting for its tag.
enum EncodedValue {
    case varint(UInt64)
    case fixed32(UInt32)
    case fixed64(UInt64)
    case lengthDelimited([UInt8])

    /// The value as the printer sees it, so map keys parse and print in the same order.
    func scalar(as type: FieldType) -> ScalarValue {
        switch self {
        case .varint(let raw): ScalarValue(raw: raw, type: type)
        case .fixed32(let bits): ScalarValue(raw: UInt64(bits), type: type)
        case .fixed64(let bits): ScalarValue(raw: bits, type: type)
        case .lengthDelimited(let bytes): type == .string ? .string(bytes[...]) : .bytes(bytes[...])
        }
    }

    /// The value a field holds when the text does not mention it.
    static func defaultValue(of type: FieldType) -> EncodedValue {
        switch type.wireType {
        case .fixed32: .fixed32(0)
        case .fixed64: .fixed64(0)
        case .lengthDelimited: .lengthDelimited([])
        default: .varint(0)
        }
    }
}

/// Turns the text of one scalar token into its wire value. A `nil` result means the text is
/// not a value of the type; `outOfRange` that it is a number the type cannot hold.
enum ScalarParsing {
    enum Failure: Error {
        case invalid
        case outOfRange
    }

    static func encode(_ text: String, kind: TextToken.Kind, type: FieldType, enumSchema: EnumSchema?) -> Result<EncodedValue, Failure> {
        switch type {
        case .int32: return integer(text, in: Int64(Int32.min)...Int64(Int32.max)).map { .varint(UInt64(bitPattern: $0)) }
        case .int64: return integer(text, in: Int64.min...Int64.max).map { .varint(UInt64(bitPattern: $0)) }
        case .sint32:
            return integer(text, in: Int64(Int32.min)...Int64(Int32.max)).map {
                let value = Int32($0)
                return .varint(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
            }
        case .sint64:
            return integer(text, in: Int64.min...Int64.max).map { .varint(UInt64(bitPattern: ($0 << 1) ^ ($0 >> 63))) }
        case .sfixed32: return integer(text, in: Int64(Int32.min)...Int64(Int32.max)).map { .fixed32(UInt32(bitPattern: Int32($0))) }
        case .sfixed64: return integer(text, in: Int64.min...Int64.max).map { .fixed64(UInt64(bitPattern: $0)) }
        case .uint32: return unsigned(text, max: UInt64(UInt32.max)).map { .varint($0) }
        case .uint64: return unsigned(text, max: UInt64.max).map { .varint($0) }
        case .fixed32: return unsigned(text, max: UInt64(UInt32.max)).map { .fixed32(UInt32($0)) }
        case .fixed64: return unsigned(text, max: UInt64.max).map { .fixed64($0) }
        case .float: return floatingPoint(text).map { .fixed32(Float($0).bitPattern) }
        case .double: return floatingPoint(text).map { .fixed64($0.bitPattern) }
        case .bool:
            switch text {
            case "true", "True", "t", "1": return .success(.varint(1))
            case "false", "False", "f", "0": return .success(.varint(0))
            default: return .failure(.invalid)
            }
        case .enumeration:
            if kind == .identifier {
                guard let number = enumSchema?.numberByName[text] else { return .failure(.invalid) }
                return .success(.varint(UInt64(bitPattern: Int64(number))))
            }
            return integer(text, in: Int64(Int32.min)...Int64(Int32.max)).map { .varint(UInt64(bitPattern: $0)) }
        case .string, .bytes, .message:
            return .failure(.invalid)
        }
    }

    private static func integer(_ text: String, in range: ClosedRange<Int64>) -> Result<Int64, Failure> {
        guard let (negative, magnitude) = parseInteger(text) else { return .failure(.invalid) }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .failure(.outOfRange) }
            let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
            return range.contains(value) ? .success(value) : .failure(.outOfRange)
        }
        guard magnitude <= UInt64(range.upperBound) else { return .failure(.outOfRange) }
        return .success(Int64(magnitude))
    }

    private static func unsigned(_ text: String, max: UInt64) -> Result<UInt64, Failure> {
        guard let (negative, magnitude) = parseInteger(text) else { return .failure(.invalid) }
        guard !negative || magnitude == 0, magnitude <= max else { return .failure(.outOfRange) }
        return .success(magnitude)
    }

    /// Sign and magnitude of a decimal, `0x` hex or leading-`0` octal integer; `nil` if the
    /// text is not one, or does not fit 64 bits.
    private static func parseInteger(_ text: String) -> (negative: Bool, magnitude: UInt64)? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        var radix: UInt64 = 10
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            radix = 16
            body = body.dropFirst(2)
        } else if body.count > 1, body.first == "0" {
            radix = 8
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        var magnitude: UInt64 = 0
        for byte in body.utf8 {
            guard let digit = CEscaping.hexDigit(byte), UInt64(digit) < radix else { return nil }
            let (shifted, overflow1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        return (negative, magnitude)
    }

    /// Python's `ParseFloat`: plain decimal floats, `inf`/`infinity`/`nan` in any case, and an optional `f` suffix.
    private static func floatingPoint(_ text: String) -> Result<Double, Failure> {
        var body = Substring(text.lowercased())
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let value: Double
        switch body {
        case "inf", "infinity", "inff", "infinityf": value = .infinity
        case "nan", "nanf": value = .nan
        default:
            if body.hasSuffix("f") { body = body.dropLast() }
            // A leading zero followed by digits reads as octal in C; text format refuses it.
            let isOctalLooking = body.count > 1 && body.first == "0" && body.dropFirst().first?.isNumber == true
            let allowed = body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "+" || $0 == "-") }
            guard !body.isEmpty, allowed, !isOctalLooking,
                  body.first?.isNumber == true || body.first == ".", let parsed = Double(String(body)) else {
                return .failure(.invalid)
            }
            value = parsed
        }
        return .success(negative ? -value : value)
    }
}
