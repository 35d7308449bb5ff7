import Dispatch
import Foundation

/// Splitting large elementwise work across the machine's cores.
enum Parallel {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Below this many elements one thread is faster than waking others.
    static let grain = 1 << 15

    /// Calls `body` on disjoint ranges covering `0..<count`, concurrently when `count` is large.
    @inline(__always)
    static func forEachChunk(_ count: Int, grain: Int = Parallel.grain, _ body: (Range<Int>) -> Void) {
        forEachIndexedChunk(count, grain: grain) { _, range in body(range) }
    }

    /// How many chunks `forEachIndexedChunk` splits `count` items into.
    static func chunkCount(_ count: Int, grain: Int = Parallel.grain) -> Int {
        max(1, min(cores, count / max(grain, 1)))
    }

    /// `forEachChunk` that also passes each chunk's index in `0..<chunkCount(count, grain:)`,
    /// so chunks can keep partial results (per-channel sums) in their own slots.
    @inline(__always)
    static func forEachIndexedChunk(_ count: Int, grain: Int = Parallel.grain, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count, grain: grain)
        if chunks <= 1 {
            body(0, 0..<count)
            return
        }
        // Each chunk writes a disjoint range, so sharing `body` across threads is safe.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                shared.value(chunk, (chunk * count / chunks)..<((chunk + 1) * count / chunks))
            }
        }
    }
}

/// A new array built by writing every element through a raw pointer, in parallel chunks.
@inline(__always)
func buildArray<R>(count: Int, grain: Int = Parallel.grain, _ fill: (UnsafeMutablePointer<R>, Range<Int>) -> Void) -> [R] {
    [R](unsafeUninitializedCapacity: count) { buffer, initialized in
        if let base = buffer.baseAddress {
            Parallel.forEachChunk(count, grain: grain) { range in fill(base, range) }
        }
        initialized = count
    }
}

/// Runs `body` with the base addresses of two inputs and an output, skipping it when any is
/// empty (an empty array has no base address).
@inline(__always)
func withBaseAddresses<A, B, C>(_ a: [A], _ b: [B], _ out: inout [C],
                                _ body: (UnsafePointer<A>, UnsafePointer<B>, UnsafeMutablePointer<C>) -> Void) {
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { pc in
                guard let sa = pa.baseAddress, let sb = pb.baseAddress, let sc = pc.baseAddress else { return }
                body(sa, sb, sc)
            }
        }
    }
}

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// An elementwise function as a value of a concrete type. Loops over these specialize and
/// vectorize; a closure captured by a parallel chunk stays an indirect call per element.
protocol UnaryFunction {
    associatedtype Input
    associatedtype Output
    func callAsFunction(_ x: Input) -> Output
}

/// A two-operand `UnaryFunction`.
protocol BinaryFunction {
    associatedtype Left
    associatedtype Right
    associatedtype Output
    func callAsFunction(_ a: Left, _ b: Right) -> Output
}

/// `f` applied to every element, split across cores when large.
@inline(__always)
func mapElements<F: UnaryFunction>(_ x: [F.Input], _ f: F) -> [F.Output] {
    x.withUnsafeBufferPointer { source in
        buildArray(count: source.count) { out, range in
            guard let s = source.baseAddress else { return }
            // Offset pointers and a zero-based count let the loop vectorize without range checks.
            let src = s + range.lowerBound, dst = out + range.lowerBound
            var i = 0
            while i < range.count {
                (dst + i).initialize(to: f(src[i]))
                i &+= 1
            }
        }
    }
}

/// `f` applied pairwise to two arrays of equal length, split across cores when large.
@inline(__always)
func zipElements<F: BinaryFunction>(_ a: [F.Left], _ b: [F.Right], _ f: F) -> [F.Output] {
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            buildArray(count: min(pa.count, pb.count)) { out, range in
                guard let sa = pa.baseAddress, let sb = pb.baseAddress else { return }
                let a = sa + range.lowerBound, b = sb + range.lowerBound, dst = out + range.lowerBound
                var i = 0
                while i < range.count {
                    (dst + i).initialize(to: f(a[i], b[i]))
                    i &+= 1
                }
            }
        }
    }
}

/// A closure as a `UnaryFunction`, for call sites where an indirect call per element is fine.
struct ClosureUnary<Input, Output>: UnaryFunction {
    let body: (Input) -> Output
    func callAsFunction(_ x: Input) -> Output { body(x) }
}

/// A closure as a `BinaryFunction`.
struct ClosureBinary<Left, Right, Output>: BinaryFunction {
    let body: (Left, Right) -> Output
    func callAsFunction(_ a: Left, _ b: Right) -> Output { body(a, b) }
}

/// `f` applied to every element (one loop for closures and function values).
func mapElements<T, R>(_ x: [T], _ f: (T) -> R) -> [R] {
    withoutActuallyEscaping(f) { f in mapElements(x, ClosureUnary(body: f)) }
}

/// `f` applied pairwise to two arrays of equal length.
func zipElements<T, U, R>(_ a: [T], _ b: [U], _ f: (T, U) -> R) -> [R] {
    withoutActuallyEscaping(f) { f in zipElements(a, b, ClosureBinary(body: f)) }
}
