/// The binary file a graph was decoded from, kept so the writer can copy the bytes of
/// nodes that have not changed instead of encoding them again: a rewrite appends to a
/// graph and leaves its existing nodes alone, so most of the output is already encoded.
///
/// Identified by a process-unique number rather than by its storage, so a node decoded
/// from one file and moved into a graph decoded from another is never matched against
/// the wrong bytes.
public struct EncodedSource: Sendable {
    package let id: UInt64
    package let bytes: [UInt8]

    package init(id: UInt64, bytes: [UInt8]) {
        self.id = id
        self.bytes = bytes
    }
}

/// Where a node's `NodeDef` encoding sits in its `EncodedSource`. Cleared by every
/// change to the node, so a node that carries one still encodes to exactly those bytes.
/// Not an optional: source ids start at 1, so `none` (source 0) matches no file, and a
/// node carries no optional's tag byte (padded to 8 bytes in every node).
package struct NodeOrigin: Sendable {
    package var source: UInt64
    package var offset: UInt32
    package var length: UInt32

    package static let none = NodeOrigin(source: 0, offset: 0, length: 0)

    package init(source: UInt64, offset: UInt32, length: UInt32) {
        self.source = source
        self.offset = offset
        self.length = length
    }
}
