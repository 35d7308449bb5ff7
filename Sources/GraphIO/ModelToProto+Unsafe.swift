import CGraphDefProto
import CProtobufC
import GraphModel

/// Builds protobuf-c structs from GraphModel values so protobuf-c can pack them.
/// Map entries are emitted sorted by key, which makes the output deterministic.
struct ModelToProto {
    let arena: CArena

    func dataType(_ dtype: DType) -> Tensorflow__DataType {
        Tensorflow__DataType(rawValue: .init(truncatingIfNeeded: dtype.rawValue))
    }

    // Inlined so a node read through a buffer pointer is not copied (every field retained) to be passed.
    @inline(__always)
    func node(_ node: borrowing Node) throws(GraphIOError) -> UnsafeMutablePointer<Tensorflow__NodeDef> {
        let m = arena.allocate(Tensorflow__NodeDef.self)
        tensorflow__node_def__init(m)
        m.pointee.name = try arena.cString(node.name)
        m.pointee.op = try arena.cString(node.op)
        m.pointee.n_input = node.inputs.count
        m.pointee.input = try arena.cStrings(node.inputs)
        m.pointee.device = try arena.cString(node.device)
        let attrs = node.attrs  // already in serialization order
        if !attrs.isEmpty {
            let entries = arena.allocate(UnsafeMutablePointer<Tensorflow__NodeDef__AttrEntry>?.self, count: attrs.count)
            for (i, (key, value)) in attrs.enumerated() {
                let e = arena.allocate(Tensorflow__NodeDef__AttrEntry.self)
                tensorflow__node_def__attr_entry__init(e)
                e.pointee.key = try arena.cString(key)
                e.pointee.value = try attrValue(value)
                entries[i] = e
            }
            m.pointee.n_attr = attrs.count
            m.pointee.attr = entries
        }
        if let info = node.debugInfo {
            let d = arena.allocate(Tensorflow__NodeDef__ExperimentalDebugInfo.self)
            tensorflow__node_def__experimental_debug_info__init(d)
            d.pointee.n_original_node_names = info.originalNodeNames.count
            d.pointee.original_node_names = try arena.cStrings(info.originalNodeNames)
            d.pointee.n_original_func_names = info.originalFuncNames.count
            d.pointee.original_func_names = try arena.cStrings(info.originalFuncNames)
            arena.setUnknownFields(info.unknownFields, on: &d.pointee.base)
            m.pointee.experimental_debug_info = d
        }
        if let type = node.experimentalType { m.pointee.experimental_type = try fullType(type) }
        arena.setUnknownFields(node.unknownFields, on: &m.pointee.base)
        return m
    }

    func fullType(_ type: FullType) throws(GraphIOError) -> UnsafeMutablePointer<Tensorflow__FullTypeDef> {
        let m = arena.allocate(Tensorflow__FullTypeDef.self)
        tensorflow__full_type_def__init(m)
        m.pointee.type_id = Tensorflow__FullTypeId(rawValue: .init(truncatingIfNeeded: type.typeID))
        if !type.args.isEmpty {
            let args = arena.allocate(UnsafeMutablePointer<Tensorflow__FullTypeDef>?.self, count: type.args.count)
            for (i, arg) in type.args.enumerated() { args[i] = try fullType(arg) }
            m.pointee.n_args = type.args.count
            m.pointee.args = args
        }
        switch type.attribute {
        case .none: break
        case .string(let s):
            m.pointee.attr_case = TENSORFLOW__FULL_TYPE_DEF__ATTR_S
            m.pointee.s = try arena.cString(s)
        case .int(let i):
            m.pointee.attr_case = TENSORFLOW__FULL_TYPE_DEF__ATTR_I
            m.pointee.i = i
        }
        arena.setUnknownFields(type.unknownFields, on: &m.pointee.base)
        return m
    }

