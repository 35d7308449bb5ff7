/// How the numeric side of a check is computed.
public enum CheckMode: String, Sendable, CaseIterable {
    /// `full` when all float xs together have at most `CheckOptions.fullLimit` elements,
    /// else `directional`.
    case auto
    /// Central differences element by element: two forward runs per element.
    case full
    /// `<g, v>` against the central difference along random directions `v`: two forward
    /// runs per direction, whatever the size of the xs.
    case directional
}

/// What the progress callback is told, at most about once a second on long runs.
public struct CheckProgress: Sendable {
    public var phase: String
    public var done: Int
    public var total: Int
}

public struct CheckOptions: Sendable {
    public var mode: CheckMode
    /// The step is `eps * max(1, |x|)` per element (relative, so large values move enough to
    /// be seen above rounding, and small steps stay clear of kinks such as Relu's at 0).
    public var eps: Double
    public var tolerance: Tolerance
    /// Seeds generated feeds and directions.
    public var seed: UInt64
    /// Random directions per directional check.
    public var directions: Int
    /// `auto` checks element by element up to this many x elements in total.
    public var fullLimit: Int
    /// On failure, check each op's gradient nodes on their own and name those that disagree.
    public var localize: Bool
    public var progress: (@Sendable (CheckProgress) -> Void)?

    public init(
        mode: CheckMode = .auto, eps: Double = 1e-6, tolerance: Tolerance = Tolerance(), seed: UInt64 = 0,
        directions: Int = 3, fullLimit: Int = 200, localize: Bool = false,
        progress: (@Sendable (CheckProgress) -> Void)? = nil
    ) {
        self.mode = mode
        self.eps = eps
        self.tolerance = tolerance
        self.seed = seed
        self.directions = directions
        self.fullLimit = fullLimit
        self.localize = localize
        self.progress = progress
    }
}
