/// Shape-changing and data-moving ops: reshape, transpose, concat, split, pad, tile, fill.
enum ArrayKernels {
    static let all: [Kernel] = [
        .single("Reshape", reshape),
        .single("ExpandDims") { context in
            let x = try context.input(0)
            let axis = try normalizeAxis(try context.intScalarInput(1, "axis"), rank: x.rank + 1)
            var shape = x.shape
            shape.insert(1, at: axis)
            return x.reshaped(shape)
        },
        .single("Squeeze", squeeze),
        .single("Transpose") { context in
            let x = try context.input(0)
            let perm = try context.intInput(1, "perm")
            guard perm.count == x.rank, Set(perm) == Set(0..<x.rank) else {
                throw KernelError("perm \(perm) is not a permutation of 0..<\(x.rank)")
            }
            let (indices, shape) = IndexMaps.transpose(x.shape, perm: perm)
            return x.gathered(indices, shape: shape)
        },
        // y = x inside each matrix's band (num_lower rows below, num_upper above the diagonal; < 0: all), else 0
        .single("MatrixBandPart") { context in
            let x = try context.input(0)
            let lower = try context.intScalarInput(1, "num_lower"), upper = try context.intScalarInput(2, "num_upper")
            guard x.rank >= 2 else { throw KernelError("needs a batch of matrices, got \(x.signature)") }
            let (rows, columns) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
            let indices = (0..<x.count).map { i -> Int in
                let (m, n) = ((i / columns) % rows, i % columns)
                return (lower < 0 || m - n <= lower) && (upper < 0 || n - m <= upper) ? i : -1
            }
            return x.gathered(indices, shape: x.shape)
        },
        // y[i] = x[i with the listed axes counted from their ends]
        .single("ReverseV2") { context in
            let x = try context.input(0)
            var reversed = [Bool](repeating: false, count: x.rank)
            for axis in try context.intInput(1, "axis") {
                let a = axis < 0 ? axis + x.rank : axis
                guard (0..<x.rank).contains(a), !reversed[a] else {
                    throw KernelError("axis \(axis) is out of range for rank \(x.rank) or listed twice")
                }
                reversed[a] = true
            }
            let strides = rowMajorStrides(x.shape)
            var indices = [Int](repeating: 0, count: x.count)
            var index = [Int](repeating: 0, count: x.rank)
            for i in 0..<indices.count {
                var source = 0
                for d in 0..<x.rank { source += (reversed[d] ? x.shape[d] - 1 - index[d] : index[d]) * strides[d] }
                indices[i] = source
                advanceRowMajor(&index, in: x.shape)
            }
            return x.gathered(indices, shape: x.shape)
        },
        .single("Tile") { context in
            let x = try context.input(0)
            let multiples = try context.intInput(1, "multiples")
            guard multiples.count == x.rank, multiples.allSatisfy({ $0 >= 0 && $0 <= 1 << 34 }) else {
                throw KernelError("multiples \(multiples) must have one nonnegative entry per dimension of rank \(x.rank)")
            }
            let shape = zip(x.shape, multiples).map { $0 * $1 }
            _ = try allocationCount(shape)
            let strides = rowMajorStrides(x.shape)
            var indices = [Int](repeating: 0, count: elementCount(shape))
            var outIndex = [Int](repeating: 0, count: shape.count)
            for i in 0..<indices.count {
                var source = 0
                for d in 0..<shape.count { source += (outIndex[d] % x.shape[d]) * strides[d] }
                indices[i] = source
                advanceRowMajor(&outIndex, in: shape)
            }
            return x.gathered(indices, shape: shape)
        },
        .single("ConcatV2") { context in
            guard context.inputs.count >= 2 else { throw KernelError("ConcatV2 needs at least one value and an axis") }
            return try concat(Array(context.inputs.dropLast()), axis: try context.intScalarInput(context.inputs.count - 1, "axis"))
        },
        .single("Concat") { context in
            guard context.inputs.count >= 2 else { throw KernelError("Concat needs an axis and at least one value") }
            return try concat(Array(context.inputs.dropFirst()), axis: try context.intScalarInput(0, "concat_dim"))
        },
        .single("Pack") { context in
            guard let first = context.inputs.first else { throw KernelError("Pack needs at least one input") }
            let axis = try normalizeAxis(try context.int("axis", default: 0), rank: first.rank + 1)
            let expanded = context.inputs.map { t -> HostTensor in
                var shape = t.shape
                shape.insert(1, at: min(axis, shape.count))
                return t.reshaped(shape)
            }
            return try concat(expanded, axis: axis)
        },
        Kernel("Unpack") { context in
            let x = try context.input(0)
            let axis = try normalizeAxis(try context.int("axis", default: 0), rank: x.rank)
            var shape = x.shape
            shape.remove(at: axis)
            return (0..<x.shape[axis]).map { k in
                x.gathered(IndexMaps.along(x.shape, axis: axis, range: k..<(k + 1)), shape: shape)
            }
        },
        Kernel("Split") { context in
            let x = try context.input(1)
            let axis = try normalizeAxis(try context.intScalarInput(0, "split_dim"), rank: x.rank)
            let parts = try context.int("num_split")
            guard parts > 0, x.shape[axis] % parts == 0 else {
                throw KernelError("dimension \(axis) of size \(x.shape[axis]) does not split into \(parts) equal parts")
            }
            return split(x, axis: axis, sizes: Array(repeating: x.shape[axis] / parts, count: parts))
        },
        Kernel("SplitV") { context in
            let x = try context.input(0)
            let axis = try normalizeAxis(try context.intScalarInput(2, "split_dim"), rank: x.rank)
            var sizes = try context.intInput(1, "size_splits")
            let unknown = sizes.indices.filter { sizes[$0] == -1 }
            let known = sizes.filter { $0 != -1 }.reduce(0, +)
            if unknown.count == 1 { sizes[unknown[0]] = x.shape[axis] - known }
            guard unknown.count <= 1, sizes.allSatisfy({ $0 >= 0 && $0 <= x.shape[axis] }), sizes.reduce(0, +) == x.shape[axis] else {
                throw KernelError("size_splits \(try context.intInput(1, "size_splits")) do not add up to dimension \(axis) of size \(x.shape[axis])")
            }
            return split(x, axis: axis, sizes: sizes)
        },
        .single("Pad") { context in try pad(context, constant: nil) },
        .single("PadV2") { context in try pad(context, constant: try context.input(2)) },
        .single("Fill") { context in
            let shape = try context.intInput(0, "dims")
            let value = try context.input(1)
            guard value.count == 1, shape.allSatisfy({ $0 >= 0 }) else {
                throw KernelError("Fill needs nonnegative dims and a scalar value")
            }
            return HostTensor(unchecked: shape, value.storage.repeating(0, count: try allocationCount(shape)))
        },
        .single("ZerosLike") { context in
            let x = try context.input(0)
            return x.zeros(shape: x.shape)
        },
        .single("OnesLike") { context in
            let x = try context.input(0)
            let ones = HostTensor(unchecked: x.shape, .bool(Array(repeating: true, count: x.count)))
            return try asKernelError { () throws(ExecutionError) in try ones.cast(to: x.dtype) }
        },
        .single("BroadcastTo") { context in
            let x = try context.input(0)
            let shape = try context.intInput(1, "shape")
            _ = try allocationCount(shape)
            guard try Broadcast.shape(x.shape, shape) == shape else {
                throw KernelError("cannot broadcast \(HostTensor.describe(x.shape)) to \(HostTensor.describe(shape))")
            }
            return x.gathered(Broadcast.indexMap(from: x.shape, to: shape), shape: shape)
        },
        .single("Select", select),
        .single("SelectV2") { context in
            let condition = try context.input(0), t = try context.input(1), e = try context.input(2)
            let shape = try Broadcast.shape(condition.shape, try Broadcast.shape(t.shape, e.shape))
            return try choose(condition.gathered(Broadcast.indexMap(from: condition.shape, to: shape), shape: shape),
                              t.gathered(Broadcast.indexMap(from: t.shape, to: shape), shape: shape),
                              e.gathered(Broadcast.indexMap(from: e.shape, to: shape), shape: shape))
        },
    ]

