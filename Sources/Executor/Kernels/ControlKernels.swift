import GraphModel

/// Graph plumbing: constants, placeholders, identities and no-ops.
enum ControlKernels {
    static let all: [Kernel] = [
        .single("Const", constant),
        Kernel("Placeholder") { context in
            throw ExecutionError.missingFeed(node: context.node.name, op: context.node.op)
        },
        passThrough("PlaceholderWithDefault"),
        passThrough("Identity"),
        passThrough("StopGradient"),
        passThrough("PreventGradient"),
        passThrough("Snapshot"),
        passThrough("EnsureShape"),
        passThrough("CheckNumerics"),
        // TF writes the data to stderr; the executor stays quiet (a check evaluates a graph many times).
        passThrough("Print"),
        Kernel("IdentityN") { context in context.inputs },
        Kernel("NoOp") { _ in [] },
        Kernel("ControlTrigger") { _ in [] },
        .single("Conj") { context in
            let x = try context.input(0)
            guard x.dtype.isFloatingPoint || x.dtype.isInteger else {
                throw KernelError("Conj of \(x.dtype) is not supported (complex dtypes are not)")
            }
            return x
        },
    ]

    // y = x
    static func passThrough(_ op: String) -> Kernel {
        .single(op) { context in try context.input(0) }
    }

    static func constant(_ context: inout KernelContext) throws -> HostTensor {
        guard let value = context.attr("value")?.tensorValue else { throw KernelError("Const has no tensor 'value' attr") }
        return try asKernelError { () throws(ExecutionError) in try HostTensor(value) }
    }
}
