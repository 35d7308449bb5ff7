/// Writes wire bytes as text format, field by field, the way Python's `text_format` printer
/// walks a parsed message: fields in number order, maps sorted by key, proto3 defaults omitted.
struct TextPrinter {
    private(set) var output: [UInt8] = []
    private(set) var droppedUnknownFields = 0
    private var indent = 0

    mutating func printMessage(_ bytes: [UInt8], schema: MessageSchema, depth: Int) throws(GraphIOError) {
        try printFields(bytes, in: bytes.indices, schema: schema, depth: depth)
    }

    private mutating func printFields(_ bytes: [UInt8], in range: Range<Int>, schema: MessageSchema, depth: Int) throws(GraphIOError) {
        guard depth <= TextFormat.maxDepth else {
            throw .malformed(path: nil, offset: range.lowerBound, reason: "messages nested more than \(TextFormat.maxDepth) deep")
        }
        let occurrences = groupByField(try WireScan.fields(of: bytes, in: range), schema: schema)
        for (index, field) in schema.fields.enumerated() where !occurrences[index].isEmpty {
            let found = occurrences[index]
            if let entrySchema = schema.messageSchema(of: field), entrySchema.isMapEntry, field.isRepeated {
                try printMap(field, entries: found, bytes, entrySchema: entrySchema, depth: depth)
            } else if let nested = schema.messageSchema(of: field) {
                if field.isRepeated {
                    for wire in found { try printMessageField(field.name, bytes, wire.payload, nested, depth: depth) }
                } else {
                    // A singular message seen more than once is their merge, which is what
                    // parsing the concatenation of the encodings gives.
                    let (merged, mergedRange) = concatenated(bytes, found.map(\.payload))
                    try printMessageField(field.name, merged, mergedRange, nested, depth: depth)
                }
            } else if field.isRepeated {
                for value in try scalarValues(of: found, bytes, field: field) {
                    printScalar(field.name, value, enumSchema: schema.enumSchema(of: field))
                }
            } else if let last = found.last {
                let value = try scalarValues(of: [last], bytes, field: field).last
                if let value, field.hasPresence || !value.isDefault {
                    printScalar(field.name, value, enumSchema: schema.enumSchema(of: field))
                }
            }
        }
    }

    /// Known fields' wire occurrences by field index; unknown fields, wrong wire types and
    /// oneof members overridden by a later member are left out, as protobuf's parser would.
    private mutating func groupByField(_ wireFields: [WireField], schema: MessageSchema) -> [[WireField]] {
        var occurrences = [[WireField]](repeating: [], count: schema.fields.count)
        var oneofWinner: [Int: Int] = [:]
        for wire in wireFields {
            guard let index = schema.definition.indexByNumber[wire.number] else {
                droppedUnknownFields += 1
                continue
            }
            let field = schema.fields[index]
            let isPackedForm = field.isRepeated && field.type.isPackable && wire.wireType == .lengthDelimited
            guard wire.wireType == field.type.wireType || isPackedForm else {
                droppedUnknownFields += 1
                continue
            }
            occurrences[index].append(wire)
            if let oneof = field.oneofID { oneofWinner[oneof] = index }
        }
        for (index, field) in schema.fields.enumerated() {
            if let oneof = field.oneofID, oneofWinner[oneof] != index { occurrences[index] = [] }
        }
        return occurrences
    }

