import GraphModel

/// The gradient flowing along one tensor: dense, or sparse rows (`tf.IndexedSlices`).
enum Gradient: Hashable {
    case dense(TensorRef)
    case slices(IndexedSlices)

    /// The tensor whose producer carries control dependencies for this gradient.
    var primary: TensorRef {
        switch self {
        case .dense(let t): return t
        case .slices(let s): return s.values
        }
    }

    var result: GradientResult {
        switch self {
        case .dense(let t): return .tensor(t)
        case .slices(let s): return .indexedSlices(values: s.values, indices: s.indices, denseShape: s.denseShape)
        }
    }
}

struct IndexedSlices: Hashable {
    var values: TensorRef
    var indices: TensorRef
    var denseShape: TensorRef
}
