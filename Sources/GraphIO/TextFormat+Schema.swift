/// A plain-Swift view of the protobuf-c descriptors, so the text codec can walk any
/// message of the schema without touching C pointers after it is built.
///
/// Message types refer to each other by index into one shared catalog because the schema
/// is cyclic (`AttrValue` -> `NameAttrList` -> `AttrValue`), which a value-type tree cannot hold.
package struct MessageSchema: Sendable {
    let catalog: SchemaCatalog
    let index: Int

    var definition: MessageDefinition { catalog.messages[index] }
    /// The full protobuf name, e.g. `tensorflow.NodeDef`.
    package var name: String { definition.fullName }
    /// Fields in field-number order, the order text format prints them in.
    var fields: [FieldSchema] { definition.fields }
    var isMapEntry: Bool { definition.isMapEntry }

    func field(number: UInt32) -> FieldSchema? {
        definition.indexByNumber[number].map { definition.fields[$0] }
    }

    func field(named name: String) -> FieldSchema? {
        definition.indexByName[name].map { definition.fields[$0] }
    }

    /// The schema of a message-typed field (for map fields, the entry message).
    func messageSchema(of field: FieldSchema) -> MessageSchema? {
        guard case .message(let target) = field.type else { return nil }
        return MessageSchema(catalog: catalog, index: target)
    }

    func enumSchema(of field: FieldSchema) -> EnumSchema? {
        guard case .enumeration(let target) = field.type else { return nil }
        return catalog.enums[target]
    }
}

final class SchemaCatalog: Sendable {
    let messages: [MessageDefinition]
    let enums: [EnumSchema]

    init(messages: [MessageDefinition], enums: [EnumSchema]) {
        self.messages = messages
        self.enums = enums
    }
}

struct MessageDefinition: Sendable {
    var fullName: String
    var fields: [FieldSchema]
    var indexByNumber: [UInt32: Int]
    var indexByName: [String: Int]
    /// A synthesized `map<K, V>` entry: fields `key = 1` and `value = 2`.
    var isMapEntry: Bool
}

struct FieldSchema: Sendable {
    enum Label: Sendable, Equatable {
        /// Proto3 singular field without presence: a default value is never on the wire.
        case implicit
        /// Proto2 `optional` (or a proto3 field with explicit presence).
        case optional
        case required
        case repeated
    }

    var name: String
    var number: UInt32
    var type: FieldType
    var label: Label
    var isPacked: Bool
    /// Members of one oneof share this id; setting one clears the others.
    var oneofID: Int?

    var isRepeated: Bool { label == .repeated }
    /// Whether the field is printed and serialized even when it holds its default value
    /// (messages always are: an empty message is still there).
    var hasPresence: Bool {
        if case .message = type { return true }
        return label != .implicit || oneofID != nil
    }
}

enum FieldType: Sendable, Equatable {
    case int32, int64, uint32, uint64, sint32, sint64
    case fixed32, fixed64, sfixed32, sfixed64
    case float, double, bool, string, bytes
    case enumeration(Int)
    case message(Int)

    /// The wire type a single value of this type uses.
    var wireType: WireType {
        switch self {
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .bool, .enumeration: return .varint
        case .fixed64, .sfixed64, .double: return .fixed64
        case .fixed32, .sfixed32, .float: return .fixed32
        case .string, .bytes, .message: return .lengthDelimited
        }
    }

    /// Scalars that packed encoding applies to (everything but strings, bytes and messages).
    var isPackable: Bool { wireType != .lengthDelimited }

    /// The name used in error messages, as written in a `.proto` file.
    var protoName: String {
        switch self {
        case .int32: "int32"
        case .int64: "int64"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .sint32: "sint32"
        case .sint64: "sint64"
        case .fixed32: "fixed32"
        case .fixed64: "fixed64"
        case .sfixed32: "sfixed32"
        case .sfixed64: "sfixed64"
        case .float: "float"
        case .double: "double"
        case .bool: "bool"
        case .string: "string"
        case .bytes: "bytes"
        case .enumeration: "enum"
        case .message: "message"
        }
    }
}

struct EnumSchema: Sendable {
    var fullName: String
    /// The first name declared for each number, which is the one text format prints.
    var nameByNumber: [Int32: String]
    var numberByName: [String: Int32]
}
