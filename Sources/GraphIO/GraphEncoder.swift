import CGraphDefProto
import Dispatch
import Foundation
import CProtobufC
import GraphModel

/// Encodes a `Graph` to the binary `GraphDef` wire format, deterministically: fields in
/// field-number order, map entries sorted by key, unknown fields last (as TensorFlow's
/// deterministic serialization does). Nodes still unchanged since they were decoded from
/// the graph's `source` are written as the bytes they were read from.
public enum GraphEncoder {
    public static func encode(_ graph: Graph) throws(GraphIOError) -> [UInt8] {
        var writer = WireWriter()
        let source = graph.source
        // Through a buffer pointer, so nodes are borrowed rather than copied (retaining every field).
        let sizes = graph.nodes.withUnsafeBufferPointer { nodes in nodes.indices.map { estimatedSize(of: nodes, at: $0, source: source) } }
        writer.bytes.reserveCapacity(estimatedSize(graph, nodeSizes: sizes))
        try encodeNodes(graph.nodes, source: source, estimatedSizes: sizes, into: &writer)
        if let library = graph.library {
            writer.appendTag(2, .lengthDelimited)
            writer.appendVarint(UInt64(library.bytes.count))
            writer.bytes.append(contentsOf: library.bytes)
        }
        if graph.legacyVersion != 0 {
            writer.appendTag(3, .varint)
            writer.appendVarint(UInt64(bitPattern: Int64(graph.legacyVersion)))
        }
        if let versions = graph.versions {
            let arena = CArena()
            let message = ModelToProto(arena: arena).versions(versions)
            try appendPacked(&writer, field: 4, message: message, size: tensorflow__version_def__get_packed_size(message),
                             pack: tensorflow__version_def__pack)
        }
        if let debugInfo = graph.debugInfo {
            writer.appendTag(5, .lengthDelimited)
            writer.appendVarint(UInt64(debugInfo.bytes.count))
            writer.bytes.append(contentsOf: debugInfo.bytes)
        }
        for field in graph.unknownFields { writer.appendUnknown(field) }
        return writer.bytes
    }

    private static func appendPacked<M>(
        _ writer: inout WireWriter, field: UInt32, message: UnsafeMutablePointer<M>, size: Int,
        pack: (UnsafePointer<M>?, UnsafeMutablePointer<UInt8>?) -> Int
    ) throws(GraphIOError) {
        writer.appendTag(field, .lengthDelimited)
        writer.appendVarint(UInt64(size))
        let start = writer.bytes.count
        writer.bytes.append(contentsOf: repeatElement(0, count: size))
        let written = writer.bytes.withUnsafeMutableBufferPointer { pack(message, $0.baseAddress! + start) }
        guard written == size else { throw .unencodable(reason: "protobuf-c packed \(written) bytes, expected \(size)") }
    }

    /// Encodes every node as field 1, in order: large graphs in parallel chunks whose bytes
    /// are concatenated (each node is an independent field, so the output is the same).
    private static func encodeNodes(_ nodes: [Node], source: EncodedSource?, estimatedSizes sizes: [Int],
                                    into writer: inout WireWriter) throws(GraphIOError) {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        // Below a few thousand nodes the work (~2 µs a node) does not pay for waking threads.
        guard workers > 1, nodes.count >= 4096 else {
            try encodeNodes(nodes, nodes.indices, source: source, into: &writer)
            return
        }
        // Split by estimated work, not by count: frozen graphs keep most bytes in a few Const
        // nodes, and a node copied from the source costs its bytes where one encoded afresh
        // also costs its conversion (~2 µs, about what copying 4 KB takes). After a rewrite
        // the copied nodes come first and the encoded ones last.
        let costs = nodes.indices.map { i in sizes[i] + (sourceSpan(nodes[i].origin, in: source) == nil ? 4096 : 0) }
        let total = costs.reduce(0, +)
        var bounds = [0]
        var accumulated = 0
        for (i, cost) in costs.enumerated() {
            accumulated += cost
            if accumulated * workers >= total * bounds.count && bounds.count < workers { bounds.append(i + 1) }
        }
        bounds.append(nodes.count)
        let chunks = zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
        let results = UnsafeResults<Result<[UInt8], GraphIOError>>(count: chunks.count)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { c in
            var part = WireWriter()
            part.bytes.reserveCapacity(chunks[c].reduce(0) { $0 + sizes[$1] })
            do throws(GraphIOError) {
                try encodeNodes(nodes, chunks[c], source: source, into: &part)
                results[c] = .success(part.bytes)
            } catch {
                results[c] = .failure(error)
            }
        }
        for c in chunks.indices { writer.bytes.append(contentsOf: try results[c]!.get()) }
    }