    func shape(_ shape: TensorShape) throws(GraphIOError) -> UnsafeMutablePointer<Tensorflow__TensorShapeProto> {
        let m = arena.allocate(Tensorflow__TensorShapeProto.self)
        tensorflow__tensor_shape_proto__init(m)
        if !shape.dims.isEmpty {
            let dims = arena.allocate(UnsafeMutablePointer<Tensorflow__TensorShapeProto__Dim>?.self, count: shape.dims.count)
            for (i, dim) in shape.dims.enumerated() {
                let d = arena.allocate(Tensorflow__TensorShapeProto__Dim.self)
                tensorflow__tensor_shape_proto__dim__init(d)
                d.pointee.size = dim.size
                d.pointee.name = try arena.cString(dim.name)
                arena.setUnknownFields(dim.unknownFields, on: &d.pointee.base)
                dims[i] = d
            }
            m.pointee.n_dim = shape.dims.count
            m.pointee.dim = dims
        }
        m.pointee.unknown_rank = shape.unknownRank ? 1 : 0
        arena.setUnknownFields(shape.unknownFields, on: &m.pointee.base)
        return m
    }

    func tensor(_ t: Tensor) throws(GraphIOError) -> UnsafeMutablePointer<Tensorflow__TensorProto> {
        let m = arena.allocate(Tensorflow__TensorProto.self)
        tensorflow__tensor_proto__init(m)
        m.pointee.dtype = dataType(t.dtype)
        if t.hasShape { m.pointee.tensor_shape = try shape(t.shape) }
        m.pointee.version_number = t.versionNumber
        m.pointee.tensor_content = arena.binary(t.content)
        (m.pointee.n_half_val, m.pointee.half_val) = (t.halfValues.count, arena.copy(t.halfValues))
        (m.pointee.n_float_val, m.pointee.float_val) = (t.floatValues.count, arena.copy(t.floatValues))
        (m.pointee.n_double_val, m.pointee.double_val) = (t.doubleValues.count, arena.copy(t.doubleValues))
        (m.pointee.n_int_val, m.pointee.int_val) = (t.intValues.count, arena.copy(t.intValues))
        (m.pointee.n_string_val, m.pointee.string_val) = (t.stringValues.count, arena.copy(t.stringValues.map(arena.binary)))
        (m.pointee.n_scomplex_val, m.pointee.scomplex_val) = (t.complex64Values.count, arena.copy(t.complex64Values))
        (m.pointee.n_int64_val, m.pointee.int64_val) = (t.int64Values.count, arena.copy(t.int64Values))
        (m.pointee.n_bool_val, m.pointee.bool_val) = (t.boolValues.count, arena.copy(t.boolValues.map { $0 ? 1 : 0 }))
        (m.pointee.n_dcomplex_val, m.pointee.dcomplex_val) = (t.complex128Values.count, arena.copy(t.complex128Values))
        if !t.resourceHandleValues.isEmpty {
            var handles: [UnsafeMutablePointer<Tensorflow__ResourceHandleProto>?] = []
            for bytes in t.resourceHandleValues { handles.append(try arena.unpack(bytes, with: tensorflow__resource_handle_proto__unpack)) }
            (m.pointee.n_resource_handle_val, m.pointee.resource_handle_val) = (handles.count, arena.copy(handles))
        }
        if !t.variantValues.isEmpty {
            var variants: [UnsafeMutablePointer<Tensorflow__VariantTensorDataProto>?] = []
            for bytes in t.variantValues { variants.append(try arena.unpack(bytes, with: tensorflow__variant_tensor_data_proto__unpack)) }
            (m.pointee.n_variant_val, m.pointee.variant_val) = (variants.count, arena.copy(variants))
        }
        (m.pointee.n_uint32_val, m.pointee.uint32_val) = (t.uint32Values.count, arena.copy(t.uint32Values))
        (m.pointee.n_uint64_val, m.pointee.uint64_val) = (t.uint64Values.count, arena.copy(t.uint64Values))
        m.pointee.float8_val = arena.binary(t.float8Values)
        arena.setUnknownFields(t.unknownFields, on: &m.pointee.base)
        return m
    }

