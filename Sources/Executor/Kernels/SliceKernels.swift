/// Slicing: `Slice`, `StridedSlice` (every mask) and its gradient `StridedSliceGrad`.
enum SliceKernels {
    static let all: [Kernel] = [
        .single("Slice") { context in
            let x = try context.input(0)
            let begin = try context.intInput(1, "begin")
            var size = try context.intInput(2, "size")
            guard begin.count == x.rank, size.count == x.rank else {
                throw KernelError("begin \(begin) and size \(size) must each have \(x.rank) entries")
            }
            for d in 0..<x.rank {
                if size[d] == -1 { size[d] = x.shape[d] - begin[d] }
                guard begin[d] >= 0, begin[d] <= x.shape[d], size[d] >= 0, size[d] <= x.shape[d] - begin[d] else {
                    throw KernelError("slice begin \(begin[d]) size \(size[d]) is out of bounds for dimension \(d) of size \(x.shape[d])")
                }
            }
            return x.gathered(IndexMaps.slice(x.shape, begin: begin, size: size), shape: size)
        },
        .single("StridedSlice") { context in
            let x = try context.input(0)
            let plan = try plan(context, inputShape: x.shape)
            return x.gathered(plan.indices, shape: plan.finalShape)
        },
        .single("StridedSliceGrad") { context in
            let shape = try context.intInput(0, "shape")
            let dy = try context.input(4)
            _ = try allocationCount(shape)
            let plan = try plan(context, inputShape: shape)
            guard elementCount(plan.finalShape) == dy.count else {
                throw KernelError("dy has \(dy.count) elements, the slice of \(HostTensor.describe(shape)) has shape \(HostTensor.describe(plan.finalShape))")
            }
            return try scatterAdd(dy, into: shape, at: plan.indices)
        },
    ]

    static func plan(_ context: KernelContext, inputShape: [Int]) throws -> StridedSlicePlan {
        let masks = StridedSlicePlan.Masks(
            begin: try context.int("begin_mask", default: 0), end: try context.int("end_mask", default: 0),
            ellipsis: try context.int("ellipsis_mask", default: 0), newAxis: try context.int("new_axis_mask", default: 0),
            shrinkAxis: try context.int("shrink_axis_mask", default: 0)
        )
        return try StridedSlicePlan(
            inputShape: inputShape, begin: try context.intInput(1, "begin"), end: try context.intInput(2, "end"),
            strides: try context.intInput(3, "strides"), masks: masks
        )
    }
}

/// A zero tensor of `shape` with each element of `values` added at the flat index
/// `indices[i / inner] * inner + i % inner` (`inner` trailing elements per index).
func scatterAdd(_ values: HostTensor, into shape: [Int], at indices: [Int], inner: Int = 1) throws -> HostTensor {
    struct Scatter: NumericVisitor {
        let count: Int, indices: [Int], inner: Int
        func visit<T: NumericElement>(_ values: [T]) throws -> TensorStorage {
            var out = [T](repeating: 0, count: count)
            for (row, target) in indices.enumerated() {
                if target < 0 { continue }  // TF drops negative segment ids
                guard (target + 1) * inner <= count else {
                    throw KernelError("index \(target) is out of range [0, \(count / max(inner, 1)))")
                }
                for k in 0..<inner { out[target * inner + k] = T.plus(out[target * inner + k], values[row * inner + k]) }
            }
            return T.wrap(out)
        }
    }
    guard indices.count * inner == values.count else {
        throw KernelError("\(indices.count) indices of \(inner) elements do not match \(values.count) values")
    }
    return HostTensor(unchecked: shape, try values.storage.accept(Scatter(count: elementCount(shape), indices: indices, inner: inner)))
}
