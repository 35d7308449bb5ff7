import Foundation

/// Square-matrix functions over the last two dimensions (batched), by LU decomposition with
/// partial pivoting in double precision; and the diagonal ops.
enum LinalgKernels {
    static let all: [Kernel] = [
        // Y = X^-1, or (X^H)^-1 with adjoint
        .single("MatrixInverse") { context in
            let x = try context.input(0)
            let adjoint = context.bool("adjoint")
            return try eachMatrix(x, outputShape: x.shape) { a, n in
                var m = adjoint ? transposed(a, n) : a
                var inverse = (0..<n * n).map { $0 / n == $0 % n ? 1.0 : 0.0 }
                guard eliminate(&m, n, alongside: &inverse) != nil else { throw KernelError("the input is not invertible") }
                return inverse
            }
        },
        // d = det(X), one per matrix
        .single("MatrixDeterminant") { context in
            let x = try context.input(0)
            return try eachMatrix(x, outputShape: Array(x.shape.dropLast(2))) { a, n in
                var m = a, none: [Double] = []
                return [eliminate(&m, n, alongside: &none) ?? 0]
            }
        },
        // y = the matrix with x on its diagonal (rank doubles)
        .single("Diag") { context in
            let x = try context.input(0)
            let n = x.count
            return x.gathered((0..<n * n).map { $0 / n == $0 % n ? $0 / n : -1 }, shape: x.shape + x.shape)
        },
        // y = the diagonal of x (x of shape s + s)
        .single("DiagPart") { context in
            let x = try context.input(0)
            let half = Array(x.shape.prefix(x.rank / 2))
            guard x.rank % 2 == 0, Array(x.shape.suffix(x.rank / 2)) == half else { throw KernelError("needs a shape s + s, got \(x.signature)") }
            let n = half.reduce(1, *)
            return x.gathered((0..<n).map { $0 * n + $0 }, shape: half)
        },
    ]

    /// Applies `f` to each n x n matrix of `x` (row-major doubles), stacking the results.
    static func eachMatrix(_ x: HostTensor, outputShape: [Int], _ f: ([Double], Int) throws -> [Double]) throws -> HostTensor {
        guard x.rank >= 2, x.shape[x.rank - 1] == x.shape[x.rank - 2] else { throw KernelError("needs square matrices, got \(x.signature)") }
        let values = try x.floatingPointValues("input")
        let n = x.shape[x.rank - 1]
        var out: [Double] = []
        for start in stride(from: 0, to: values.count, by: max(n * n, 1)) { out += try f(Array(values[start..<start + n * n]), n) }
        return .floatingPoint(out, shape: outputShape, wide: x.dtype == .float64)
    }

    static func transposed(_ a: [Double], _ n: Int) -> [Double] { (0..<n * n).map { a[($0 % n) * n + $0 / n] } }

    /// Gauss-Jordan elimination of `m` to the identity with partial pivoting, applying the same
    /// row operations to `other` (n columns, when not empty). Returns the determinant, nil if singular.
    static func eliminate(_ m: inout [Double], _ n: Int, alongside other: inout [Double]) -> Double? {
        var determinant = 1.0
        for column in 0..<n {
            let pivot = (column..<n).max { abs(m[$0 * n + column]) < abs(m[$1 * n + column]) }!
            guard m[pivot * n + column] != 0 else { return nil }
            if pivot != column {
                for k in 0..<n {
                    m.swapAt(pivot * n + k, column * n + k)
                    if !other.isEmpty { other.swapAt(pivot * n + k, column * n + k) }
                }
                determinant = -determinant
            }
            let p = m[column * n + column]
            determinant *= p
            for k in 0..<n {
                m[column * n + k] /= p
                if !other.isEmpty { other[column * n + k] /= p }
            }
            for row in 0..<n where row != column {
                let factor = m[row * n + column]
                guard factor != 0 else { continue }
                for k in 0..<n {
                    m[row * n + k] -= factor * m[column * n + k]
                    if !other.isEmpty { other[row * n + k] -= factor * other[column * n + k] }
                }
            }
        }
        return determinant
    }
}
