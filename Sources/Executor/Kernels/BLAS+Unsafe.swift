#if canImport(Glibc)
import Glibc
#endif

/// Row-major GEMM, `c = op(a) @ op(b) + beta * c`, through OpenBLAS — loaded on first use
/// rather than linked. A process that loads OpenBLAS starts its worker threads at once, and
/// they spin for their first ~0.1 s: that took the second core from commands that never
/// multiply a matrix (a rewrite of MLP-5000 read its graph ~45 ms slower), and loading it
/// with its Fortran runtime slowed every process start. Without the library a plain loop
/// computes the same products, slowly.
enum BLAS {
    // The CBLAS ABI: enums are C ints with these values, `blasint` is a 32-bit int in
    // Debian's OpenBLAS (LP64 interface).
    private static let rowMajor: Int32 = 101, noTrans: Int32 = 111, trans: Int32 = 112

    private typealias SGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                              UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    private typealias DGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                              UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void

    private struct Library: @unchecked Sendable {
        let sgemm: SGEMM
        let dgemm: DGEMM
    }

    private static let library: Library? = {
        for file in ["libopenblas.so.0", "libopenblas.so"] {
            guard let handle = dlopen(file, RTLD_NOW | RTLD_LOCAL),
                  let sgemm = dlsym(handle, "cblas_sgemm"), let dgemm = dlsym(handle, "cblas_dgemm") else { continue }
            return Library(sgemm: unsafeBitCast(sgemm, to: SGEMM.self), dgemm: unsafeBitCast(dgemm, to: DGEMM.self))
        }
        return nil
    }()

    /// Whether OpenBLAS could be loaded (else `gemm` runs the plain loop).
    static var isAvailable: Bool { library != nil }

    static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                     _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        guard let library else { return plainGemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) }
        library.sgemm(rowMajor, transA ? trans : noTrans, transB ? trans : noTrans, Int32(m), Int32(n), Int32(k),
                      1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ lda: Int,
                     _ b: UnsafePointer<Double>, _ ldb: Int, _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        guard let library else { return plainGemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) }
        library.dgemm(rowMajor, transA ? trans : noTrans, transB ? trans : noTrans, Int32(m), Int32(n), Int32(k),
                      1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The same product without OpenBLAS (and the reference the tests compare it with).
    static func plainGemm<T: FloatingPoint>(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                                            _ a: UnsafePointer<T>, _ lda: Int, _ b: UnsafePointer<T>, _ ldb: Int,
                                            _ beta: T, _ c: UnsafeMutablePointer<T>, _ ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: T = 0
                for p in 0..<k {
                    sum += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j])
                }
                c[i * ldc + j] = sum + (beta == 0 ? 0 : beta * c[i * ldc + j])
            }
        }
    }
}
