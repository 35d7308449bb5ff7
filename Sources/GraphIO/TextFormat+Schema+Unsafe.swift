import CGraphDefProto
import CProtobufC

extension TextFormat {
    /// `tensorflow.GraphDef` and, through it, every message it can contain (the function
    /// library, `OpDef`, `GraphDebugInfo`...). Built on first use; `static let` makes that thread-safe.
    package static let graphDefSchema: MessageSchema = SchemaBuilder.build(root: tensorflow__graph_def__descriptor)
}

extension MessageSchema {
    /// Another message type of the same schema, by full name (e.g. `tensorflow.FunctionDef`).
    package func schema(named fullName: String) -> MessageSchema? {
        catalog.messages.firstIndex { $0.fullName == fullName }.map { MessageSchema(catalog: catalog, index: $0) }
    }
}

/// Copies what text format needs out of protobuf-c's descriptors, once.
enum SchemaBuilder {
    static func build(root: ProtobufCMessageDescriptor) -> MessageSchema {
        // Descriptors are static data; the copy of the root only lends its pointers.
        withUnsafePointer(to: root) { build(rootPointer: $0) }
    }

    private static func build(rootPointer: UnsafePointer<ProtobufCMessageDescriptor>) -> MessageSchema {
        var messagePointers: [UnsafePointer<ProtobufCMessageDescriptor>] = []
        var messageIndex: [String: Int] = [:]
        var enumPointers: [UnsafePointer<ProtobufCEnumDescriptor>] = []
        var enumIndex: [String: Int] = [:]

        // Number every reachable type first so fields can refer to types not built yet.
        func visit(_ pointer: UnsafePointer<ProtobufCMessageDescriptor>) {
            let name = string(pointer.pointee.name)
            guard messageIndex[name] == nil else { return }
            messageIndex[name] = messagePointers.count
            messagePointers.append(pointer)
            for field in fieldDescriptors(pointer) {
                guard let nested = field.descriptor else { continue }
                if field.type == PROTOBUF_C_TYPE_MESSAGE {
                    visit(nested.assumingMemoryBound(to: ProtobufCMessageDescriptor.self))
                } else if field.type == PROTOBUF_C_TYPE_ENUM {
                    let enumPointer = nested.assumingMemoryBound(to: ProtobufCEnumDescriptor.self)
                    let enumName = string(enumPointer.pointee.name)
                    if enumIndex[enumName] == nil {
                        enumIndex[enumName] = enumPointers.count
                        enumPointers.append(enumPointer)
                    }
                }
            }
        }
        visit(rootPointer)

        let messages = messagePointers.map { pointer in
            definition(of: pointer, messageIndex: messageIndex, enumIndex: enumIndex, all: messagePointers)
        }
        let enums = enumPointers.map(enumSchema(of:))
        return MessageSchema(catalog: SchemaCatalog(messages: messages, enums: enums), index: 0)
    }

