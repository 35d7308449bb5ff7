import CGraphDefProto
import CProtobufC
import GraphModel

/// Converts protobuf-c message structs into GraphModel values. Every pointer read of
/// the decoder lives here; the structs are freed by the caller right after conversion.
enum ProtoToModel {
    struct InvalidString: Error { var field: String }

    static func string(_ pointer: UnsafeMutablePointer<CChar>?, field: @autoclosure () -> String) throws(InvalidString) -> String {
        guard let pointer else { return "" }
        // Swift strings cannot hold invalid UTF-8, and silently repairing it would lose data.
        guard let value = String(validatingCString: pointer) else { throw InvalidString(field: field()) }
        return value
    }

    static func strings(_ count: Int, _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                        field: @autoclosure () -> String) throws(InvalidString) -> [String] {
        guard count > 0, let pointer else { return [] }
        return try (0..<count).map { i throws(InvalidString) in try string(pointer[i], field: field()) }
    }

    static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard data.len > 0, let base = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }

    static func array<T>(_ count: Int, _ pointer: UnsafeMutablePointer<T>?) -> [T] {
        guard count > 0, let pointer else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// `array(count, pointer).map(transform)` without allocating for the usual empty list
    /// (`map` on an empty array still allocates its result's buffer).
    static func array<T, U>(_ count: Int, _ pointer: UnsafeMutablePointer<T>?, _ transform: (T) -> U) -> [U] {
        guard count > 0, let pointer else { return [] }
        return UnsafeBufferPointer(start: pointer, count: count).map(transform)
    }

    static func unknownFields(_ base: ProtobufCMessage) -> UnknownFields {
        guard base.n_unknown_fields > 0, let fields = base.unknown_fields else { return [] }
        return (0..<Int(base.n_unknown_fields)).map { i in
            let f = fields[i]
            let payload = f.len > 0 && f.data != nil ? Array(UnsafeBufferPointer(start: f.data, count: f.len)) : []
            return UnknownField(number: f.tag, wireType: UInt8(truncatingIfNeeded: f.wire_type.rawValue), payload: payload)
        }
    }

    /// Re-encodes a sub-message the model keeps opaque.
    static func encoded(_ message: UnsafeRawPointer) -> [UInt8] {
        let m = message.assumingMemoryBound(to: ProtobufCMessage.self)
        let size = protobuf_c_message_get_packed_size(m)
        var out = [UInt8](repeating: 0, count: size)
        out.withUnsafeMutableBufferPointer { _ = protobuf_c_message_pack(m, $0.baseAddress) }
        return out
    }

    static func dtype(_ value: Tensorflow__DataType) -> DType {
        DType(rawValue: Int32(truncatingIfNeeded: value.rawValue))
    }

    static func node(_ n: Tensorflow__NodeDef) throws(InvalidString) -> Node {
        let name = try string(n.name, field: "NodeDef.name")
        var attrs = AttrMap()
        attrs.reserveCapacity(n.n_attr)
        for i in 0..<n.n_attr {
            guard let entry = n.attr[i]?.pointee else { continue }
            let key = try string(entry.key, field: "NodeDef.attr key")
            attrs[key] = try entry.value.map { (v) throws(InvalidString) in try attrValue(v.pointee) } ?? AttrValue(.unset)
        }
        return Node(
            name: name,
            op: try string(n.op, field: "NodeDef.op of '\(name)'"),
            inputs: try strings(n.n_input, n.input, field: "NodeDef.input of '\(name)'"),
            device: try string(n.device, field: "NodeDef.device of '\(name)'"),
            attrs: attrs,
            debugInfo: try n.experimental_debug_info.map { (p) throws(InvalidString) in try debugInfo(p.pointee) },
            experimentalType: try n.experimental_type.map { (p) throws(InvalidString) in try fullType(p.pointee) },
            unknownFields: unknownFields(n.base)
        )
    }

    static func debugInfo(_ d: Tensorflow__NodeDef__ExperimentalDebugInfo) throws(InvalidString) -> NodeDebugInfo {
        NodeDebugInfo(
            originalNodeNames: try strings(d.n_original_node_names, d.original_node_names, field: "original_node_names"),
            originalFuncNames: try strings(d.n_original_func_names, d.original_func_names, field: "original_func_names"),
            unknownFields: unknownFields(d.base)
        )
    }

    static func fullType(_ t: Tensorflow__FullTypeDef) throws(InvalidString) -> FullType {
        var args: [FullType] = []
        for i in 0..<t.n_args {
            if let arg = t.args[i] { args.append(try fullType(arg.pointee)) }
        }
        let attribute: FullType.Attribute
        switch t.attr_case {
        case TENSORFLOW__FULL_TYPE_DEF__ATTR_S: attribute = .string(try string(t.s, field: "FullTypeDef.s"))
        case TENSORFLOW__FULL_TYPE_DEF__ATTR_I: attribute = .int(t.i)
        default: attribute = .none
        }
        return FullType(typeID: Int32(truncatingIfNeeded: t.type_id.rawValue), args: args,
                        attribute: attribute, unknownFields: unknownFields(t.base))
    }

    static func shape(_ s: Tensorflow__TensorShapeProto) throws(InvalidString) -> TensorShape {
        var dims: [TensorShape.Dim] = []
        dims.reserveCapacity(s.n_dim)
        for i in 0..<s.n_dim {
            guard let d = s.dim[i]?.pointee else { continue }
            dims.append(TensorShape.Dim(size: d.size, name: try string(d.name, field: "TensorShapeProto.Dim.name"),
                                        unknownFields: unknownFields(d.base)))
        }
        return TensorShape(dims: dims, unknownRank: s.unknown_rank != 0, unknownFields: unknownFields(s.base))
    }

    static func tensor(_ t: Tensorflow__TensorProto) throws(InvalidString) -> Tensor {
        Tensor(
            dtype: dtype(t.dtype),
            shape: try t.tensor_shape.map { (p) throws(InvalidString) in try shape(p.pointee) } ?? TensorShape(),
            hasShape: t.tensor_shape != nil,
            versionNumber: t.version_number,
            content: bytes(t.tensor_content),
            halfValues: array(t.n_half_val, t.half_val),
            floatValues: array(t.n_float_val, t.float_val),
            doubleValues: array(t.n_double_val, t.double_val),
            intValues: array(t.n_int_val, t.int_val),
            stringValues: array(t.n_string_val, t.string_val, bytes),
            complex64Values: array(t.n_scomplex_val, t.scomplex_val),
            int64Values: array(t.n_int64_val, t.int64_val),
            boolValues: array(t.n_bool_val, t.bool_val) { $0 != 0 },
            complex128Values: array(t.n_dcomplex_val, t.dcomplex_val),
            resourceHandleValues: array(t.n_resource_handle_val, t.resource_handle_val).compactMap { $0.map { encoded($0) } },
            variantValues: array(t.n_variant_val, t.variant_val).compactMap { $0.map { encoded($0) } },
            uint32Values: array(t.n_uint32_val, t.uint32_val),
            uint64Values: array(t.n_uint64_val, t.uint64_val),
            float8Values: bytes(t.float8_val),
            unknownFields: unknownFields(t.base)
        )
    }

    static func nameAttrList(_ f: Tensorflow__NameAttrList) throws(InvalidString) -> NameAttrList {
        var attrs: AttrMap = [:]
        for i in 0..<f.n_attr {
            guard let entry = f.attr[i]?.pointee else { continue }
            attrs[try string(entry.key, field: "NameAttrList.attr key")] =
                try entry.value.map { (v) throws(InvalidString) in try attrValue(v.pointee) } ?? AttrValue(.unset)
        }
        return NameAttrList(name: try string(f.name, field: "NameAttrList.name"), attrs: attrs, unknownFields: unknownFields(f.base))
    }

    static func listValue(_ l: Tensorflow__AttrValue__ListValue) throws(InvalidString) -> AttrValue.ListValue {
        var shapes: [TensorShape] = []
        for p in array(l.n_shape, l.shape) { if let p { shapes.append(try shape(p.pointee)) } }
        var tensors: [Tensor] = []
        for p in array(l.n_tensor, l.tensor) { if let p { tensors.append(try tensor(p.pointee)) } }
        var functions: [NameAttrList] = []
        for p in array(l.n_func, l.func) { if let p { functions.append(try nameAttrList(p.pointee)) } }
        return AttrValue.ListValue(
            strings: array(l.n_s, l.s, bytes),
            ints: array(l.n_i, l.i),
            floats: array(l.n_f, l.f),
            bools: array(l.n_b, l.b) { $0 != 0 },
            types: array(l.n_type, l.type, dtype),
            shapes: shapes, tensors: tensors, functions: functions,
            unknownFields: unknownFields(l.base)
        )
    }

    static func attrValue(_ a: Tensorflow__AttrValue) throws(InvalidString) -> AttrValue {
        let kind: AttrValue.Kind
        switch a.value_case {
        case TENSORFLOW__ATTR_VALUE__VALUE_S: kind = .string(bytes(a.s))
        case TENSORFLOW__ATTR_VALUE__VALUE_I: kind = .int(a.i)
        case TENSORFLOW__ATTR_VALUE__VALUE_F: kind = .float(a.f)
        case TENSORFLOW__ATTR_VALUE__VALUE_B: kind = .bool(a.b != 0)
        case TENSORFLOW__ATTR_VALUE__VALUE_TYPE: kind = .type(dtype(a.type))
        case TENSORFLOW__ATTR_VALUE__VALUE_SHAPE: kind = try a.shape.map { (p) throws(InvalidString) in .shape(try shape(p.pointee)) } ?? .shape(TensorShape())
        case TENSORFLOW__ATTR_VALUE__VALUE_TENSOR: kind = try a.tensor.map { (p) throws(InvalidString) in .tensor(try tensor(p.pointee)) } ?? .tensor(Tensor())
        case TENSORFLOW__ATTR_VALUE__VALUE_LIST: kind = try a.list.map { (p) throws(InvalidString) in .list(try listValue(p.pointee)) } ?? .list(AttrValue.ListValue())
        case TENSORFLOW__ATTR_VALUE__VALUE_FUNC: kind = try a.func.map { (p) throws(InvalidString) in .function(try nameAttrList(p.pointee)) } ?? .function(NameAttrList(name: ""))
        case TENSORFLOW__ATTR_VALUE__VALUE_PLACEHOLDER: kind = .placeholder(try string(a.placeholder, field: "AttrValue.placeholder"))
        default: kind = .unset
        }
        return AttrValue(kind, unknownFields: unknownFields(a.base))
    }

    static func versions(_ v: Tensorflow__VersionDef) -> Versions {
        Versions(producer: v.producer, minConsumer: v.min_consumer,
                 badConsumers: array(v.n_bad_consumers, v.bad_consumers), unknownFields: unknownFields(v.base))
    }
}
