/// Flat source indices for data-movement kernels: each output element names the input
/// element it copies (negative means "fill").
enum IndexMaps {
    /// Walks every index of `shape` in row-major order, passing the source offset that the
    /// per-dimension `strides` produce (plus `base`).
    @inline(__always)
    static func walk(_ shape: [Int], strides: [Int], base: Int = 0) -> [Int] {
        let count = elementCount(shape)
        var out = [Int](repeating: 0, count: count)
        guard count > 0 else { return out }
        let rank = shape.count
        if rank == 0 {
            out[0] = base
            return out
        }
        var index = [Int](repeating: 0, count: rank)
        var offset = base
        let inner = shape[rank - 1], innerStride = strides[rank - 1]
        var i = 0
        while i < count {
            for k in 0..<inner { out[i + k] = offset + k * innerStride }
            i += inner
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                offset += strides[d]
                if index[d] < shape[d] { break }
                offset -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// `out[i...] = in[perm...]`: the output has `shape[perm[k]]` in dimension k.
    static func transpose(_ shape: [Int], perm: [Int]) -> (indices: [Int], shape: [Int]) {
        let strides = rowMajorStrides(shape)
        let outShape = perm.map { shape[$0] }
        return (walk(outShape, strides: perm.map { strides[$0] }), outShape)
    }

    /// The slice `begin ..< begin + size` of each dimension.
    static func slice(_ shape: [Int], begin: [Int], size: [Int]) -> [Int] {
        let strides = rowMajorStrides(shape)
        let base = zip(begin, strides).reduce(0) { $0 + $1.0 * $1.1 }
        return walk(size, strides: strides, base: base)
    }

    /// Every element of `shape` at `index` of `axis` within the range `range`.
    static func along(_ shape: [Int], axis: Int, range: Range<Int>) -> [Int] {
        var begin = [Int](repeating: 0, count: shape.count)
        var size = shape
        begin[axis] = range.lowerBound
        size[axis] = range.count
        return slice(shape, begin: begin, size: size)
    }
}
