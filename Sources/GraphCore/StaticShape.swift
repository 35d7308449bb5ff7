import GraphModel

/// What is known statically about a tensor's shape: nothing (unknown rank), or a rank
/// with each dimension known (>= 0) or unknown (-1). The analogue of TF's TensorShape.
public struct StaticShape: Hashable, Sendable, CustomStringConvertible {
    public var dims: [Int]?

    public init(_ dims: [Int]?) { self.dims = dims }

    public static let unknown = StaticShape(nil)
    public static let scalar = StaticShape([])

    public static func vector(_ n: Int) -> StaticShape { StaticShape([n]) }

    /// A known rank with every dimension unknown.
    public static func rank(_ r: Int) -> StaticShape { StaticShape(Array(repeating: -1, count: r)) }

    public init(_ shape: TensorShape) {
        self.dims = shape.unknownRank ? nil : shape.dims.map { Int($0.size) }
    }

    public var rank: Int? { dims?.count }
    public var isFullyDefined: Bool { dims.map { $0.allSatisfy { $0 >= 0 } } ?? false }
    public var elementCount: Int? { isFullyDefined ? dims!.reduce(1, *) : nil }

    public var tensorShape: TensorShape { dims.map { TensorShape($0.map(Int64.init)) } ?? .unknown }

    /// The most specific shape compatible with both, or nil when they conflict.
    public func merged(with other: StaticShape) -> StaticShape? {
        guard let a = dims else { return other }
        guard let b = other.dims else { return self }
        guard a.count == b.count else { return nil }
        var out = a
        for i in a.indices {
            if a[i] < 0 { out[i] = b[i] } else if b[i] >= 0 && b[i] != a[i] { return nil }
        }
        return StaticShape(out)
    }

    public var description: String {
        guard let dims else { return "<unknown>" }
        return "[" + dims.map { $0 < 0 ? "?" : String($0) }.joined(separator: ",") + "]"
    }
}
