/// TensorFlow's (NumPy's) broadcasting: shapes align at the right; a dimension of 1
/// stretches to match.
enum Broadcast {
    static func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw KernelError("incompatible shapes for broadcasting: \(HostTensor.describe(a)) and \(HostTensor.describe(b))")
            }
            out[i] = x == 1 ? y : x
        }
        return out
    }

    /// The loop nest for `out = f(a, b)`: collapsed dimensions and each operand's strides
    /// (0 where it broadcasts), with size-1 dimensions dropped and runs of dimensions that
    /// broadcast alike merged.
    struct Plan {
        var dims: [Int] = []
        var strideA: [Int] = []
        var strideB: [Int] = []
    }

    static func plan(_ a: [Int], _ b: [Int], out: [Int]) -> Plan {
        let rank = out.count
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        var dims: [Int] = []
        var flags: [(Bool, Bool)] = []
        for i in 0..<rank where out[i] != 1 {
            let flag = (pa[i] == 1, pb[i] == 1)
            if let last = flags.last, last == flag {
                dims[dims.count - 1] *= out[i]
            } else {
                dims.append(out[i])
                flags.append(flag)
            }
        }
        var plan = Plan(dims: dims, strideA: Array(repeating: 0, count: dims.count), strideB: Array(repeating: 0, count: dims.count))
        var accA = 1, accB = 1
        for i in stride(from: dims.count - 1, through: 0, by: -1) {
            if !flags[i].0 { plan.strideA[i] = accA; accA *= dims[i] }
            if !flags[i].1 { plan.strideB[i] = accB; accB *= dims[i] }
        }
        return plan
    }

    /// For every element of `target`, the flat index of the element of `source` it copies.
    static func indexMap(from source: [Int], to target: [Int]) -> [Int] {
        // The plan's merged dimensions cover the target in row-major order; broadcast ones have stride 0.
        let plan = plan(source, [], out: target)
        return IndexMaps.walk(plan.dims, strides: plan.strideA)
    }
}

/// `f` over two broadcast operands: the result and its shape. Same-shape and scalar operands
/// take flat loops; everything else walks the collapsed loop nest with a contiguous inner loop.
@inline(__always)
func broadcastBinary<T, U, R>(
    _ a: [T], _ aShape: [Int], _ b: [U], _ bShape: [Int], _ f: (T, U) -> R
) throws -> ([R], [Int]) {
    try withoutActuallyEscaping(f) { f in try broadcastBinary(a, aShape, b, bShape, ClosureFunction(body: f)) }
}

/// A closure as a `BinaryFunction`, for callers whose function is not a type.
struct ClosureFunction<T, U, R>: BinaryFunction {
    let body: (T, U) -> R
    @inline(__always) func callAsFunction(_ a: T, _ b: U) -> R { body(a, b) }
}

/// `broadcastBinary` for a function type: the loops specialize for `F`, and large outputs
/// are split across cores by rows of the collapsed loop nest.
@inline(__always)
func broadcastBinary<F: BinaryFunction>(
    _ a: [F.Left], _ aShape: [Int], _ b: [F.Right], _ bShape: [Int], _ f: F
) throws -> ([F.Output], [Int]) {
    if aShape == bShape { return (zipElements(a, b, f), aShape) }
    let outShape = try Broadcast.shape(aShape, bShape)
    let count = outShape.reduce(1, *)
    if a.count == 1 && b.count == count, let x = a.first { return (mapElements(b, BindLeft(f: f, x: x)), outShape) }
    if b.count == 1 && a.count == count, let y = b.first { return (mapElements(a, BindRight(f: f, y: y)), outShape) }
    let plan = Broadcast.plan(aShape, bShape, out: outShape)
    let rank = plan.dims.count
    let inner = rank > 0 ? plan.dims[rank - 1] : 1
    let rows = inner > 0 ? count / inner : 0
    let result: [F.Output] = a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            [F.Output](unsafeUninitializedCapacity: count) { out, initialized in
                initialized = 0
                guard count > 0, let sa = pa.baseAddress, let sb = pb.baseAddress, let o = out.baseAddress else { return }
                Parallel.forEachChunk(rows, grain: max(1, Parallel.grain / max(inner, 1))) { range in
                    broadcastRows(range, plan, sa, sb, o, f)
                }
                initialized = count
            }
        }
    }
    return (result, outShape)
}

/// Rows `range` (blocks of the innermost collapsed dimension) of a broadcast `f`.
@inline(__always)
func broadcastRows<F: BinaryFunction>(
    _ range: Range<Int>, _ plan: Broadcast.Plan, _ sa: UnsafePointer<F.Left>, _ sb: UnsafePointer<F.Right>,
    _ o: UnsafeMutablePointer<F.Output>, _ f: F
) {
    let rank = plan.dims.count
    let inner = rank > 0 ? plan.dims[rank - 1] : 1
    let ia = rank > 0 ? plan.strideA[rank - 1] : 0
    let ib = rank > 0 ? plan.strideB[rank - 1] : 0
    // The multi-index and operand offsets of the first row.
    var index = [Int](repeating: 0, count: max(rank - 1, 0))
    var offA = 0, offB = 0
    var rest = range.lowerBound
    for d in stride(from: rank - 2, through: 0, by: -1) {
        index[d] = rest % plan.dims[d]
        rest /= plan.dims[d]
        offA += index[d] * plan.strideA[d]
        offB += index[d] * plan.strideB[d]
    }
    for row in range {
        let dst = o + row * inner, srcA = sa + offA, srcB = sb + offB
        if ia == 1 && ib == 1 {
            for i in 0..<inner { (dst + i).initialize(to: f(srcA[i], srcB[i])) }
        } else if ia == 0 && ib == 1 {
            let x = srcA[0]
            for i in 0..<inner { (dst + i).initialize(to: f(x, srcB[i])) }
        } else if ia == 1 {
            let y = srcB[0]
            for i in 0..<inner { (dst + i).initialize(to: f(srcA[i], y)) }
        } else {
            for i in 0..<inner { (dst + i).initialize(to: f(srcA[0], srcB[0])) }
        }
        var d = rank - 2
        while d >= 0 {
            index[d] += 1
            offA += plan.strideA[d]
            offB += plan.strideB[d]
            if index[d] < plan.dims[d] { break }
            offA -= plan.strideA[d] * plan.dims[d]
            offB -= plan.strideB[d] * plan.dims[d]
            index[d] = 0
            d -= 1
        }
    }
}

/// `f(x, b)` with the left operand fixed.
struct BindLeft<F: BinaryFunction>: UnaryFunction {
    let f: F, x: F.Left
    @inline(__always) func callAsFunction(_ b: F.Right) -> F.Output { f(x, b) }
}

/// `f(a, y)` with the right operand fixed.
struct BindRight<F: BinaryFunction>: UnaryFunction {
    let f: F, y: F.Right
    @inline(__always) func callAsFunction(_ a: F.Left) -> F.Output { f(a, y) }
}
