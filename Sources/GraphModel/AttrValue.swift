/// A node attribute value (`AttrValue`): exactly one of the kinds TensorFlow defines.
public struct AttrValue: Hashable, Sendable {
    /// Only the large kinds are boxed (`indirect`), which keeps the enum small; scalars and
    /// types, the attributes nearly every node has, are stored inline rather than in a heap
    /// box each.
    public enum Kind: Hashable, Sendable {
        /// No member of the `value` oneof was set.
        case unset
        case string([UInt8])
        case int(Int64)
        case float(Float)
        case bool(Bool)
        case type(DType)
        indirect case shape(TensorShape)
        indirect case tensor(Tensor)
        indirect case list(ListValue)
        indirect case function(NameAttrList)
        case placeholder(String)
    }

    public struct ListValue: Hashable, Sendable {
        public var strings: [[UInt8]] = []
        public var ints: [Int64] = []
        public var floats: [Float] = []
        public var bools: [Bool] = []
        public var types: [DType] = []
        public var shapes: [TensorShape] = []
        public var tensors: [Tensor] = []
        public var functions: [NameAttrList] = []
        public var unknownFields: UnknownFields = []

        public init(
            strings: [[UInt8]] = [], ints: [Int64] = [], floats: [Float] = [], bools: [Bool] = [],
            types: [DType] = [], shapes: [TensorShape] = [], tensors: [Tensor] = [],
            functions: [NameAttrList] = [], unknownFields: UnknownFields = []
        ) {
            self.strings = strings
            self.ints = ints
            self.floats = floats
            self.bools = bools
            self.types = types
            self.shapes = shapes
            self.tensors = tensors
            self.functions = functions
            self.unknownFields = unknownFields
        }
    }

    public var kind: Kind
    public var unknownFields: UnknownFields

    public init(_ kind: Kind, unknownFields: UnknownFields = []) {
        self.kind = kind
        self.unknownFields = unknownFields
    }

    public static func string(_ value: String) -> AttrValue { AttrValue(.string(Array(value.utf8))) }
    public static func int(_ value: Int64) -> AttrValue { AttrValue(.int(value)) }
    public static func float(_ value: Float) -> AttrValue { AttrValue(.float(value)) }
    public static func bool(_ value: Bool) -> AttrValue { AttrValue(.bool(value)) }
    public static func type(_ value: DType) -> AttrValue { AttrValue(.type(value)) }
    public static func shape(_ value: TensorShape) -> AttrValue { AttrValue(.shape(value)) }
    public static func tensor(_ value: Tensor) -> AttrValue { AttrValue(.tensor(value)) }
    public static func list(_ value: ListValue) -> AttrValue { AttrValue(.list(value)) }
    public static func ints(_ values: [Int64]) -> AttrValue { AttrValue(.list(ListValue(ints: values))) }
    public static func strings(_ values: [String]) -> AttrValue {
        AttrValue(.list(ListValue(strings: values.map { Array($0.utf8) })))
    }

    /// A list of strings given as their bytes (what `strings` stores).
    public static func byteStrings(_ values: [[UInt8]]) -> AttrValue {
        AttrValue(.list(ListValue(strings: values)))
    }

    public var intValue: Int64? { if case .int(let v) = kind { v } else { nil } }
    public var floatValue: Float? { if case .float(let v) = kind { v } else { nil } }
    public var boolValue: Bool? { if case .bool(let v) = kind { v } else { nil } }
    public var typeValue: DType? { if case .type(let v) = kind { v } else { nil } }
    public var shapeValue: TensorShape? { if case .shape(let v) = kind { v } else { nil } }
    public var tensorValue: Tensor? { if case .tensor(let v) = kind { v } else { nil } }
    /// A tensor value's dtype and shape, without copying its contents out.
    public var tensorType: (dtype: DType, shape: TensorShape)? { if case .tensor(let v) = kind { (v.dtype, v.shape) } else { nil } }
    public var listValue: ListValue? { if case .list(let v) = kind { v } else { nil } }
    public var stringValue: String? {
        if case .string(let v) = kind { String(decoding: v, as: UTF8.self) } else { nil }
    }
    /// A string value's bytes as stored (not necessarily UTF-8).
    public var stringBytes: [UInt8]? { if case .string(let v) = kind { v } else { nil } }
}

/// A function reference with attributes (`NameAttrList`), as in a `func` attribute.
public struct NameAttrList: Hashable, Sendable {
    public var name: String
    public var attrs: AttrMap
    public var unknownFields: UnknownFields

    public init(name: String, attrs: AttrMap = [:], unknownFields: UnknownFields = []) {
        self.name = name
        self.attrs = attrs
        self.unknownFields = unknownFields
    }
}
