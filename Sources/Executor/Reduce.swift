/// Folding a tensor over a set of axes. Dimensions are first collapsed into alternating
/// runs of reduced and kept axes, so the inner loop always walks contiguous memory.
@inline(__always)
func reduceAxes<T>(_ x: [T], shape: [Int], axes: Set<Int>, initial: T, _ combine: (T, T) -> T) -> [T] {
    var dims: [Int] = []
    var reduced: [Bool] = []
    for (i, size) in shape.enumerated() where size != 1 {
        let r = axes.contains(i)
        if let last = reduced.last, last == r {
            dims[dims.count - 1] *= size
        } else {
            dims.append(size)
            reduced.append(r)
        }
    }
    let outCount = zip(dims, reduced).reduce(1) { $0 * ($1.1 ? 1 : $1.0) }
    var out = [T](repeating: initial, count: outCount)
    let total = x.count
    guard total > 0 else { return out }
    guard !dims.isEmpty else {
        out[0] = combine(initial, x[0])
        return out
    }
    var outStrides = [Int](repeating: 0, count: dims.count)
    var acc = 1
    for i in stride(from: dims.count - 1, through: 0, by: -1) where !reduced[i] {
        outStrides[i] = acc
        acc *= dims[i]
    }
    let rank = dims.count
    let inner = dims[rank - 1]
    let innerReduced = reduced[rank - 1]
    x.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            guard let s = src.baseAddress, let d = dst.baseAddress else { return }
            var index = [Int](repeating: 0, count: rank - 1)
            var o = 0
            for base in stride(from: 0, to: total, by: inner) {
                let row = s + base
                if innerReduced {
                    var value = d[o]
                    for i in 0..<inner { value = combine(value, row[i]) }
                    d[o] = value
                } else {
                    let target = d + o
                    for i in 0..<inner { target[i] = combine(target[i], row[i]) }
                }
                var k = rank - 2
                while k >= 0 {
                    index[k] += 1
                    o += outStrides[k]
                    if index[k] < dims[k] { break }
                    o -= outStrides[k] * dims[k]
                    index[k] = 0
                    k -= 1
                }
            }
        }
    }
    return out
}

/// The shape of a reduction's result.
func reducedShape(_ shape: [Int], axes: Set<Int>, keepDims: Bool) -> [Int] {
    keepDims
        ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
}
