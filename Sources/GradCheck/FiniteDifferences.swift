import Executor
import GraphModel

/// One float x as the finite differences see it: where to perturb, its base value and the
/// analytic gradient under test (zeros for a `None` gradient).
struct CheckedX {
    var position: Int
    var ref: TensorRef
    var target: PerturbTarget
    var shape: [Int]
    var base: [Double]
    var analytic: [Double]

    var count: Int { base.count }
    var gradientNorm: Double { dot(analytic, analytic).squareRoot() }
}

/// Errors of analytic against numeric values under the tolerance rule.
struct Comparison {
    var maxAbsError = 0.0
    var maxRelError = 0.0
    var worst: (index: Int, analytic: Double, numeric: Double, excess: Double)?

    var passed: Bool { (worst?.excess ?? 0) <= 1 }

    init(analytic: [Double], numeric: [Double], tolerance: Tolerance) {
        for (i, (a, b)) in zip(analytic, numeric).enumerated() {
            let difference = abs(a - b)
            let scale = max(abs(a), abs(b))
            maxAbsError = max(maxAbsError, difference.isNaN ? .infinity : difference)
            maxRelError = max(maxRelError, scale > 0 ? difference / scale : (difference.isNaN ? .infinity : 0))
            let excess = tolerance.excess(a, b)
            if excess > (worst?.excess ?? -1) { worst = (i, a, b, excess) }
        }
    }
}

enum FiniteDifferences {
    /// The step for an element: relative to its size, so large values move enough to be
    /// seen above rounding and small ones stay clear of kinks.
    static func step(_ eps: Double, at value: Double) -> Double { eps * max(1, abs(value)) }

    /// Central differences of the objective, one element of `x` at a time.
    static func full(
        _ x: CheckedX, objective: Objective, evaluator: Evaluator, eps: Double, runsDone: inout Int, runsTotal: Int
    ) throws(GradCheckError) -> [Double] {
        var numeric = [Double](repeating: 0, count: x.count)
        var moved = x.base
        for e in 0..<x.count {
            let h = step(eps, at: x.base[e])
            moved[e] = x.base[e] + h
            let up = moved[e]
            var feeds = FeedSet()
            feeds.set(x.target, moved, shape: x.shape)
            let plus = try objective.value(evaluator, perturbation: feeds, done: runsDone, total: runsTotal, phase: "\(x.ref)")
            moved[e] = x.base[e] - h
            let down = moved[e]
            feeds.set(x.target, moved, shape: x.shape)
            let minus = try objective.value(evaluator, perturbation: feeds, done: runsDone + 1, total: runsTotal, phase: "\(x.ref)")
            moved[e] = x.base[e]
            runsDone += 2
            // The representable step, not the requested one: x + h rounds.
            numeric[e] = (plus - minus) / (up - down)
        }
        return numeric
    }

    /// The central difference of the objective along `direction` (one vector per member of
    /// `group`), all members moved together.
    static func directional(
        _ group: [CheckedX], direction: [[Double]], objective: Objective, evaluator: Evaluator, eps: Double,
        runsDone: inout Int, runsTotal: Int
    ) throws(GradCheckError) -> Double {
        // One scale for the whole direction, chosen so that no element moves by more than its own step.
        var largest = 0.0
        for (x, v) in zip(group, direction) {
            for (value, component) in zip(x.base, v) { largest = max(largest, abs(component) / max(1, abs(value))) }
        }
        guard largest > 0 else { return 0 }
        let h = eps / largest
        var plus = FeedSet()
        var minus = FeedSet()
        for (x, v) in zip(group, direction) {
            plus.set(x.target, zip(x.base, v).map { $0 + h * $1 }, shape: x.shape)
            minus.set(x.target, zip(x.base, v).map { $0 - h * $1 }, shape: x.shape)
        }
        let phase = group.count == 1 ? "\(group[0].ref)" : "\(group.count) xs together"
        let up = try objective.value(evaluator, perturbation: plus, done: runsDone, total: runsTotal, phase: phase)
        let down = try objective.value(evaluator, perturbation: minus, done: runsDone + 1, total: runsTotal, phase: phase)
        runsDone += 2
        return (up - down) / (2 * h)
    }
}
