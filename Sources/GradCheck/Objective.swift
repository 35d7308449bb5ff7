import Executor
import GraphModel

/// The scalar `tf.gradients` differentiates: `sum(grad_ys * ys)` over the floating-point ys,
/// with the held tensors (stop_gradients, StopGradient outputs) fed back at their base values.
struct Objective {
    var ys: [TensorRef]
    /// One weight per element of each y: the grad_ys value, or ones.
    var weights: [[Double]]
    var held: FeedSet

    /// The objective at the base point moved by `perturbation`.
    func value(_ evaluator: Evaluator, perturbation: FeedSet, done: Int, total: Int, phase: String) throws(GradCheckError) -> Double {
        guard !ys.isEmpty else { return 0 }
        var feeds = held
        feeds.tensors.merge(perturbation.tensors) { _, new in new }
        feeds.variables.merge(perturbation.variables) { _, new in new }
        let values = try evaluator.forward(ys, overrides: feeds, done: done, total: total, phase: phase)
        var sum = CompensatedSum()
        for (value, weight) in zip(values, weights) {
            let elements = value.doubles ?? []
            guard elements.count == weight.count else { return .nan }
            for (e, w) in zip(elements, weight) { sum.add(e * w) }
        }
        return sum.value
    }
}

/// Kahan-Babuska summation: the difference of two nearly equal objectives is the whole
/// signal of a finite difference, so the sums must not lose low bits to ordering.
struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ x: Double) {
        let t = sum + x
        compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
        sum = t
    }

    var value: Double { sum + compensation }
}

/// Dot product with compensated summation.
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = CompensatedSum()
    for (x, y) in zip(a, b) { sum.add(x * y) }
    return sum.value
}
