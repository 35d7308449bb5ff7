import GraphModel

/// The gradient flowing along one tensor: dense, or sparse rows (`tf.IndexedSlices`).
enum Gradient: Hashable {
    case dense(TensorRef)
    // Indirect: with three references inline, copies of a `Gradient?` went through the
    // generic value witnesses of `Optional` (~350 instructions each) instead of a switch
    // and one retain; sparse gradients are rare, so the box is cheap.
    indirect case slices(IndexedSlices)

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

extension Optional where Wrapped == Gradient {
    /// Whether there is no gradient. Matched, not compared with `nil`: `== nil` on an
    /// optional `Equatable` enum built a tuple of two optionals and destroyed it through the
    /// runtime's generic value witnesses (a few hundred instructions per test).
    var isNone: Bool { if case .none = self { true } else { false } }
}
