/// C-style string escaping as protobuf's text format uses it.
enum CEscaping {
    /// Python text_format's `CEscape`: printable ASCII as is, the usual named escapes, other
    /// ASCII control bytes as three octal digits. Non-ASCII bytes are octal too, unless
    /// `keepingUTF8` (string fields: Python prints them with `as_utf8=True`), which keeps
    /// well-formed UTF-8 sequences and still escapes bytes that are not part of one.
    static func escape(_ bytes: ArraySlice<UInt8>, keepingUTF8: Bool, into output: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case 0x09: output += [backslash, UInt8(ascii: "t")]
            case 0x0A: output += [backslash, UInt8(ascii: "n")]
            case 0x0D: output += [backslash, UInt8(ascii: "r")]
            case 0x22, 0x27, 0x5C: output += [backslash, byte]
            case 0x20..<0x7F: output.append(byte)
            default:
                let length = byte >= 0x80 && keepingUTF8 ? utf8SequenceLength(bytes, at: index) : 0
                if length > 0 {
                    output += bytes[index..<index + length]
                    index += length
                    continue
                }
                output += [backslash, 0x30 + (byte >> 6), 0x30 + ((byte >> 3) & 7), 0x30 + (byte & 7)]
            }
            index += 1
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0 if there is none
    /// (the ranges of the Unicode standard's table 3-7: no overlongs, surrogates or > U+10FFFF).
    private static func utf8SequenceLength(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; second = 0x80...0x8F
        default: return 0
        }
        guard index + length <= bytes.endIndex, second.contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }

    struct Failure: Error {
        /// Byte offset of the offending escape within the unescaped body.
        var offset: Int
        var reason: String
    }

    /// The bytes a quoted literal's body stands for. `\u` and `\U` become UTF-8, as in
    /// protobuf's C++ parser (the one TensorFlow's tools use).
    static func unescape(_ body: ArraySlice<UInt8>) -> Result<[UInt8], Failure> {
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escapeStart = index
            index += 1
            guard index < body.endIndex else {
                return .failure(Failure(offset: escapeStart - body.startIndex, reason: "string ends with a lone backslash"))
            }
            let code = body[index]
            index += 1
            switch code {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "a"): output.append(0x07)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "v"): output.append(0x0B)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): output.append(code)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(code - 0x30)
                var count = 1
                while count < 3, index < body.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(body[index]) {
                    value = value * 8 + UInt32(body[index] - 0x30)
                    index += 1
                    count += 1
                }
                guard value <= 0xFF else {
                    return .failure(Failure(offset: escapeStart - body.startIndex, reason: "octal escape is larger than \\377"))
                }
                output.append(UInt8(value))
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                let (value, used) = hexValue(body, from: index, maxDigits: 2)
                guard used > 0 else {
                    return .failure(Failure(offset: escapeStart - body.startIndex, reason: "\\x must be followed by hex digits"))
                }
                index += used
                output.append(UInt8(value))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let width = code == UInt8(ascii: "u") ? 4 : 8
                let (value, used) = hexValue(body, from: index, maxDigits: width)
                guard used == width, let scalar = Unicode.Scalar(value) else {
                    return .failure(Failure(offset: escapeStart - body.startIndex,
                                            reason: "\\\(Character(Unicode.Scalar(code))) must be followed by \(width) hex digits of a Unicode code point"))
                }
                index += used
                output += Array(String(Character(scalar)).utf8)
            default:
                return .failure(Failure(offset: escapeStart - body.startIndex,
                                        reason: "invalid escape sequence '\\\(Character(Unicode.Scalar(code)))'"))
            }
        }
        return .success(output)
    }

    private static func hexValue(_ body: ArraySlice<UInt8>, from start: Int, maxDigits: Int) -> (value: UInt32, used: Int) {
        var value: UInt32 = 0
        var used = 0
        while used < maxDigits, start + used < body.endIndex, let digit = hexDigit(body[start + used]) {
            value = value * 16 + UInt32(digit)
            used += 1
        }
        return (value, used)
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
