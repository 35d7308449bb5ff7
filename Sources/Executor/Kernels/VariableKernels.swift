import GraphCore
import GraphModel

/// Variables, reference (`VariableV2` + `Assign`) and resource (`VarHandleOp` +
/// `ReadVariableOp`/`AssignVariableOp`). Values live in the run's `RunState`, keyed by the
/// variable op's name; a handle tensor carries that name.
enum VariableKernels {
    static let variableOps: Set<String> = ["VariableV2", "Variable", "VarHandleOp"]
    static let assignOps: Set<String> = ["Assign", "AssignVariableOp"]

    static let all: [Kernel] = [
        .single("VariableV2", refVariable),
        .single("Variable", refVariable),
        .single("VarHandleOp") { context in HostTensor(unchecked: [], .resource([context.node.name])) },
        .single("ReadVariableOp") { context in
            let value = try context.state.value(of: try handle(context))
            try check(value, context, dtypeAttr: "dtype")
            return value
        },
        Kernel("AssignVariableOp") { context in
            context.state.assign(try context.input(1), to: try handle(context))
            return []
        },
        .single("Assign") { context in
            guard let target = context.node.dataInputs.first.flatMap(TensorRef.init(parsing:)) else {
                throw KernelError("Assign needs a variable input")
            }
            let value = try context.input(1)
            let current = try context.input(0)
            if context.bool("validate_shape", default: true), current.shape != value.shape {
                throw KernelError("value \(value.signature) does not match the variable's shape \(HostTensor.describe(current.shape))")
            }
            context.state.assign(value, to: target.node)
            return value
        },
        .single("VarIsInitializedOp") { context in
            HostTensor(unchecked: [], .bool([context.state.isInitialized(try handle(context))]))
        },
        .single("IsVariableInitialized") { context in
            let name = context.node.dataInputs.first.flatMap(TensorRef.init(parsing:))?.node ?? ""
            return HostTensor(unchecked: [], .bool([context.state.isInitialized(name)]))
        },
        .single("ResourceGather") { context in
            guard try context.int("batch_dims", default: 0) == 0 else { throw KernelError("batch_dims other than 0 is not supported") }
            let value = try context.state.value(of: try handle(context))
            return try IndexKernels.gather(value, indices: try context.input(1), axis: 0)
        },
    ]

    static func refVariable(_ context: inout KernelContext) throws -> HostTensor {
        let value = try context.state.value(of: context.node.name)
        try check(value, context, dtypeAttr: "dtype")
        if let sizes = context.attr("shape")?.shapeValue?.sizes, !sizes.isEmpty || value.rank == 0 {
            let fits = sizes.count == value.rank && zip(sizes, value.shape).allSatisfy { $0 < 0 || Int($0) == $1 }
            guard fits else {
                throw KernelError("value \(value.signature) does not match the declared shape \(TensorShape(sizes))")
            }
        }
        return value
    }

    /// The variable a resource input (input 0) refers to.
    static func handle(_ context: KernelContext) throws -> String {
        guard case .resource(let names) = try context.input(0).storage, let name = names.first else {
            throw KernelError("input 0 must be a resource handle, got \(try context.input(0).signature)")
        }
        return name
    }

    static func check(_ value: HostTensor, _ context: KernelContext, dtypeAttr: String) throws {
        if let declared = context.attr(dtypeAttr)?.typeValue, declared.base != value.dtype {
            throw KernelError("variable value is \(value.signature), the op declares \(declared.base)")
        }
    }

    /// The variable op that `ref` (an Assign's target) names, if it is one.
    static func variableName(of ref: TensorRef, in index: GraphIndex) -> String? {
        guard let node = index.node(named: ref.node), variableOps.contains(node.op) else { return nil }
        return node.name
    }
}
