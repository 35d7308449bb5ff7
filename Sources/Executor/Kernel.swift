import GraphModel

/// The CPU implementation of one op type: inputs in, outputs out.
struct Kernel: Sendable {
    let op: String
    let compute: @Sendable (inout KernelContext) throws -> [HostTensor]

    init(_ op: String, _ compute: @escaping @Sendable (inout KernelContext) throws -> [HostTensor]) {
        self.op = op
        self.compute = compute
    }

    /// A kernel with exactly one output.
    static func single(_ op: String, _ compute: @escaping @Sendable (inout KernelContext) throws -> HostTensor) -> Kernel {
        Kernel(op) { context in [try compute(&context)] }
    }
}

/// Every kernel, keyed by op type, built from the per-family literal arrays.
enum KernelRegistry {
    static let families: [[Kernel]] = [
        ControlKernels.all, MathKernels.all, BinaryKernels.all, ReductionKernels.all,
        ArrayKernels.all, SliceKernels.all, IndexKernels.all, IndexNDKernels.all, ShapeKernels.all, NNKernels.all,
        MatMulKernels.all, VariableKernels.all, RandomKernels.all,
        ConvKernels.all, DepthwiseKernels.all, PoolKernels.all, NormKernels.all, ImageKernels.all, CropKernels.all, FakeQuantKernels.all, GammaKernels.all, LinalgKernels.all, SpaceBatchKernels.all, ActivationKernels.all, StatelessRandomKernels.all,
    ]

    static let kernels: [String: Kernel] = Dictionary(
        families.joined().map { ($0.op, $0) }, uniquingKeysWith: { first, _ in first }
    )

    /// The op types that have a kernel, sorted.
    static var supportedOps: [String] { kernels.keys.sorted() }
}

/// What a kernel sees: its node (for attributes), its input values and the run's state.
struct KernelContext {
    let node: Node
    let inputs: [HostTensor]
    let state: RunState

    func input(_ i: Int) throws -> HostTensor {
        guard i < inputs.count else { throw KernelError("expected at least \(i + 1) inputs, got \(inputs.count)") }
        return inputs[i]
    }

    func attr(_ name: String) -> AttrValue? { node.attrs[name] }

    func int(_ name: String, default value: Int? = nil) throws -> Int {
        if let v = node.attrs[name]?.intValue { return Int(v) }
        if let value { return value }
        throw KernelError("missing int attr '\(name)'")
    }

    func bool(_ name: String, default value: Bool = false) -> Bool {
        node.attrs[name]?.boolValue ?? value
    }

    func float(_ name: String, default value: Float? = nil) throws -> Float {
        if let v = node.attrs[name]?.floatValue { return v }
        if let value { return value }
        throw KernelError("missing float attr '\(name)'")
    }

    func type(_ name: String, default value: DType? = nil) throws -> DType {
        if let v = node.attrs[name]?.typeValue { return v.base }
        if let value { return value }
        throw KernelError("missing type attr '\(name)'")
    }

    func ints(_ name: String) -> [Int] {
        node.attrs[name]?.listValue?.ints.map(Int.init) ?? []
    }

    func string(_ name: String, default value: String) -> String {
        node.attrs[name]?.stringValue ?? value
    }

    /// An input that must hold integers (an axis, a shape, indices), as Ints.
    func intInput(_ i: Int, _ role: String) throws -> [Int] {
        let t = try input(i)
        guard let values = t.ints, t.dtype != .bool else {
            throw KernelError("\(role) (input \(i)) must be int32 or int64, got \(t.dtype)")
        }
        return values
    }

    /// A scalar integer input (or a one-element vector, which TF also accepts for axes).
    func intScalarInput(_ i: Int, _ role: String) throws -> Int {
        let values = try intInput(i, role)
        guard values.count == 1 else { throw KernelError("\(role) (input \(i)) must be a scalar, got \(values.count) values") }
        return values[0]
    }
}

/// Normalizes a possibly negative axis against `rank`, or explains why it is out of range.
func normalizeAxis(_ axis: Int, rank: Int, _ role: String = "axis") throws -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < max(rank, 0) else { throw KernelError("\(role) \(axis) is out of range for rank \(rank)") }
    return a
}

/// The product of a shape's dimensions.
func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

/// Steps a row-major multi-index to the next element of `shape` (the last dimension fastest).
@inline(__always)
func advanceRowMajor(_ index: inout [Int], in shape: [Int]) {
    var d = shape.count - 1
    while d >= 0 {
        index[d] += 1
        if index[d] < shape[d] { return }
        index[d] = 0
        d -= 1
    }
}

/// Row-major strides for a shape.
func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = acc
        acc *= shape[i]
    }
    return strides
}

/// The element count of a shape a kernel is about to allocate, refusing absurd sizes
/// (input can ask for anything) instead of crashing on allocation.
func allocationCount(_ shape: [Int]) throws -> Int {
    var count = 1
    for size in shape {
        guard size >= 0 else { throw KernelError("shape \(HostTensor.describe(shape)) has a negative dimension") }
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, product <= 1 << 34 else { throw KernelError("shape \(HostTensor.describe(shape)) is too large to allocate") }
        count = product
    }
    return count
}
