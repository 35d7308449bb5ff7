import Foundation

/// The log-gamma function and its derivatives: lgamma, digamma and polygamma (the derivatives
/// of digamma), computed in double for float32 and float64 tensors.
enum GammaKernels {
    static let all: [Kernel] = [
        .single("Lgamma") { context in try map(try context.input(0)) { Foundation.lgamma($0) } },
        .single("Digamma") { context in try map(try context.input(0)) { polygamma(0, $0) } },
        // y = polygamma(a, x), the a-th derivative of digamma, for integral a >= 0 (broadcasting)
        .single("Polygamma") { context in
            let order = try context.input(0), x = try context.input(1)
            guard order.shape.isEmpty || order.shape == x.shape else {
                throw KernelError("a must be a scalar or of x's shape, got \(order.signature) and \(x.signature)")
            }
            let orders = try order.floatingPointValues("a"), values = try x.floatingPointValues("x")
            let out = values.indices.map { i -> Double in
                let n = orders[order.shape.isEmpty ? 0 : i]
                return n >= 0 && n == n.rounded() ? polygamma(Int(n), values[i]) : .nan
            }
            return .floatingPoint(out, shape: x.shape, wide: x.dtype == .float64)
        },
    ]

    static func map(_ x: HostTensor, _ f: (Double) -> Double) throws -> HostTensor {
        .floatingPoint(try x.floatingPointValues("x").map(f), shape: x.shape, wide: x.dtype == .float64)
    }

    /// The n-th derivative of digamma (n = 0: digamma itself) for x > 0: the recurrence moves x
    /// past 10, where the asymptotic series in Bernoulli numbers is accurate to double precision.
    static func polygamma(_ n: Int, _ x: Double) -> Double {
        guard x > 0 else { return x == x.rounded() ? .nan : reflectedDigamma(n, x) }
        var x = x, shifted = 0.0
        let sign: Double = n % 2 == 0 ? -1 : 1    // (-1)^(n+1)
        let factorial = (1...max(n, 1)).reduce(1.0) { $0 * Double($1) }
        while x < 10 {
            shifted += n == 0 ? -1 / x : sign * factorial / pow(x, Double(n + 1))
            x += 1
        }
        // B_2k / (2k)! for k = 1...5
        let bernoulli = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66]
        if n == 0 {
            var series = log(x) - 1 / (2 * x)
            for (k, b) in bernoulli.enumerated() { series -= b / (Double(2 * (k + 1)) * pow(x, Double(2 * (k + 1)))) }
            return shifted + series
        }
        // (n-1)!/x^n + n!/(2 x^(n+1)) + sum_k B_2k (2k+n-1)! / ((2k)! x^(2k+n))
        var series = factorial / Double(n) / pow(x, Double(n)) + factorial / (2 * pow(x, Double(n + 1)))
        for (k, b) in bernoulli.enumerated() {
            let twoK = 2 * (k + 1)
            let ratio = (1...(twoK + n - 1)).reduce(1.0) { $0 * Double($1) } / (1...twoK).reduce(1.0) { $0 * Double($1) }
            series += b * ratio / pow(x, Double(twoK + n))
        }
        return shifted + sign * series
    }

    /// Digamma for negative non-integral x by reflection (higher orders are not needed there).
    static func reflectedDigamma(_ n: Int, _ x: Double) -> Double {
        n == 0 ? polygamma(0, 1 - x) - Double.pi / tan(Double.pi * x) : .nan
    }
}