    static func reshape(_ context: inout KernelContext) throws -> HostTensor {
        let x = try context.input(0)
        var shape = try context.intInput(1, "shape")
        let unknown = shape.indices.filter { shape[$0] == -1 }
        guard unknown.count <= 1, shape.allSatisfy({ $0 >= -1 }) else {
            throw KernelError("shape \(shape) may have at most one -1 and no other negative sizes")
        }
        if let u = unknown.first {
            let known = try allocationCount(shape.filter { $0 != -1 })
            guard known > 0, x.count % known == 0 else {
                throw KernelError("cannot reshape \(x.count) elements to \(HostTensor.describe(shape))")
            }
            shape[u] = x.count / known
        }
        guard try allocationCount(shape) == x.count else {
            throw KernelError("cannot reshape \(x.count) elements to \(HostTensor.describe(shape))")
        }
        return x.reshaped(shape)
    }

    static func squeeze(_ context: inout KernelContext) throws -> HostTensor {
        let x = try context.input(0)
        var axes = Set<Int>()
        for axis in context.ints("squeeze_dims") + context.ints("axis") {
            let a = try normalizeAxis(axis, rank: x.rank)
            guard x.shape[a] == 1 else { throw KernelError("cannot squeeze dimension \(axis) of size \(x.shape[a])") }
            axes.insert(a)
        }
        let shape = x.shape.enumerated().filter { axes.isEmpty ? $0.element != 1 : !axes.contains($0.offset) }.map(\.element)
        return x.reshaped(shape)
    }

