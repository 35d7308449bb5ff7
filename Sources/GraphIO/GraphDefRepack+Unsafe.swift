import CGraphDefProto
import CProtobufC

/// Unpacks `GraphDef` wire bytes with protobuf-c and packs them again. Two encodings of the
/// same graph (fields in another order, packed or not) come out identical, so this is how
/// wire bytes from different writers are compared.
enum GraphDefRepack {
    static func canonical(_ bytes: [UInt8]) throws(GraphIOError) -> [UInt8] {
        let message: UnsafeMutablePointer<Tensorflow__GraphDef>? = bytes.withUnsafeBufferPointer { buffer in
            tensorflow__graph_def__unpack(nil, buffer.count, buffer.baseAddress)
        }
        guard let message else {
            throw .malformed(path: nil, offset: 0, reason: "protobuf-c could not unpack the GraphDef")
        }
        defer { tensorflow__graph_def__free_unpacked(message, nil) }
        let size = tensorflow__graph_def__get_packed_size(message)
        guard size > 0 else { return [] }
        var packed = [UInt8](repeating: 0, count: size)
        let written = packed.withUnsafeMutableBufferPointer { buffer in
            tensorflow__graph_def__pack(message, buffer.baseAddress)
        }
        return Array(packed.prefix(written))
    }
}
