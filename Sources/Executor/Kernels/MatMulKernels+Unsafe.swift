/// Matrix products: float32/float64 through OpenBLAS GEMM, integers by a plain loop.
enum MatMulKernels {
    static let all: [Kernel] = [
        .single("MatMul") { context in
            let a = try context.input(0), b = try context.input(1)
            guard a.rank == 2, b.rank == 2 else { throw KernelError("MatMul needs two matrices") }
            return try batchMatMul(a, b, transposeA: context.bool("transpose_a"), transposeB: context.bool("transpose_b"))
        },
        batch("BatchMatMul"), batch("BatchMatMulV2"), batch("BatchMatMulV3"),
    ]

    static func batch(_ op: String) -> Kernel {
        .single(op) { context in
            try batchMatMul(try context.input(0), try context.input(1), transposeA: context.bool("adj_x"), transposeB: context.bool("adj_y"))
        }
    }

    /// `a @ b` over broadcast batch dimensions; each operand may be transposed in its last two axes.
    static func batchMatMul(_ a: HostTensor, _ b: HostTensor, transposeA: Bool, transposeB: Bool) throws -> HostTensor {
        guard a.rank >= 2, b.rank >= 2 else { throw KernelError("operands must have rank >= 2") }
        let (ra, ca) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (rb, cb) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ca, ra) : (ra, ca)
        let (k2, n) = transposeB ? (cb, rb) : (rb, cb)
        guard k == k2 else {
            throw KernelError("inner dimensions differ: \(a.signature)\(transposeA ? "ᵀ" : "") @ \(b.signature)\(transposeB ? "ᵀ" : "") (\(k) vs \(k2))")
        }
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batchShape = try Broadcast.shape(batchA, batchB)
        let mapA = Broadcast.indexMap(from: batchA, to: batchShape)
        let mapB = Broadcast.indexMap(from: batchB, to: batchShape)
        let problem = Gemm(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, mapA: mapA, mapB: mapB)
        let storage: TensorStorage
        switch (a.storage, b.storage) {
        case (.float32(let x), .float32(let y)): storage = .float32(problem.run(x, y, gemm: sgemm))
        case (.float64(let x), .float64(let y)): storage = .float64(problem.run(x, y, gemm: dgemm))
        case (.int32(let x), .int32(let y)): storage = .int32(problem.run(x, y, gemm: naiveGemm))
        case (.int64(let x), .int64(let y)): storage = .int64(problem.run(x, y, gemm: naiveGemm))
        default: throw KernelError("operands must share a numeric dtype, got \(a.dtype) and \(b.dtype)")
        }
        return HostTensor(unchecked: batchShape + [m, n], storage)
    }

    struct Gemm {
        let m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, mapA: [Int], mapB: [Int]

        typealias Kernel<T> = (Gemm, UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void

        func run<T: NumericElement>(_ a: [T], _ b: [T], gemm: Kernel<T>) -> [T] {
            var c = [T](repeating: 0, count: mapA.count * m * n)
            guard m > 0, n > 0, k > 0 else { return c }
            withBaseAddresses(a, b, &c) { sa, sb, sc in
                for batch in 0..<mapA.count {
                    gemm(self, sa + mapA[batch] * m * k, sb + mapB[batch] * k * n, sc + batch * m * n)
                }
            }
            return c
        }
    }

    static func sgemm(_ g: Gemm, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>) {
        BLAS.gemm(g.transposeA, g.transposeB, g.m, g.n, g.k, a, g.transposeA ? g.m : g.k, b, g.transposeB ? g.k : g.n, 0, c, g.n)
    }

    static func dgemm(_ g: Gemm, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>) {
        BLAS.gemm(g.transposeA, g.transposeB, g.m, g.n, g.k, a, g.transposeA ? g.m : g.k, b, g.transposeB ? g.k : g.n, 0, c, g.n)
    }

    static func naiveGemm<T: NumericElement>(_ g: Gemm, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ c: UnsafeMutablePointer<T>) {
        for i in 0..<g.m {
            for j in 0..<g.n {
                var sum: T = 0
                for p in 0..<g.k {
                    let x = g.transposeA ? a[p * g.m + i] : a[i * g.k + p]
                    let y = g.transposeB ? b[j * g.k + p] : b[p * g.n + j]
                    sum = T.plus(sum, T.times(x, y))
                }
                c[i * g.n + j] = sum
            }
        }
    }
}
