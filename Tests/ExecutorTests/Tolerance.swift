import Executor

/// The one comparison rule for numeric results: |a - b| <= max(atol, rtol * max(|a|, |b|)).
/// float32 uses rtol 1e-4, atol 1e-5 (TF's float32 kernels differ from ours in summation
/// order and libm); NaNs must match NaNs and infinities must match exactly.
struct Tolerance: Sendable {
    var rtol: Double
    var atol: Double

    static let float32 = Tolerance(rtol: 1e-4, atol: 1e-5)
    static let exact = Tolerance(rtol: 0, atol: 0)

    func close(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= max(atol, rtol * max(abs(a), abs(b)))
    }

    /// Nil when equal within tolerance, else a description of the first mismatch.
    func mismatch(_ actual: HostTensor, _ expected: HostTensor) -> String? {
        guard actual.shape == expected.shape else { return "shape \(actual.signature) vs expected \(expected.signature)" }
        guard actual.dtype == expected.dtype else { return "dtype \(actual.signature) vs expected \(expected.signature)" }
        guard let a = actual.doubles, let b = expected.doubles else {
            return actual == expected ? nil : "values differ"
        }
        for i in a.indices where !close(a[i], b[i]) {
            return "element \(i): \(a[i]) vs expected \(b[i]) (rtol \(rtol), atol \(atol))"
        }
        return nil
    }
}
