import GraphCore
import GraphModel

extension GraphBuilder {
    /// Turns sparse rows into a dense tensor: `UnsortedSegmentSum(values, indices, dense_shape[0])`.
    func densify(_ s: IndexedSlices, name: String) -> TensorRef {
        let rows = stridedSlice(s.denseShape, begin: [0], end: [1], strides: [1], shrinkAxisMask: 1)
        return unsortedSegmentSum(s.values, s.indices, rows, name: name)
    }
}
