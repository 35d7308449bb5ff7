import GraphModel

/// Values for one run: tensor overrides and variable values.
public struct FeedSet: Sendable, Equatable {
    public var tensors: [TensorRef: HostTensor]
    /// Keyed by the variable op's name (`w` for `VariableV2` or `VarHandleOp` `w`).
    public var variables: [String: HostTensor]

    public init(tensors: [TensorRef: HostTensor] = [:], variables: [String: HostTensor] = [:]) {
        self.tensors = tensors
        self.variables = variables
    }
}

extension Executor {
    /// Sorts named values the way `.npz` feed files name them: `x:0` feeds a tensor; a bare
    /// name feeds a variable if it names a variable op, else the tensor `name:0`.
    public func feedSet<S: Sequence>(_ named: S) throws(ExecutionError) -> FeedSet where S.Element == (String, HostTensor) {
        var feeds = FeedSet()
        for (key, value) in named {
            if !key.contains(":") && isVariable(key) {
                feeds.variables[key] = value
            } else {
                feeds.tensors[try tensorRef(key)] = value
            }
        }
        return feeds
    }

    /// Computes `fetches` with a `FeedSet`.
    public func run(fetches: [TensorRef], feeds: FeedSet, targets: [String] = []) throws(ExecutionError) -> [HostTensor] {
        try run(fetches: fetches, feeds: feeds.tensors, variables: feeds.variables, targets: targets)
    }
}

extension HostTensor {
    /// The dense tensor an `IndexedSlices` gradient stands for: `values` rows added at
    /// `indices` into zeros of `denseShape` (repeated indices accumulate).
    public static func dense(slices values: HostTensor, indices: HostTensor, denseShape: HostTensor) throws(ExecutionError) -> HostTensor {
        guard let rows = indices.ints, let shape = denseShape.ints, !shape.isEmpty, shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidTensor("IndexedSlices needs integer indices and dense_shape, got \(indices.signature), \(denseShape.signature)")
        }
        let inner = elementCount(Array(shape.dropFirst()))
        do {
            return try scatterAdd(values, into: shape, at: rows, inner: inner)
        } catch let error as KernelError {
            throw .invalidTensor("IndexedSlices values \(values.signature) at \(indices.signature) into \(HostTensor.describe(shape)): \(error.message)")
        } catch {
            throw .invalidTensor("\(error)")
        }
    }
}
