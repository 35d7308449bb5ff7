/// A tensor shape as TensorFlow stores it (`TensorShapeProto`): possibly unknown rank,
/// dimensions of size -1 when unknown, optional dimension names.
public struct TensorShape: Hashable, Sendable, CustomStringConvertible {
    public struct Dim: Hashable, Sendable {
        public var size: Int64
        public var name: String
        public var unknownFields: UnknownFields

        public init(size: Int64, name: String = "", unknownFields: UnknownFields = []) {
            self.size = size
            self.name = name
            self.unknownFields = unknownFields
        }
    }

    public var dims: [Dim]
    public var unknownRank: Bool
    public var unknownFields: UnknownFields

    public init(dims: [Dim] = [], unknownRank: Bool = false, unknownFields: UnknownFields = []) {
        self.dims = dims
        self.unknownRank = unknownRank
        self.unknownFields = unknownFields
    }

    /// A shape with the given sizes (-1 for unknown dimensions).
    public init(_ sizes: [Int64]) {
        self.init(dims: sizes.map { Dim(size: $0) })
    }

    /// A shape whose rank is not known.
    public static let unknown = TensorShape(unknownRank: true)

    /// The dimension sizes, or nil when the rank is unknown; -1 marks an unknown size.
    public var sizes: [Int64]? { unknownRank ? nil : dims.map(\.size) }

    public var rank: Int? { unknownRank ? nil : dims.count }

    /// Whether rank and every dimension are known.
    public var isFullyDefined: Bool { !unknownRank && dims.allSatisfy { $0.size >= 0 } }

    /// The number of elements when fully defined.
    public var elementCount: Int64? {
        guard isFullyDefined else { return nil }
        return dims.reduce(1) { $0 * $1.size }
    }

    /// `[2,3]`, `[?,3]`, `<unknown>`; the notation used in messages and diffs.
    public var description: String {
        guard let sizes else { return "<unknown>" }
        return "[" + sizes.map { $0 < 0 ? "?" : String($0) }.joined(separator: ",") + "]"
    }
}
