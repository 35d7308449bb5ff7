/// The one comparison rule of the checker: analytic `a` and numeric `b` agree when
/// `|a - b| <= max(atol, rtol * max(|a|, |b|))`.
///
/// Both sides are computed in float64 (a float32 graph is promoted first), so the defaults
/// can be tight: finite-difference error in float64 is far below 1e-6 relative, and a wrong
/// gradient rule is off by much more.
public struct Tolerance: Sendable, Equatable {
    public var rtol: Double
    public var atol: Double

    public init(rtol: Double = 1e-5, atol: Double = 1e-6) {
        self.rtol = rtol
        self.atol = atol
    }

    public func close(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return false }
        return abs(a - b) <= bound(a, b)
    }

    /// How far past the allowed difference a pair is: <= 1 passes. Ranks the worst element.
    public func excess(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .infinity }
        return abs(a - b) / max(bound(a, b), .leastNormalMagnitude)
    }

    func bound(_ a: Double, _ b: Double) -> Double { max(atol, rtol * max(abs(a), abs(b))) }

    /// The rule with these numbers, for reports.
    public var rule: String { "|a - b| <= max(atol \(atol), rtol \(rtol) * max(|a|, |b|))" }
}
