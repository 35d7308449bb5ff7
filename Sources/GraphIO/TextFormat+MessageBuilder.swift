/// Collects the values parsed for one message and serializes them the way protobuf does:
/// fields in number order, packed where the schema says so, proto3 defaults left out,
/// map entries with both key and value in upb's deterministic order, the last of equal keys winning.
struct MessageBuilder {
    let schema: MessageSchema
    private var values: [[EncodedValue]]
    private var mapEntries: [Int: [MapKey: [UInt8]]] = [:]

    init(schema: MessageSchema) {
        self.schema = schema
        values = Array(repeating: [], count: schema.fields.count)
    }

    func index(of field: FieldSchema) -> Int? { schema.definition.indexByNumber[field.number] }

    /// Whether the field already has a value (maps count their entries).
    func isSet(_ field: FieldSchema) -> Bool {
        guard let index = index(of: field) else { return false }
        return !values[index].isEmpty || !(mapEntries[index]?.isEmpty ?? true)
    }

    /// The last value given for `field`, if any (what a singular field holds).
    func lastValue(of field: FieldSchema) -> EncodedValue? {
        index(of: field).flatMap { values[$0].last }
    }

    mutating func append(_ value: EncodedValue, to field: FieldSchema) {
        guard let index = index(of: field) else { return }
        values[index].append(value)
    }

    /// Adds one map entry, given the parsed entry message.
    mutating func appendMapEntry(_ entry: MessageBuilder, to field: FieldSchema) {
        guard let index = index(of: field),
              let keyField = entry.schema.field(number: 1), let valueField = entry.schema.field(number: 2) else { return }
        let key = entry.lastValue(of: keyField) ?? .defaultValue(of: keyField.type)
        let value = entry.lastValue(of: valueField) ?? .defaultValue(of: valueField.type)
        var bytes = WireWriter()
        Self.write(key, number: 1, to: &bytes)
        Self.write(value, number: 2, to: &bytes)
        mapEntries[index, default: [:]][key.scalar(as: keyField.type).mapKey] = bytes.bytes
    }

    func encoded() -> [UInt8] {
        var writer = WireWriter()
        for (index, field) in schema.fields.enumerated() {
            if let entries = mapEntries[index] {
                for key in entries.keys.sorted(by: MapKey.serializedBefore) {
                    guard let entry = entries[key] else { continue }
                    Self.write(.lengthDelimited(entry), number: field.number, to: &writer)
                }
                continue
            }
            let fieldValues = values[index]
            guard let last = fieldValues.last else { continue }
            if field.isRepeated && field.isPacked && field.type.isPackable {
                var packed = WireWriter()
                for value in fieldValues { Self.writePayload(value, to: &packed) }
                Self.write(.lengthDelimited(packed.bytes), number: field.number, to: &writer)
            } else if field.isRepeated {
                for value in fieldValues { Self.write(value, number: field.number, to: &writer) }
            } else if field.hasPresence || !last.scalar(as: field.type).isDefault {
                Self.write(last, number: field.number, to: &writer)
            }
        }
        return writer.bytes
    }

    private static func write(_ value: EncodedValue, number: UInt32, to writer: inout WireWriter) {
        switch value {
        case .varint: writer.appendTag(number, .varint)
        case .fixed32: writer.appendTag(number, .fixed32)
        case .fixed64: writer.appendTag(number, .fixed64)
        case .lengthDelimited(let bytes): writer.appendTag(number, .lengthDelimited); writer.appendVarint(UInt64(bytes.count))
        }
        writePayload(value, to: &writer)
    }

    private static func writePayload(_ value: EncodedValue, to writer: inout WireWriter) {
        switch value {
        case .varint(let raw): writer.appendVarint(raw)
        case .fixed32(let bits): appendLittleEndian(UInt64(bits), width: 4, to: &writer)
        case .fixed64(let bits): appendLittleEndian(bits, width: 8, to: &writer)
        case .lengthDelimited(let bytes): writer.bytes += bytes
        }
    }

    private static func appendLittleEndian(_ bits: UInt64, width: Int, to writer: inout WireWriter) {
        for byte in 0..<width { writer.bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * byte))) }
    }
}
