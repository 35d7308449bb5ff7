/// TensorFlow's strided-slice semantics (`ValidateStridedSliceOp`): the sparse spec with
/// its five masks is expanded to one (begin, stride, size) per input dimension, then the
/// final shape adds new axes and drops shrunk ones.
struct StridedSlicePlan {
    var begin: [Int] = []
    var strides: [Int] = []
    var processingShape: [Int] = []
    var finalShape: [Int] = []

    struct Masks {
        var begin = 0, end = 0, ellipsis = 0, newAxis = 0, shrinkAxis = 0
    }

    init(inputShape: [Int], begin sparseBegin: [Int], end sparseEnd: [Int], strides sparseStrides: [Int], masks: Masks) throws {
        guard sparseBegin.count == sparseEnd.count, sparseBegin.count == sparseStrides.count else {
            throw KernelError("begin, end and strides must have the same length: \(sparseBegin.count), \(sparseEnd.count), \(sparseStrides.count)")
        }
        guard masks.ellipsis & (masks.ellipsis - 1) == 0 else { throw KernelError("multiple ellipses in slice spec not allowed") }
        var sparseDims = sparseBegin.count
        var ellipsisMask = masks.ellipsis
        var ellipsisSeen = false
        var newAxesAfterEllipsis = 0
        for i in 0..<sparseDims {
            if ellipsisSeen && (1 << i) & masks.newAxis != 0 { newAxesAfterEllipsis += 1 }
            if (1 << i) & ellipsisMask != 0 { ellipsisSeen = true }
        }
        if !ellipsisSeen {
            ellipsisMask |= 1 << sparseDims
            sparseDims += 1
        }

        // Dense spec: one entry per input dimension.
        let rank = inputShape.count
        var begin = [Int](repeating: 0, count: rank), end = begin, strides = [Int](repeating: 1, count: rank)
        var beginMask = 0, endMask = 0, shrinkMask = 0
        var gather: [Int] = []  // >= 0: processing dim; -1 new axis; -2 shrunk
        var full = 0
        for i in 0..<sparseDims {
            if (1 << i) & ellipsisMask != 0 {
                let next = min(rank - (sparseDims - i) + 1 + newAxesAfterEllipsis, rank)
                while full < next {
                    beginMask |= 1 << full
                    endMask |= 1 << full
                    gather.append(full)
                    full += 1
                }
            } else if (1 << i) & masks.newAxis != 0 {
                gather.append(-1)
            } else {
                guard full < rank else { throw KernelError("index \(i) of the slice spec is out of range for input rank \(rank)") }
                begin[full] = sparseBegin[i]
                end[full] = sparseEnd[i]
                strides[full] = sparseStrides[i]
                if masks.begin & (1 << i) != 0 { beginMask |= 1 << full }
                if masks.end & (1 << i) != 0 { endMask |= 1 << full }
                if masks.shrinkAxis & (1 << i) != 0 {
                    gather.append(-2)
                    shrinkMask |= 1 << full
                } else {
                    gather.append(full)
                }
                full += 1
            }
        }

        for i in 0..<rank {
            let dim = inputShape[i], stride = strides[i]
            guard stride != 0 else { throw KernelError("strides[\(i)] must be non-zero") }
            let shrink = shrinkMask & (1 << i) != 0
            var b = begin[i], e = end[i]
            if shrink {
                guard stride > 0 else { throw KernelError("only stride 1 allowed on non-range indexing") }
                let forward = b < 0 ? dim + b : b
                guard forward >= 0, forward < dim else {
                    throw KernelError("slice index \(b) of dimension \(i) out of bounds for size \(dim)")
                }
                b = forward
                e = forward + 1
            } else {
                let low = stride > 0 ? 0 : -1, high = stride > 0 ? dim : dim - 1
                func canonical(_ x: Int, masked: Bool, isEnd: Bool) -> Int {
                    if masked { return (stride > 0) != isEnd ? low : high }
                    let forward = x < 0 ? dim + x : x
                    return min(max(forward, low), high)
                }
                b = canonical(b, masked: beginMask & (1 << i) != 0, isEnd: false)
                e = canonical(e, masked: endMask & (1 << i) != 0, isEnd: true)
            }
            let length = e - b
            let size = (length == 0 || (length < 0) != (stride < 0)) ? 0 : length / stride + (length % stride != 0 ? 1 : 0)
            self.begin.append(b)
            self.strides.append(stride)
            processingShape.append(size)
        }
        finalShape = gather.compactMap { $0 >= 0 ? processingShape[$0] : ($0 == -1 ? 1 : nil) }
        self.inputShape = inputShape
    }

    private var inputShape: [Int] = []

    /// The flat input index of every selected element, in output order.
    var indices: [Int] {
        let inputStrides = rowMajorStrides(inputShape)
        let base = zip(begin, inputStrides).reduce(0) { $0 + $1.0 * $1.1 }
        return IndexMaps.walk(processingShape, strides: zip(strides, inputStrides).map { $0 * $1 }, base: base)
    }
}
