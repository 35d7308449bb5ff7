import CGraphDefProto
import CProtobufC
import GraphModel

/// Decodes the binary `GraphDef` wire format into a `Graph`.
///
/// The top level is walked here and each `NodeDef` is unpacked by protobuf-c on its own
/// and freed right away, so peak memory is the file plus the model, not a whole C tree too.
public enum GraphDecoder {
    public static func decode(_ bytes: [UInt8]) throws(GraphIOError) -> Graph {
        let result: Result<Graph, GraphIOError> = bytes.withUnsafeBytes { buffer in
            do throws(GraphIOError) { return .success(try decode(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    public static func decode(_ buffer: UnsafeRawBufferPointer) throws(GraphIOError) -> Graph {
        var reader = WireReader(buffer)
        var graph = Graph()
        // A singular message field seen twice merges; concatenating the encodings is exactly that.
        var versionsBytes: [UInt8]? = nil
        var libraryBytes: [UInt8]? = nil
        var debugInfoBytes: [UInt8]? = nil

        while !reader.isAtEnd {
            let fieldStart = reader.offset
            let field = try reader.readField()
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited):
                graph.nodes.append(try decodeNode(buffer, field.payload, index: graph.nodes.count, fieldStart: fieldStart))
            case (2, .lengthDelimited):
                libraryBytes = (libraryBytes ?? []) + buffer[field.payload]
            case (3, .varint):
                graph.legacyVersion = Int32(truncatingIfNeeded: field.varint)
            case (4, .lengthDelimited):
                versionsBytes = (versionsBytes ?? []) + buffer[field.payload]
            case (5, .lengthDelimited):
                debugInfoBytes = (debugInfoBytes ?? []) + buffer[field.payload]
            case (1...5, _):
                throw .malformed(path: nil, offset: fieldStart,
                                 reason: "GraphDef field \(field.number) has wrong wire type \(field.wireType.rawValue)")
            default:
                graph.unknownFields.append(UnknownField(number: field.number, wireType: field.wireType.rawValue,
                                                        payload: Array(buffer[field.rawValue])))
            }
        }

        if let versionsBytes {
            graph.versions = try unpack(versionsBytes, what: "GraphDef.versions", unpack: tensorflow__version_def__unpack,
                                        free: tensorflow__version_def__free_unpacked) { ProtoToModel.versions($0.pointee) }
        }
        if let libraryBytes {
            try validate(libraryBytes, what: "GraphDef.library (FunctionDefLibrary)",
                         unpack: tensorflow__function_def_library__unpack, free: tensorflow__function_def_library__free_unpacked)
            graph.library = EncodedMessage(bytes: libraryBytes)
        }
        if let debugInfoBytes {
            try validate(debugInfoBytes, what: "GraphDef.debug_info (GraphDebugInfo)",
                         unpack: tensorflow__graph_debug_info__unpack, free: tensorflow__graph_debug_info__free_unpacked)
            graph.debugInfo = EncodedMessage(bytes: debugInfoBytes)
        }
        return graph
    }

    private static func decodeNode(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, index: Int, fieldStart: Int) throws(GraphIOError) -> Node {
        let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self).advanced(by: range.lowerBound)
        guard let message = tensorflow__node_def__unpack(nil, range.count, base) else {
            throw .malformed(path: nil, offset: fieldStart, reason: "node #\(index) is not a valid NodeDef (\(diagnose(buffer, range)))")
        }
        defer { tensorflow__node_def__free_unpacked(message, nil) }
        do {
            return try ProtoToModel.node(message.pointee)
        } catch {
            throw .malformed(path: nil, offset: fieldStart, reason: "node #\(index): invalid UTF-8 in \(error.field)")
        }
    }

    private static func unpack<M, T>(
        _ bytes: [UInt8], what: String,
        unpack: (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>?) -> UnsafeMutablePointer<M>?,
        free: (UnsafeMutablePointer<M>?, UnsafeMutablePointer<ProtobufCAllocator>?) -> Void,
        convert: (UnsafeMutablePointer<M>) -> T
    ) throws(GraphIOError) -> T {
        let result: T? = bytes.withUnsafeBufferPointer { buffer in
            guard let message = unpack(nil, buffer.count, buffer.baseAddress) else { return nil }
            defer { free(message, nil) }
            return convert(message)
        }
        guard let result else { throw .malformed(path: nil, offset: 0, reason: "\(what) is not valid") }
        return result
    }

    private static func validate<M>(
        _ bytes: [UInt8], what: String,
        unpack: (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>?) -> UnsafeMutablePointer<M>?,
        free: (UnsafeMutablePointer<M>?, UnsafeMutablePointer<ProtobufCAllocator>?) -> Void
    ) throws(GraphIOError) {
        _ = try self.unpack(bytes, what: what, unpack: unpack, free: free) { _ in () }
    }

    /// protobuf-c only says "no"; walking the bytes ourselves usually says why.
    private static func diagnose(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        var reader = WireReader(UnsafeRawBufferPointer(rebasing: buffer[range]))
        while !reader.isAtEnd {
            do {
                let field = try reader.readField()
                if (1...4).contains(field.number) || field.number == 5, field.wireType != .lengthDelimited {
                    return "field \(field.number) has wrong wire type \(field.wireType.rawValue)"
                }
            } catch {
                if case .malformed(_, _, let reason) = error { return reason }
                return "\(error)"
            }
        }
        return "bad nested message or invalid UTF-8 in a string field"
    }
}
