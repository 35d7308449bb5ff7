import GraphModel

/// The outcome of a check: one entry per x, what was generated, and, on request, which ops'
/// gradient nodes disagree with finite differences.
public struct CheckReport: Sendable {
    public var xs: [XCheck]
    /// Feeds the check made up because none were given.
    public var generatedFeeds: [GeneratedFeed]
    /// Whether the graph computes in float32 and was promoted to float64 for the check.
    public var promotedToFloat64: Bool
    public var tolerance: Tolerance
    public var eps: Double
    public var seed: UInt64
    /// Forward runs used by the finite differences.
    public var forwardRuns: Int
    /// Present when localization was requested and the check failed.
    public var localization: [OpCheck]?

    /// True when every x that was checked agrees (skipped xs do not fail a check).
    public var passed: Bool { xs.allSatisfy { $0.status != .failed } }
}

public struct XCheck: Sendable {
    public enum Status: Sendable, Equatable {
        case passed, failed
        case skipped(String)
    }

    public enum Method: Sendable, Equatable {
        case full(elements: Int)
        /// `groupSize` xs were perturbed together; a passing group passes all its members, a
        /// failing one is split until the failing xs are alone.
        case directional(directions: Int, groupSize: Int)
        case none
    }

    public var x: TensorRef
    public var dtype: DType
    public var shape: [Int]
    /// The gradient checked, as `tf.gradients` returned it (`None`, a tensor, IndexedSlices).
    public var gradient: String
    public var status: Status
    public var method: Method
    public var maxAbsError: Double
    public var maxRelError: Double
    /// The worst element (full) or direction (directional), if anything was compared.
    public var worst: Worst?
}

public struct Worst: Sendable, Equatable {
    /// A multi-index into x (full) or `[k]` for direction k (directional).
    public var index: [Int]
    public var analytic: Double
    public var numeric: Double
}

public struct GeneratedFeed: Sendable, Equatable {
    /// `p:0` for a placeholder, the op name for a variable.
    public var name: String
    public var dtype: DType
    public var shape: [Int]
    /// How the values were drawn, e.g. `uniform ±[0.25, 1)`.
    public var distribution: String

    public init(name: String, dtype: DType, shape: [Int], distribution: String) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.distribution = distribution
    }
}

/// One op's gradient nodes checked on their own (`--localize`).
public struct OpCheck: Sendable {
    public enum Verdict: Sendable, Equatable {
        case agrees
        case disagrees(String)
        case inconclusive(String)
    }

    public var node: String
    public var op: String
    public var verdict: Verdict
}