    func nameAttrList(_ f: NameAttrList) throws(GraphIOError) -> UnsafeMutablePointer<Tensorflow__NameAttrList> {
        let m = arena.allocate(Tensorflow__NameAttrList.self)
        tensorflow__name_attr_list__init(m)
        m.pointee.name = try arena.cString(f.name)
        let attrs = f.attrs  // already in serialization order
        if !attrs.isEmpty {
            let entries = arena.allocate(UnsafeMutablePointer<Tensorflow__NameAttrList__AttrEntry>?.self, count: attrs.count)
            for (i, (key, value)) in attrs.enumerated() {
                let e = arena.allocate(Tensorflow__NameAttrList__AttrEntry.self)
                tensorflow__name_attr_list__attr_entry__init(e)
                e.pointee.key = try arena.cString(key)
                e.pointee.value = try attrValue(value)
                entries[i] = e
            }
            m.pointee.n_attr = attrs.count
            m.pointee.attr = entries
        }
        arena.setUnknownFields(f.unknownFields, on: &m.pointee.base)
        return m
    }

    func listValue(_ l: AttrValue.ListValue) throws(GraphIOError) -> UnsafeMutablePointer<Tensorflow__AttrValue__ListValue> {
        let m = arena.allocate(Tensorflow__AttrValue__ListValue.self)
        tensorflow__attr_value__list_value__init(m)
        (m.pointee.n_s, m.pointee.s) = (l.strings.count, arena.copy(l.strings.map(arena.binary)))
        (m.pointee.n_i, m.pointee.i) = (l.ints.count, arena.copy(l.ints))
        (m.pointee.n_f, m.pointee.f) = (l.floats.count, arena.copy(l.floats))
        (m.pointee.n_b, m.pointee.b) = (l.bools.count, arena.copy(l.bools.map { $0 ? 1 : 0 }))
        (m.pointee.n_type, m.pointee.type) = (l.types.count, arena.copy(l.types.map(dataType)))
        var shapes: [UnsafeMutablePointer<Tensorflow__TensorShapeProto>?] = []
        for s in l.shapes { shapes.append(try shape(s)) }
        (m.pointee.n_shape, m.pointee.shape) = (shapes.count, arena.copy(shapes))
        var tensors: [UnsafeMutablePointer<Tensorflow__TensorProto>?] = []
        for t in l.tensors { tensors.append(try tensor(t)) }
        (m.pointee.n_tensor, m.pointee.tensor) = (tensors.count, arena.copy(tensors))
        var functions: [UnsafeMutablePointer<Tensorflow__NameAttrList>?] = []
        for f in l.functions { functions.append(try nameAttrList(f)) }
        (m.pointee.n_func, m.pointee.func) = (functions.count, arena.copy(functions))
        arena.setUnknownFields(l.unknownFields, on: &m.pointee.base)
        return m
    }

    func attrValue(_ a: AttrValue) throws(GraphIOError) -> UnsafeMutablePointer<Tensorflow__AttrValue> {
        let m = arena.allocate(Tensorflow__AttrValue.self)
        tensorflow__attr_value__init(m)
        switch a.kind {
        case .unset: break
        case .string(let s): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_S; m.pointee.s = arena.binary(s)
        case .int(let i): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_I; m.pointee.i = i
        case .float(let f): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_F; m.pointee.f = f
        case .bool(let b): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_B; m.pointee.b = b ? 1 : 0
        case .type(let t): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_TYPE; m.pointee.type = dataType(t)
        case .shape(let s): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_SHAPE; m.pointee.shape = try shape(s)
        case .tensor(let t): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_TENSOR; m.pointee.tensor = try tensor(t)
        case .list(let l): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_LIST; m.pointee.list = try listValue(l)
        case .function(let f): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_FUNC; m.pointee.func = try nameAttrList(f)
        case .placeholder(let p): m.pointee.value_case = TENSORFLOW__ATTR_VALUE__VALUE_PLACEHOLDER; m.pointee.placeholder = try arena.cString(p)
        }
        arena.setUnknownFields(a.unknownFields, on: &m.pointee.base)
        return m
    }

    func versions(_ v: Versions) -> UnsafeMutablePointer<Tensorflow__VersionDef> {
        let m = arena.allocate(Tensorflow__VersionDef.self)
        tensorflow__version_def__init(m)
        m.pointee.producer = v.producer
        m.pointee.min_consumer = v.minConsumer
        (m.pointee.n_bad_consumers, m.pointee.bad_consumers) = (v.badConsumers.count, arena.copy(v.badConsumers))
        arena.setUnknownFields(v.unknownFields, on: &m.pointee.base)
        return m
    }
}