    static func concat(_ values: [HostTensor], axis rawAxis: Int) throws -> HostTensor {
        guard let first = values.first else { throw KernelError("nothing to concatenate") }
        let axis = try normalizeAxis(rawAxis, rank: first.rank)
        for (i, v) in values.enumerated() {
            var a = v.shape, b = first.shape
            guard a.count == b.count else { throw KernelError("input \(i) has rank \(v.rank), input 0 has rank \(first.rank)") }
            a[axis] = 0
            b[axis] = 0
            guard a == b else {
                throw KernelError("input \(i) has shape \(HostTensor.describe(v.shape)), incompatible with \(HostTensor.describe(first.shape)) outside axis \(axis)")
            }
        }
        let outer = first.shape[..<axis].reduce(1, *)
        var pieces: [TensorStorage] = []
        pieces.reserveCapacity(outer * values.count)
        let chunks = values.map { $0.shape[axis...].reduce(1, *) }
        if outer == 1 {
            pieces = values.map(\.storage)
        } else {
            for o in 0..<outer {
                for (v, chunk) in zip(values, chunks) { pieces.append(v.storage.slice((o * chunk)..<((o + 1) * chunk))) }
            }
        }
        var shape = first.shape
        shape[axis] = values.reduce(0) { $0 + $1.shape[axis] }
        return HostTensor(unchecked: shape, try TensorStorage.concatenating(pieces, dtype: first.dtype))
    }

    static func split(_ x: HostTensor, axis: Int, sizes: [Int]) -> [HostTensor] {
        var start = 0
        return sizes.map { size in
            defer { start += size }
            var shape = x.shape
            shape[axis] = size
            return x.gathered(IndexMaps.along(x.shape, axis: axis, range: start..<(start + size)), shape: shape)
        }
    }

    static func pad(_ context: KernelContext, constant: HostTensor?) throws -> HostTensor {
        let x = try context.input(0)
        let paddings = try context.intInput(1, "paddings")
        guard paddings.count == 2 * x.rank, paddings.allSatisfy({ $0 >= 0 && $0 <= 1 << 34 }) else {
            throw KernelError("paddings must be a nonnegative [\(x.rank), 2] matrix, got \(paddings)")
        }
        let shape: [Int] = (0..<x.rank).map { (d: Int) -> Int in x.shape[d] + paddings[2 * d] + paddings[2 * d + 1] }
        let strides = rowMajorStrides(x.shape)
        var indices = [Int](repeating: 0, count: try allocationCount(shape))
        var outIndex = [Int](repeating: 0, count: shape.count)
        for i in 0..<indices.count {
            var source = 0
            for d in 0..<shape.count {
                let k = outIndex[d] - paddings[2 * d]
                if k < 0 || k >= x.shape[d] { source = x.count; break }
                source += k * strides[d]
            }
            indices[i] = source
            advanceRowMajor(&outIndex, in: shape)
        }
        let fill = constant ?? x.zeros(shape: [1])
        guard fill.count == 1, fill.dtype == x.dtype else { throw KernelError("constant_values must be a \(x.dtype) scalar") }
        let extended = try TensorStorage.concatenating([x.storage, fill.storage], dtype: x.dtype)
        return HostTensor(unchecked: shape, extended.gathered(indices))
    }

    static func select(_ context: inout KernelContext) throws -> HostTensor {
        let condition = try context.input(0), t = try context.input(1), e = try context.input(2)
        guard t.shape == e.shape else {
            throw KernelError("then and else must have the same shape: \(HostTensor.describe(t.shape)) vs \(HostTensor.describe(e.shape))")
        }
        if condition.shape == t.shape { return try choose(condition, t, e) }
        guard condition.rank == 1, t.rank >= 1, condition.count == t.shape[0] else {
            throw KernelError("condition shape \(HostTensor.describe(condition.shape)) must equal \(HostTensor.describe(t.shape)) or be its first dimension")
        }
        let row = t.count / max(t.shape[0], 1)
        let rows = (0..<t.count).map { $0 / max(row, 1) }
        return try choose(condition.gathered(rows, shape: t.shape), t, e)
    }

    /// Element i of `t` where `condition[i]`, else of `e`; all three share one shape.
    static func choose(_ condition: HostTensor, _ t: HostTensor, _ e: HostTensor) throws -> HostTensor {
        struct Choose: ThrowingStorageVisitor {
            let condition: [Bool], e: HostTensor
            func visit<T: StorageElement>(_ values: [T]) throws -> TensorStorage {
                let other = try e.elements(as: T.self, "else")
                return T.wrap(zipElements(condition, Array(zip(values, other))) { $0 ? $1.0 : $1.1 })
            }
        }
        let flags = try condition.elements(as: Bool.self, "condition")
        return HostTensor(unchecked: t.shape, try t.storage.accept(Choose(condition: flags, e: e)))
    }
}
