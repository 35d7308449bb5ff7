@testable import Executor
import Testing

/// OpenBLAS is loaded when first needed, not linked; its products equal the plain loop's.
@Suite struct BLASLoading {
    @Test func openBLASLoadsOnFirstUse() {
        #expect(BLAS.isAvailable, "libopenblas.so.0 not found: tools/install-deps installs libopenblas-dev")
    }

    /// Every transpose combination, leading dimensions wider than the operands, and beta.
    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func gemmMatchesThePlainLoop(transposes: (Bool, Bool)) {
        let (transA, transB) = transposes
        let (m, n, k, pad) = (5, 4, 3, 2)
        let lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad
        let a = (0..<((transA ? k : m) * lda)).map { Double($0 % 7) - 3 }
        let b = (0..<((transB ? n : k) * ldb)).map { Double($0 % 5) * 0.5 }
        var blas = (0..<(m * ldc)).map { Double($0 % 3) }
        var plain = blas
        BLAS.gemm(transA, transB, m, n, k, a, lda, b, ldb, 0.5, &blas, ldc)
        BLAS.plainGemm(transA, transB, m, n, k, a, lda, b, ldb, 0.5, &plain, ldc)
        #expect(blas == plain)

        let af = a.map { Float($0) }, bf = b.map { Float($0) }
        var blasF = (0..<(m * ldc)).map { Float($0 % 3) }
        var plainF = blasF
        BLAS.gemm(transA, transB, m, n, k, af, lda, bf, ldb, 0, &blasF, ldc)
        BLAS.plainGemm(transA, transB, m, n, k, af, lda, bf, ldb, 0, &plainF, ldc)
        #expect(blasF == plainF)
    }
}
