import GraphModel

/// Just enough of the protobuf wire format to walk the top level of a `GraphDef`, so
/// nodes can be handed to protobuf-c one at a time instead of materialising the whole
/// C message tree (that would hold a 100 MB frozen graph in memory twice).
enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
}

struct WireField {
    var number: UInt32
    var wireType: WireType
    /// For length-delimited fields the payload without its length prefix; otherwise the raw value bytes.
    var payload: Range<Int>
    /// The value bytes as they followed the tag (length prefix included), for unknown-field storage.
    var rawValue: Range<Int>
    /// The varint value for wire type 0.
    var varint: UInt64
}

struct WireReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func readVarint() throws(GraphIOError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < bytes.count else {
                throw .malformed(path: nil, offset: start, reason: "truncated varint")
            }
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw .malformed(path: nil, offset: start, reason: "varint longer than 10 bytes") }
        }
    }

    mutating func readField() throws(GraphIOError) -> WireField {
        let tagOffset = offset
        let tag = try readVarint()
        let number = UInt32(truncatingIfNeeded: tag >> 3)
        guard number > 0, tag >> 3 <= UInt64(UInt32(1 << 29) - 1) else {
            throw .malformed(path: nil, offset: tagOffset, reason: "invalid field number \(tag >> 3)")
        }
        guard let wireType = WireType(rawValue: UInt8(tag & 7)), wireType != .startGroup, wireType != .endGroup else {
            throw .malformed(path: nil, offset: tagOffset, reason: "unsupported wire type \(tag & 7) for field \(number)")
        }
        let valueStart = offset
        switch wireType {
        case .varint:
            let value = try readVarint()
            return WireField(number: number, wireType: wireType, payload: valueStart..<offset, rawValue: valueStart..<offset, varint: value)
        case .fixed64, .fixed32:
            let width = wireType == .fixed64 ? 8 : 4
            guard offset + width <= bytes.count else {
                throw .malformed(path: nil, offset: valueStart, reason: "truncated fixed-width value of field \(number)")
            }
            offset += width
            return WireField(number: number, wireType: wireType, payload: valueStart..<offset, rawValue: valueStart..<offset, varint: 0)
        case .lengthDelimited:
            let length = try readVarint()
            guard length <= UInt64(bytes.count - offset) else {
                throw .malformed(path: nil, offset: valueStart,
                                 reason: "length \(length) of field \(number) runs past the end of the data (\(bytes.count - offset) bytes left)")
            }
            let payloadStart = offset
            offset += Int(length)
            return WireField(number: number, wireType: wireType, payload: payloadStart..<offset, rawValue: valueStart..<offset, varint: 0)
        case .startGroup, .endGroup:
            throw .malformed(path: nil, offset: tagOffset, reason: "groups are not supported")
        }
    }
}

/// Appends wire-format pieces to a byte buffer.
struct WireWriter {
    var bytes: [UInt8] = []

    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func appendTag(_ number: UInt32, _ wireType: WireType) {
        appendVarint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    mutating func appendUnknown(_ field: UnknownField) {
        appendVarint(UInt64(field.number) << 3 | UInt64(field.wireType))
        bytes.append(contentsOf: field.payload)
    }
}
