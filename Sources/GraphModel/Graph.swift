/// A TensorFlow graph (`GraphDef`) as a value: nodes in file order plus everything
/// else the file held.
public struct Graph: Hashable, Sendable {
    public var nodes: [Node]
    public var versions: Versions?
    /// The deprecated `version` field, kept for old files.
    public var legacyVersion: Int32
    /// The function library, kept as its encoded bytes (no feature here rewrites functions).
    public var library: EncodedMessage?
    /// `GraphDebugInfo`, kept as its encoded bytes.
    public var debugInfo: EncodedMessage?
    public var unknownFields: UnknownFields
    /// The file the graph was decoded from, if binary; not part of the graph's value.
    public var source: EncodedSource?

    public static func == (a: Graph, b: Graph) -> Bool {
        a.nodes == b.nodes && a.versions == b.versions && a.legacyVersion == b.legacyVersion
            && a.library == b.library && a.debugInfo == b.debugInfo && a.unknownFields == b.unknownFields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes)
        hasher.combine(versions)
        hasher.combine(legacyVersion)
        hasher.combine(library)
        hasher.combine(debugInfo)
        hasher.combine(unknownFields)
    }

    public init(
        nodes: [Node] = [], versions: Versions? = nil, legacyVersion: Int32 = 0,
        library: EncodedMessage? = nil, debugInfo: EncodedMessage? = nil,
        unknownFields: UnknownFields = []
    ) {
        self.nodes = nodes
        self.versions = versions
        self.legacyVersion = legacyVersion
        self.library = library
        self.debugInfo = debugInfo
        self.unknownFields = unknownFields
    }
}

/// `VersionDef`: producer and consumer versions of the graph.
public struct Versions: Hashable, Sendable {
    public var producer: Int32
    public var minConsumer: Int32
    public var badConsumers: [Int32]
    public var unknownFields: UnknownFields

    public init(producer: Int32 = 0, minConsumer: Int32 = 0, badConsumers: [Int32] = [], unknownFields: UnknownFields = []) {
        self.producer = producer
        self.minConsumer = minConsumer
        self.badConsumers = badConsumers
        self.unknownFields = unknownFields
    }
}

/// A sub-message carried through unchanged as its wire bytes (already validated on read).
public struct EncodedMessage: Hashable, Sendable {
    public var bytes: [UInt8]
    public init(bytes: [UInt8]) { self.bytes = bytes }
}
