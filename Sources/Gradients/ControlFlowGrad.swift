import GraphCore
import GraphModel

enum ControlFlowOps {
    /// v1 while-loop ops: their gradient needs the loop context only the building program had.
    static let whileLoopOps: Set<String> = ["Enter", "RefEnter", "Exit", "RefExit", "NextIteration", "RefNextIteration", "LoopCond"]
    /// Ops that call a function of the graph's library.
    static let functionCallOps: Set<String> = ["PartitionedCall", "StatefulPartitionedCall", "SymbolicGradient"]
}

/// Gradient rules for v1 conditionals in an imported graph (spec §11.1).
let controlFlowGradients: [([String], GradientRule)] = [
    // (out_false, out_true) = switch(data, pred); ddata = merge(switch(g_false), switch(g_true))
    (["Switch", "RefSwitch"], .function { c in
        let b = c.b, pred = c.y
        let attrs: AttrMap = ["T": .type(c.dtype(c.grad(0)))]
        let falseBranch = b.op("Switch", [.tensor(c.grad(0)), .tensor(pred)], attrs: attrs)
        let trueBranch = b.op("Switch", [.tensor(c.grad(1)), .tensor(pred)], attrs: attrs)
        let merged = b.op("Merge", [.tensor(falseBranch), .tensor(trueBranch.withOutput(1))],
                          attrs: ["N": .int(2), "T": .type(c.dtype(c.grad(0)))])
        return [.dense(merged), nil]
    }),
    // (value, index) = merge(inputs); dinput_i = g routed by index == i
    (["Merge", "RefMerge"], .function { c in
        let b = c.b, g = c.grad(0)
        let index = TensorRef(node: c.name, output: 1)
        let equals = c.inputs.indices.map { i in
            b.op("Equal", [.tensor(index), .int(i, arg: "y")], attrs: ["T": .type(.int32), "incompatible_shape_error": .bool(true)])
        }
        return equals.map { eq in
            let s = b.colocated(with: g.node) { b.op("Switch", [.tensor(g), .tensor(eq)], attrs: ["T": .type(c.dtype(g))]) }
            return .dense(s.withOutput(1))
        }
    }),
]
