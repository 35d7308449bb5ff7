import GraphCore
import GraphModel

extension GraphBuilder {
    /// Turns sparse rows into a dense tensor: `UnsortedSegmentSum(values, indices, dense_shape[0])`.
    /// `g * t` as Python writes it in a rule: sparse rows are densified inside the `mul`
    /// (`mul/x`), where the operator converts them.
    func times(_ g: Gradient, _ t: TensorRef) -> TensorRef {
        binary("Mul", .gradient(g, arg: "x"), .tensor(t), name: "mul")
    }

    /// `-g`: sparse rows keep their indices and negate their values (TF's `IndexedSlices.__neg__`).
    func negated(_ g: Gradient) -> Gradient {
        switch g {
        case .dense(let t): return .dense(unary("Neg", t))
        case .slices(let s): return .slices(IndexedSlices(values: unary("Neg", s.values), indices: s.indices, denseShape: s.denseShape))
        }
    }

    func densify(_ s: IndexedSlices, name: String) -> TensorRef {
        let rows = stridedSlice(s.denseShape, begin: [0], end: [1], strides: [1], shrinkAxisMask: 1)
        return unsortedSegmentSum(s.values, s.indices, rows, name: name)
    }
}
