import GraphModel

/// One non-message field value, decoded from its wire representation.
enum ScalarValue: Equatable {
    case signed(Int64)
    case unsigned(UInt64)
    case float(Float)
    case double(Double)
    case bool(Bool)
    case enumNumber(Int32)
    case string(ArraySlice<UInt8>)
    case bytes(ArraySlice<UInt8>)

    /// A varint or fixed-width value; `raw` holds the varint, or the little-endian bits.
    init(raw: UInt64, type: FieldType) {
        switch type {
        case .int32, .sfixed32: self = .signed(Int64(Int32(truncatingIfNeeded: raw)))
        case .int64, .sfixed64: self = .signed(Int64(bitPattern: raw))
        case .uint32, .fixed32: self = .unsigned(UInt64(UInt32(truncatingIfNeeded: raw)))
        case .uint64, .fixed64: self = .unsigned(raw)
        case .sint32:
            let bits = UInt32(truncatingIfNeeded: raw)
            self = .signed(Int64(Int32(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))))
        case .sint64: self = .signed(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
        case .float: self = .float(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))
        case .double: self = .double(Double(bitPattern: raw))
        case .bool: self = .bool(raw != 0)
        case .enumeration: self = .enumNumber(Int32(truncatingIfNeeded: raw))
        case .string: self = .string([])
        case .bytes, .message: self = .bytes([])
        }
    }

    /// Whether a proto3 field without presence would leave this value off the wire.
    /// Floats compare by bits, as protobuf does, so `-0.0` is kept.
    var isDefault: Bool {
        switch self {
        case .signed(let value): value == 0
        case .unsigned(let value): value == 0
        case .float(let value): value.bitPattern == 0
        case .double(let value): value.bitPattern == 0
        case .bool(let value): !value
        case .enumNumber(let value): value == 0
        case .string(let value), .bytes(let value): value.isEmpty
        }
    }

    /// The map key this value makes, ordered the way Python's `sorted()` orders map keys.
    var mapKey: MapKey {
        switch self {
        case .signed(let value): .signed(value)
        case .unsigned(let value): .unsigned(value)
        case .bool(let value): .unsigned(value ? 1 : 0)
        case .enumNumber(let value): .signed(Int64(value))
        case .string(let value), .bytes(let value): .bytes(Array(value))
        case .float(let value): .signed(Int64(value.bitPattern))
        case .double(let value): .signed(Int64(bitPattern: value.bitPattern))
        }
    }

    /// The value as text format writes it (strings quoted and escaped).
    func write(to output: inout [UInt8], enumSchema: EnumSchema?) {
        switch self {
        case .signed(let value): output += Array(String(value).utf8)
        case .unsigned(let value): output += Array(String(value).utf8)
        case .float(let value): output += Array(PythonFloatFormat.float(value).utf8)
        case .double(let value): output += Array(PythonFloatFormat.double(value).utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .enumNumber(let value):
            output += Array((enumSchema?.nameByNumber[value] ?? String(value)).utf8)
        case .string(let value): Self.writeQuoted(value, keepingUTF8: true, to: &output)
        case .bytes(let value): Self.writeQuoted(value, keepingUTF8: false, to: &output)
        }
    }

    private static func writeQuoted(_ value: ArraySlice<UInt8>, keepingUTF8: Bool, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        CEscaping.escape(value, keepingUTF8: keepingUTF8, into: &output)
        output.append(UInt8(ascii: "\""))
    }
}

/// A map key; string keys order by their UTF-8 bytes, which is also code point order.
enum MapKey: Hashable, Comparable {
    case signed(Int64)
    case unsigned(UInt64)
    case bytes([UInt8])

    static func < (lhs: MapKey, rhs: MapKey) -> Bool {
        switch (lhs, rhs) {
        case (.signed(let a), .signed(let b)): return a < b
        case (.unsigned(let a), .unsigned(let b)): return a < b
        case (.bytes(let a), .bytes(let b)): return a.lexicographicallyPrecedes(b)
        case (.signed, _): return true
        case (.unsigned, .bytes): return true
        default: return false
        }
    }

    /// The order upb's deterministic mode serializes map entries in, so parsed text gives
    /// TensorFlow's `.pb` bytes. It differs from the printing order: string keys follow
    /// `MapKeyOrder`, and numeric keys come out descending (upb encodes back to front).
    static func serializedBefore(_ lhs: MapKey, _ rhs: MapKey) -> Bool {
        guard case .bytes(let a) = lhs, case .bytes(let b) = rhs else { return rhs < lhs }
        return MapKeyOrder.precedes(String(decoding: a, as: UTF8.self), String(decoding: b, as: UTF8.self))
    }
}

/// Reads a little-endian fixed-width value.
func littleEndianValue(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
    var value: UInt64 = 0
    for index in range.reversed() { value = value << 8 | UInt64(bytes[index]) }
    return value
}