    private static func encodeNodes(_ nodes: [Node], _ range: Range<Int>, source: EncodedSource?,
                                    into writer: inout WireWriter) throws(GraphIOError) {
        // Through buffer pointers: nodes are borrowed rather than copied (retaining every
        // field), and the source is borrowed once for the range (slicing it per node would
        // retain and release its buffer from every worker at once).
        try nodes.withUnsafeBufferPointer { (nodes) throws(GraphIOError) in
            try (source?.bytes ?? []).withUnsafeBufferPointer { (copied) throws(GraphIOError) in
                try encodeNodes(nodes, range, source: source, copying: copied, into: &writer)
            }
        }
    }

    private static func encodeNodes(_ nodes: UnsafeBufferPointer<Node>, _ range: Range<Int>, source: EncodedSource?,
                                    copying copied: UnsafeBufferPointer<UInt8>, into writer: inout WireWriter) throws(GraphIOError) {
        // One arena, reset after each node: the C-side memory is bounded by the largest node
        // and reused, instead of fresh allocations (and page faults) for every weight.
        let arena = CArena()
        for i in range {
            if let span = sourceSpan(nodes[i].origin, in: source) {
                writer.appendTag(1, .lengthDelimited)
                writer.appendVarint(UInt64(span.count))
                writer.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: copied[span]))
                continue
            }
            defer { arena.reset() }
            let message = try ModelToProto(arena: arena).node(nodes[i])
            try appendPacked(&writer, field: 1, message: message, size: tensorflow__node_def__get_packed_size(message),
                             pack: tensorflow__node_def__pack)
        }
    }

    /// An upper bound on the encoded size, so the output buffer never regrows (and
    /// copies a 100 MB graph) at the end.
    private static func estimatedSize(_ graph: Graph, nodeSizes: [Int]) -> Int {
        let size = 64 + (graph.library?.bytes.count ?? 0) + (graph.debugInfo?.bytes.count ?? 0) + nodeSizes.reduce(0, +)
        return size + size / 64 + 4096
    }

    /// The node's encoding as read, if it came from `source` and has not changed since.
    private static func sourceSpan(_ origin: NodeOrigin, in source: EncodedSource?) -> Range<Int>? {
        guard let source, origin.source == source.id else { return nil }
        let start = Int(origin.offset)
        return start..<start + Int(origin.length)
    }

    /// Reads the node's fields in place: passing a node read through a pointer copies it.
    private static func estimatedSize(of nodes: UnsafeBufferPointer<Node>, at i: Int, source: EncodedSource?) -> Int {
        if let span = sourceSpan(nodes[i].origin, in: source) { return span.count + 16 }
        var size = 64 + nodes[i].name.utf8.count + nodes[i].op.utf8.count + nodes[i].device.utf8.count
            + nodes[i].inputs.reduce(0) { $0 + $1.utf8.count + 8 }
        for (key, attr) in nodes[i].attrs {
            size += 32 + key.utf8.count
            if case .tensor(let t) = attr.kind { size += t.content.count + 16 * (t.floatValues.count + t.intValues.count + t.int64Values.count + t.doubleValues.count + 8) }
        }
        return size
    }
}
