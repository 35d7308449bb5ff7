/// SpaceToBatchND and BatchToSpaceND: moving blocks of spatial positions into the batch
/// dimension and back (how TF runs atrous convolutions as ordinary ones).
enum SpaceBatchKernels {
    static let all: [Kernel] = [
        // y[(o * B) + b, i_1.., rest] = pad(x)[b, i_1 * s_1 + o_1, .., rest], o = block offset (row-major)
        .single("SpaceToBatchND") { context in
            let x = try context.input(0)
            let (block, pads) = try blockAndPairs(context, x, "paddings")
            let batch = x.shape[0], m = block.count
            let rest = elementCount(Array(x.shape[(1 + m)...]))
            var spatial: [Int] = []
            for d in 0..<m {
                let padded = x.shape[1 + d] + pads[2 * d] + pads[2 * d + 1]
                guard padded % block[d] == 0 else {
                    throw KernelError("padded size \(padded) of spatial dimension \(d) is not divisible by block size \(block[d])")
                }
                spatial.append(padded / block[d])
            }
            let blocks = elementCount(block)
            var map: [Int] = []
            map.reserveCapacity(blocks * batch * elementCount(spatial) * rest)
            for offset in 0..<blocks {
                let o = unflatten(offset, block)
                for b in 0..<batch {
                    forEachIndex(spatial) { index in
                        var source = b, inside = true
                        for d in 0..<m {
                            let p = index[d] * block[d] + o[d] - pads[2 * d]
                            if p < 0 || p >= x.shape[1 + d] { inside = false }
                            source = source * x.shape[1 + d] + p
                        }
                        for r in 0..<rest { map.append(inside ? source * rest + r : -1) }
                    }
                }
            }
            return x.gathered(map, shape: [batch * blocks] + spatial + Array(x.shape[(1 + m)...]))
        },
        // y[b, j_1.., rest] = x[(o * B') + b, (j_1 + c_1) / s_1, .., rest], o_d = (j_d + c_d) % s_d
        .single("BatchToSpaceND") { context in
            let x = try context.input(0)
            let (block, crops) = try blockAndPairs(context, x, "crops")
            let m = block.count, blocks = elementCount(block)
            guard blocks > 0, x.shape[0] % blocks == 0 else {
                throw KernelError("batch \(x.shape[0]) is not divisible by the product of block_shape \(block)")
            }
            let batch = x.shape[0] / blocks
            let rest = elementCount(Array(x.shape[(1 + m)...]))
            var spatial: [Int] = []
            for d in 0..<m {
                let size = x.shape[1 + d] * block[d] - crops[2 * d] - crops[2 * d + 1]
                guard size >= 0 else { throw KernelError("crops \(crops[2 * d]), \(crops[2 * d + 1]) exceed dimension \(d + 1) of \(x.signature) times block \(block[d])") }
                spatial.append(size)
            }
            var map: [Int] = []
            map.reserveCapacity(batch * elementCount(spatial) * rest)
            for b in 0..<batch {
                forEachIndex(spatial) { index in
                    var offset = 0, position = 0
                    for d in 0..<m {
                        let p = index[d] + crops[2 * d]
                        offset = offset * block[d] + p % block[d]
                        position = position * x.shape[1 + d] + p / block[d]
                    }
                    let source = (offset * batch + b) * elementCount(Array(x.shape[1...m])) + position
                    for r in 0..<rest { map.append(source * rest + r) }
                }
            }
            return x.gathered(map, shape: [batch] + spatial + Array(x.shape[(1 + m)...]))
        },
    ]

    /// `block_shape` (input 1) and the [M, 2] pairs (input 2), checked against `x`.
    static func blockAndPairs(_ context: KernelContext, _ x: HostTensor, _ role: String) throws -> ([Int], [Int]) {
        let block = try context.intInput(1, "block_shape")
        let pairs = try context.intInput(2, role)
        guard !block.isEmpty, block.allSatisfy({ $0 > 0 }), x.rank >= 1 + block.count else {
            throw KernelError("block_shape \(block) must be positive and cover spatial dimensions of \(x.signature)")
        }
        guard pairs.count == 2 * block.count, pairs.allSatisfy({ $0 >= 0 }) else {
            throw KernelError("\(role) must be [\(block.count), 2] non-negative values, got \(pairs)")
        }
        return (block, pairs)
    }

    static func unflatten(_ i: Int, _ shape: [Int]) -> [Int] {
        var rest = i
        var out = [Int](repeating: 0, count: shape.count)
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            out[d] = rest % shape[d]
            rest /= shape[d]
        }
        return out
    }

    /// Calls `body` with every index of `shape`, row-major.
    static func forEachIndex(_ shape: [Int], _ body: ([Int]) -> Void) {
        let count = elementCount(shape)
        for i in 0..<count { body(unflatten(i, shape)) }
    }
}