    private static func definition(
        of pointer: UnsafePointer<ProtobufCMessageDescriptor>,
        messageIndex: [String: Int], enumIndex: [String: Int],
        all: [UnsafePointer<ProtobufCMessageDescriptor>]
    ) -> MessageDefinition {
        var fields: [FieldSchema] = []
        for field in fieldDescriptors(pointer) {
            let nestedName = field.descriptor.map { nested -> String in
                field.type == PROTOBUF_C_TYPE_ENUM
                    ? string(nested.assumingMemoryBound(to: ProtobufCEnumDescriptor.self).pointee.name)
                    : string(nested.assumingMemoryBound(to: ProtobufCMessageDescriptor.self).pointee.name)
            } ?? ""
            guard let type = fieldType(field.type, messageIndex: messageIndex[nestedName], enumIndex: enumIndex[nestedName])
            else { continue }
            let label: FieldSchema.Label
            switch field.label {
            case PROTOBUF_C_LABEL_REQUIRED: label = .required
            case PROTOBUF_C_LABEL_OPTIONAL: label = .optional
            case PROTOBUF_C_LABEL_REPEATED: label = .repeated
            default: label = .implicit
            }
            let isOneof = field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF.rawValue != 0
            fields.append(FieldSchema(
                name: string(field.name), number: field.id, type: type, label: label,
                isPacked: field.flags & PROTOBUF_C_FIELD_FLAG_PACKED.rawValue != 0,
                // All members of a oneof store their case in the same slot of the C struct.
                oneofID: isOneof ? Int(field.quantifier_offset) : nil))
        }
        fields.sort { $0.number < $1.number }
        let name = string(pointer.pointee.name)
        return MessageDefinition(
            fullName: name,
            fields: fields,
            indexByNumber: Dictionary(fields.enumerated().map { ($1.number, $0) }, uniquingKeysWith: { first, _ in first }),
            indexByName: Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first }),
            isMapEntry: looksLikeMapEntry(name: name, shortName: string(pointer.pointee.short_name), fields: fields))
    }

    /// protobuf-c keeps no map-entry flag, so recognise protoc's synthesized `FooEntry`
    /// message: nested, named `...Entry`, with exactly `key = 1` and `value = 2`.
    private static func looksLikeMapEntry(name: String, shortName: String, fields: [FieldSchema]) -> Bool {
        shortName.hasSuffix("Entry") && name.hasSuffix("." + shortName)
            && name.split(separator: ".").count >= 3
            && fields.count == 2
            && fields[0].name == "key" && fields[0].number == 1
            && fields[1].name == "value" && fields[1].number == 2
    }

    private static func fieldType(_ type: ProtobufCType, messageIndex: Int?, enumIndex: Int?) -> FieldType? {
        switch type {
        case PROTOBUF_C_TYPE_INT32: return .int32
        case PROTOBUF_C_TYPE_SINT32: return .sint32
        case PROTOBUF_C_TYPE_SFIXED32: return .sfixed32
        case PROTOBUF_C_TYPE_INT64: return .int64
        case PROTOBUF_C_TYPE_SINT64: return .sint64
        case PROTOBUF_C_TYPE_SFIXED64: return .sfixed64
        case PROTOBUF_C_TYPE_UINT32: return .uint32
        case PROTOBUF_C_TYPE_FIXED32: return .fixed32
        case PROTOBUF_C_TYPE_UINT64: return .uint64
        case PROTOBUF_C_TYPE_FIXED64: return .fixed64
        case PROTOBUF_C_TYPE_FLOAT: return .float
        case PROTOBUF_C_TYPE_DOUBLE: return .double
        case PROTOBUF_C_TYPE_BOOL: return .bool
        case PROTOBUF_C_TYPE_STRING: return .string
        case PROTOBUF_C_TYPE_BYTES: return .bytes
        case PROTOBUF_C_TYPE_ENUM: return enumIndex.map(FieldType.enumeration)
        case PROTOBUF_C_TYPE_MESSAGE: return messageIndex.map(FieldType.message)
        default: return nil
        }
    }

    private static func enumSchema(of pointer: UnsafePointer<ProtobufCEnumDescriptor>) -> EnumSchema {
        var nameByNumber: [Int32: String] = [:]
        var numberByName: [String: Int32] = [:]
        let descriptor = pointer.pointee
        if let values = descriptor.values {
            for value in UnsafeBufferPointer(start: values, count: Int(descriptor.n_values)) {
                let name = string(value.name)
                let number = Int32(truncatingIfNeeded: value.value)
                if nameByNumber[number] == nil { nameByNumber[number] = name }
                numberByName[name] = number
            }
        }
        return EnumSchema(fullName: string(descriptor.name), nameByNumber: nameByNumber, numberByName: numberByName)
    }

    private static func fieldDescriptors(_ pointer: UnsafePointer<ProtobufCMessageDescriptor>) -> UnsafeBufferPointer<ProtobufCFieldDescriptor> {
        UnsafeBufferPointer(start: pointer.pointee.fields, count: Int(pointer.pointee.n_fields))
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
