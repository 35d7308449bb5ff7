import CGraphDefProto
import Dispatch
import Foundation
import CProtobufC
import GraphModel

/// Decodes the binary `GraphDef` wire format into a `Graph`.
///
/// The top level is walked here and each `NodeDef` is unpacked by protobuf-c on its own
/// and freed right away, so peak memory is the file plus the model, not a whole C tree too.
public enum GraphDecoder {
    /// The graph keeps `bytes` as its `source`: nodes still unchanged when it is written are
    /// copied from them rather than encoded again.
    public static func decode(_ bytes: [UInt8]) throws(GraphIOError) -> Graph {
        try decode(bytes, keepingSource: true)
    }

    static func decode(_ bytes: [UInt8], keepingSource: Bool) throws(GraphIOError) -> Graph {
        // Offsets are stored in 32 bits; protobuf messages are limited to 2 GiB anyway.
        let source = keepingSource && bytes.count <= UInt32.max ? EncodedSource(id: EncodedSources.next(), bytes: bytes) : nil
        let result: Result<Graph, GraphIOError> = bytes.withUnsafeBytes { buffer in
            do throws(GraphIOError) { return .success(try decode(buffer, sourceID: source?.id)) } catch { return .failure(error) }
        }
        var graph = try result.get()
        graph.source = source
        return graph
    }

    /// Decodes bytes the graph cannot keep, so it has no `source`.
    public static func decode(_ buffer: UnsafeRawBufferPointer) throws(GraphIOError) -> Graph {
        try decode(buffer, sourceID: nil)
    }

    private static func decode(_ buffer: UnsafeRawBufferPointer, sourceID: UInt64?) throws(GraphIOError) -> Graph {
        var reader = WireReader(buffer)
        var graph = Graph()
        var nodeFields: [(payload: Range<Int>, fieldStart: Int)] = []
        // A singular message field seen twice merges; concatenating the encodings is exactly that.
        var versionsBytes: [UInt8]? = nil
        var libraryBytes: [UInt8]? = nil
        var debugInfoBytes: [UInt8]? = nil

        while !reader.isAtEnd {
            let fieldStart = reader.offset
            let field = try reader.readField()
            switch (field.number, field.wireType) {
            case (1, .lengthDelimited):
                nodeFields.append((field.payload, fieldStart))
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

        graph.nodes = try decodeNodes(buffer, nodeFields, sourceID: sourceID)
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

    /// Nodes are independent, so large graphs are decoded on all cores in contiguous
    /// chunks (keeping file order); small ones on the calling thread.
    private static func decodeNodes(_ buffer: UnsafeRawBufferPointer, _ fields: [(payload: Range<Int>, fieldStart: Int)],
                                    sourceID: UInt64?) throws(GraphIOError) -> [Node] {
        let totalBytes = fields.reduce(0) { $0 + $1.payload.count }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        // Parallel for many bytes (frozen weights) or many nodes (~2 µs each to decode).
        guard workers > 1, fields.count >= 64, totalBytes >= 8 << 20 || fields.count >= 4096 else {
            var nodes: [Node] = []
            nodes.reserveCapacity(fields.count)
            let arena = DecodeArena()
            for (i, f) in fields.enumerated() {
                nodes.append(try decodeNode(buffer, f.payload, index: i, fieldStart: f.fieldStart, sourceID: sourceID, arena: arena))
            }
            return nodes
        }
        // Split by bytes, not by count: frozen graphs keep most bytes in a few Const nodes.
        var bounds = [0]
        var accumulated = 0
        for (i, f) in fields.enumerated() {
            accumulated += f.payload.count
            if accumulated * workers >= totalBytes * bounds.count && bounds.count < workers { bounds.append(i + 1) }
        }
        bounds.append(fields.count)
        let chunks = zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
        // Each worker decodes its chunk straight into its range of the result: chunk arrays
        // appended together would copy every node (retaining each of its fields) and then
        // free the chunks (releasing them all again).
        let failures = UnsafeResults<GraphIOError>(count: chunks.count)
        var firstFailure: GraphIOError?
        nonisolated(unsafe) let shared = buffer
        let nodes = [Node](unsafeUninitializedCapacity: fields.count) { storage, initializedCount in
            nonisolated(unsafe) let storage = storage
            DispatchQueue.concurrentPerform(iterations: chunks.count) { c in
                let arena = DecodeArena()
                for i in chunks[c] {
                    do throws(GraphIOError) {
                        let node = try decodeNode(shared, fields[i].payload, index: i, fieldStart: fields[i].fieldStart,
                                                  sourceID: sourceID, arena: arena)
                        (storage.baseAddress! + i).initialize(to: node)
                    } catch {
                        // Only a fully decoded array is handed out: undo this chunk's part.
                        (storage.baseAddress! + chunks[c].lowerBound).deinitialize(count: i - chunks[c].lowerBound)
                        failures[c] = error
                        return
                    }
                }
            }
            // The first failing chunk holds the error of the earliest bad node.
            firstFailure = chunks.indices.first { failures[$0] != nil }.flatMap { failures[$0] }
            guard firstFailure != nil else {
                initializedCount = fields.count
                return
            }
            for c in chunks.indices where failures[c] == nil {
                (storage.baseAddress! + chunks[c].lowerBound).deinitialize(count: chunks[c].count)
            }
            initializedCount = 0
        }
        if let firstFailure { throw firstFailure }
        return nodes
    }

    private static func decodeNode(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, index: Int, fieldStart: Int,
                                   sourceID: UInt64?, arena: DecodeArena) throws(GraphIOError) -> Node {
        let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self).advanced(by: range.lowerBound)
        defer { arena.reset() }
        let result: Result<Node, GraphIOError> = arena.withAllocator { allocator in
            guard let message = tensorflow__node_def__unpack(allocator, range.count, base) else {
                return .failure(.malformed(path: nil, offset: fieldStart, reason: "node #\(index) is not a valid NodeDef (\(diagnose(buffer, range)))"))
            }
            do throws(ProtoToModel.InvalidString) {
                var node = try ProtoToModel.node(message.pointee)
                if let sourceID {
                    node.origin = NodeOrigin(source: sourceID, offset: UInt32(range.lowerBound), length: UInt32(range.count))
                }
                return .success(node)
            } catch {
                return .failure(.malformed(path: nil, offset: fieldStart, reason: "node #\(index): invalid UTF-8 in \(error.field)"))
            }
        }
        return try result.get()
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
