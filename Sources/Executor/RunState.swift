/// The mutable state of one run: variable values (fed, assigned or initialized on first
/// read) and the counter that keeps unseeded random ops distinct but reproducible.
final class RunState {
    private(set) var variables: [String: HostTensor]
    private var resolving: Set<String> = []
    /// Computes a variable's initial value from its initializer subgraph.
    var initializer: (String) throws -> HostTensor = { name in throw KernelError("variable \(name) has no initializer") }

    init(variables: [String: HostTensor]) {
        self.variables = variables
    }

    /// The variable's current value, running its initializer the first time if it was not fed.
    func value(of variable: String) throws -> HostTensor {
        if let value = variables[variable] { return value }
        guard resolving.insert(variable).inserted else {
            throw KernelError("variable \(variable)'s initializer depends on the variable itself")
        }
        defer { resolving.remove(variable) }
        let value = try initializer(variable)
        variables[variable] = value
        return value
    }

    func assign(_ value: HostTensor, to variable: String) {
        variables[variable] = value
    }

    func isInitialized(_ variable: String) -> Bool { variables[variable] != nil }
}