    private mutating func printMap(
        _ field: FieldSchema, entries: [WireField], _ bytes: [UInt8], entrySchema: MessageSchema, depth: Int
    ) throws(GraphIOError) {
        guard let keyField = entrySchema.field(number: 1), let valueField = entrySchema.field(number: 2) else { return }
        var latest: [MapKey: (key: ScalarValue, values: [WireField])] = [:]
        for entry in entries {
            let grouped = groupByField(try WireScan.fields(of: bytes, in: entry.payload), schema: entrySchema)
            let key = try lastScalar(of: grouped[0], bytes, field: keyField)
            // A repeated key replaces the earlier value, as inserting into a map does.
            latest[key.mapKey] = (key, grouped[1])
        }
        let valueSchema = entrySchema.messageSchema(of: valueField)
        for mapKey in latest.keys.sorted() {
            guard let (key, values) = latest[mapKey] else { continue }
            writeIndent()
            output += Array(field.name.utf8) + Array(" {\n".utf8)
            indent += 2
            if keyField.hasPresence || !key.isDefault {
                printScalar(keyField.name, key, enumSchema: entrySchema.enumSchema(of: keyField))
            }
            if let valueSchema {
                // Python builds each entry with `value=...`, so a message value always prints.
                let (merged, mergedRange) = concatenated(bytes, values.map(\.payload))
                try printMessageField(valueField.name, merged, mergedRange, valueSchema, depth: depth + 1)
            } else {
                let value = try lastScalar(of: values, bytes, field: valueField)
                if valueField.hasPresence || !value.isDefault {
                    printScalar(valueField.name, value, enumSchema: entrySchema.enumSchema(of: valueField))
                }
            }
            indent -= 2
            writeIndent()
            output += Array("}\n".utf8)
        }
    }

    private mutating func printMessageField(
        _ name: String, _ bytes: [UInt8], _ range: Range<Int>, _ schema: MessageSchema, depth: Int
    ) throws(GraphIOError) {
        writeIndent()
        output += Array(name.utf8) + Array(" {\n".utf8)
        indent += 2
        try printFields(bytes, in: range, schema: schema, depth: depth + 1)
        indent -= 2
        writeIndent()
        output += Array("}\n".utf8)
    }

    private mutating func printScalar(_ name: String, _ value: ScalarValue, enumSchema: EnumSchema?) {
        writeIndent()
        output += Array(name.utf8) + Array(": ".utf8)
        value.write(to: &output, enumSchema: enumSchema)
        output.append(UInt8(ascii: "\n"))
    }

    private mutating func writeIndent() {
        output += repeatElement(UInt8(ascii: " "), count: indent)
    }

    /// Every value the occurrences hold, expanding packed runs.
    private func scalarValues(of occurrences: [WireField], _ bytes: [UInt8], field: FieldSchema) throws(GraphIOError) -> [ScalarValue] {
        var values: [ScalarValue] = []
        for wire in occurrences {
            switch (wire.wireType, field.type.wireType) {
            case (.lengthDelimited, .lengthDelimited):
                values.append(field.type == .string ? .string(bytes[wire.payload]) : .bytes(bytes[wire.payload]))
            case (.lengthDelimited, .varint):
                values += try WireScan.packedVarints(of: bytes, in: wire.payload).map { ScalarValue(raw: $0, type: field.type) }
            case (.lengthDelimited, let fixed):
                let width = fixed == .fixed64 ? 8 : 4
                guard wire.payload.count % width == 0 else {
                    throw .malformed(path: nil, offset: wire.payload.lowerBound,
                                     reason: "packed field '\(field.name)' is not a whole number of \(width)-byte values")
                }
                for start in stride(from: wire.payload.lowerBound, to: wire.payload.upperBound, by: width) {
                    values.append(ScalarValue(raw: littleEndianValue(bytes, start..<start + width), type: field.type))
                }
            case (.varint, _):
                values.append(ScalarValue(raw: wire.varint, type: field.type))
            default:
                values.append(ScalarValue(raw: littleEndianValue(bytes, wire.payload), type: field.type))
            }
        }
        return values
    }

    /// What a singular scalar holds after these occurrences: the last value, else the default.
    private func lastScalar(of occurrences: [WireField], _ bytes: [UInt8], field: FieldSchema) throws(GraphIOError) -> ScalarValue {
        if let last = occurrences.last, let value = try scalarValues(of: [last], bytes, field: field).last { return value }
        return ScalarValue(raw: 0, type: field.type)
    }

    private func concatenated(_ bytes: [UInt8], _ ranges: [Range<Int>]) -> ([UInt8], Range<Int>) {
        if ranges.count == 1, let only = ranges.first { return (bytes, only) }
        var merged: [UInt8] = []
        for range in ranges { merged += bytes[range] }
        return (merged, merged.indices)
    }
}
