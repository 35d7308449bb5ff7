import GraphCore
import GraphModel

// y = prod(x, axes); dx = g * (product of all other reduced entries), computed with an
// exclusive cumprod from each side so zeros in x need no division. TF pins the
// index arithmetic to the CPU.
let prodGradient: GradientFunction = { c in
    let b = c.b, x = c.x, axes = c.y
    let inputShape = b.shapeOf(x)
    let reductionIndices = b.reshape(axes, .ints([-1], arg: "shape"))
    var g = c.grad()
    if !c.bool("keep_dims") { g = b.reshape(g, b.reducedShape(inputShape, axes)) }
    let broadcast = b.op("BroadcastTo", [.tensor(g), .tensor(inputShape)], attrs: ["T": .type(c.dtype(g)), "Tidx": .type(.int32)])
    let (perm, reducedCount, otherCount) = b.onDevice("/cpu:0") { () -> (TensorRef, TensorRef, TensorRef) in
        let rank = b.rankOf(x)
        var reduced = b.binary("FloorMod", b.binary("AddV2", reductionIndices, rank, name: "add"), rank, name: "mod")
        if b.dtype(reduced) != .int32 { reduced = b.cast(reduced, to: .int32) }
        let all = b.range(.int(0, arg: "start"), .tensor(rank), .int(1, arg: "delta"))
        let diff = b.op("ListDiff", [.tensor(all), .tensor(reduced)], attrs: ["T": .type(.int32), "out_idx": .type(.int32)])
        let perm = b.concat([.tensor(reduced), .tensor(diff)], axis: .int(0, arg: "axis"))
        func count(_ indices: TensorRef) -> TensorRef {
            let sizes = b.gather(inputShape, indices, axis: .int(0, arg: "axis"))
            return b.reduce("Prod", sizes, .tensor(b.reductionDims(sizes)), keepDims: false)
        }
        return (perm, count(reduced), count(diff))
    }
    let permuted = b.transpose(x, .tensor(perm))
    let permutedShape = b.shapeOf(permuted)
    let matrix = b.reshape(permuted, .packed([reducedCount, otherCount], arg: "shape"))
    func cumprod(reverse: Bool) -> TensorRef {
        b.op("Cumprod", [.tensor(matrix), .int(0, arg: "axis")],
             attrs: ["T": .type(c.dtype(x)), "Tidx": .type(.int32), "exclusive": .bool(true), "reverse": .bool(reverse)])
    }
    let left = cumprod(reverse: false), right = cumprod(reverse: true)
    let others = b.reshape(b.binary("Mul", left, right, name: "mul"), .tensor(permutedShape))
    let inverse = b.op("InvertPermutation", [.tensor(perm)], attrs: ["T": .type(.int32)])
    let unpermuted = b.transpose(others, .tensor(inverse))
    let product = b.binary("Mul", broadcast, unpermuted, name: "mul")
    return [.dense(b.reshape(product, .tensor(inputShape))), nil]
}
