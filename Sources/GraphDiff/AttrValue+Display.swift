import GraphModel

extension AttrValue {
    /// The value as a person reads it: `float32`, `[2,3]`, `"SAME"`, `[1, 2, 2, 1]`, tensors as
    /// dtype, shape, a few values and a content hash. With `detailed`, tensors also name their
    /// storage and always carry the hash, for when two values print alike but differ in bytes.
    public func displayText(detailed: Bool = false) -> String {
        let text: String
        switch kind {
        case .unset: text = "<unset>"
        case .string(let bytes): text = DisplayText.quoted(bytes)
        case .int(let v): text = String(v)
        case .float(let v): text = v.description
        case .bool(let v): text = String(v)
        case .type(let t): text = t.name
        case .shape(let s): text = s.description
        case .tensor(let t): text = t.summary(detailed: detailed)
        case .list(let list): text = list.displayText(detailed: detailed)
        case .function(let f): text = f.displayText(detailed: detailed)
        case .placeholder(let name): text = "placeholder(\(name))"
        }
        guard detailed, !unknownFields.isEmpty else { return text }
        return text + " (+\(unknownFields.count) unknown fields)"
    }
}

extension AttrValue.ListValue {
    /// TensorFlow fills one member per list; all of them are printed in case a producer did not.
    func displayText(detailed: Bool) -> String {
        var items: [String] = []
        items += strings.map { DisplayText.quoted($0) }
        items += ints.map { String($0) }
        items += floats.map(\.description)
        items += bools.map { String($0) }
        items += types.map(\.name)
        items += shapes.map(\.description)
        items += tensors.map { $0.summary(detailed: detailed) }
        items += functions.map { $0.displayText(detailed: detailed) }
        let text = "[" + items.joined(separator: ", ") + "]"
        return detailed && !unknownFields.isEmpty ? text + " (+\(unknownFields.count) unknown fields)" : text
    }
}

extension NameAttrList {
    func displayText(detailed: Bool) -> String {
        guard !attrs.isEmpty else { return name }
        let inner = attrs.keys.sorted().map { "\($0)=\(attrs[$0]?.displayText(detailed: detailed) ?? "")" }
        return name + "{" + inner.joined(separator: ", ") + "}"
    }
}

/// Escaping shared by the renderers of attribute values.
enum DisplayText {
    /// Longest string attribute shown in full; longer ones are cut and given their length.
    static let maxStringBytes = 64

    /// `"text"` with C-style escapes; bytes that are not printable UTF-8 as `\xNN`.
    static func quoted(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(maxStringBytes)
        var out = "\""
        if let text = String(validating: shown, as: UTF8.self) {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += hexEscape(UInt8(scalar.value))
                default: out.unicodeScalars.append(scalar)
                }
            }
        } else {
            for byte in shown {
                switch byte {
                case UInt8(ascii: "\""): out += "\\\""
                case UInt8(ascii: "\\"): out += "\\\\"
                case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
                default: out += hexEscape(byte)
                }
            }
        }
        out += "\""
        return bytes.count > maxStringBytes ? out + "… (\(bytes.count) bytes)" : out
    }

    private static func hexEscape(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return "\\x" + (digits.count < 2 ? "0" : "") + digits
    }
}
