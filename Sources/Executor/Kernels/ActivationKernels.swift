/// Activations with an attribute, and their gradients.
enum ActivationKernels {
    static let all: [Kernel] = [
        // y = x if x > 0 else alpha * x
        .single("LeakyRelu") { context in
            let x = try context.input(0)
            struct Leaky: FloatVisitor {
                let alpha: Double
                func visit<T: FloatElement>(_ x: [T]) -> TensorStorage {
                    let a = T(alpha)
                    return T.wrap(mapElements(x) { $0 > 0 ? $0 : $0 * a })
                }
            }
            return HostTensor(unchecked: x.shape, try x.storage.accept(Leaky(alpha: Double(try context.float("alpha", default: 0.2)))))
        },
        // dx = dy if x > 0 else alpha * dy (the kink at 0 takes the alpha side, as TF)
        .single("LeakyReluGrad") { context in
            let dy = try context.input(0), x = try context.input(1)
            guard dy.shape == x.shape else { throw KernelError("gradients \(dy.signature) and features \(x.signature) must have one shape") }
            struct Grad: FloatVisitor {
                let x: HostTensor, alpha: Double
                func visit<T: FloatElement>(_ dy: [T]) throws -> TensorStorage {
                    let a = T(alpha)
                    return T.wrap(zipElements(dy, try x.elements(as: T.self, "features")) { g, f in f > 0 ? g : g * a })
                }
            }
            return HostTensor(unchecked: x.shape, try dy.storage.accept(Grad(x: x, alpha: Double(try context.float("alpha", default: 0.2)))))
        },
        argReduce("ArgMax") { a, b in a > b },
        argReduce("ArgMin") { a, b in a < b },
    ]

    /// The index of the first element along `dimension` (input 1) that no other beats;
    /// `output_type` int32 or int64 (default).
    static func argReduce(_ op: String, _ beats: @escaping @Sendable (Double, Double) -> Bool) -> Kernel {
        .single(op) { context in
            let x = try context.input(0)
            let axis = try normalizeAxis(try context.intScalarInput(1, "dimension"), rank: x.rank, "dimension")
            let size = x.shape[axis]
            guard size > 0 else { throw KernelError("reduction dimension \(axis) of \(x.signature) must be non-empty") }
            let outer = elementCount(Array(x.shape[..<axis])), inner = elementCount(Array(x.shape[(axis + 1)...]))
            struct Arg: NumericVisitor {
                let outer: Int, size: Int, inner: Int, beats: @Sendable (Double, Double) -> Bool
                func visit<T: NumericElement>(_ x: [T]) -> [Int] {
                    var out = [Int](repeating: 0, count: outer * inner)
                    for o in 0..<outer {
                        for i in 0..<inner {
                            let base = o * size * inner + i
                            var best = x[base].doubleValue, index = 0
                            for k in 1..<size where beats(x[base + k * inner].doubleValue, best) {
                                best = x[base + k * inner].doubleValue
                                index = k
                            }
                            out[o * inner + i] = index
                        }
                    }
                    return out
                }
            }
            let indices = try x.storage.accept(Arg(outer: outer, size: size, inner: inner, beats: beats))
            var shape = x.shape
            shape.remove(at: axis)
            switch try context.type("output_type", default: .int64) {
            case .int32: return HostTensor(unchecked: shape, .int32(indices.map { Int32($0) }))
            case .int64: return HostTensor(unchecked: shape, .int64(indices.map { Int64($0) }))
            case let other: throw KernelError("output_type must be int32 or int64, got \(other)")
            }
        }
    }
}
