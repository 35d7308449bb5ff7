/// TensorFlow's used-name registry: hands out unique node and scope names exactly as
/// `Graph.unique_name` does, case-insensitively, keeping the requested capitalisation.
public struct NameRegistry: Sendable {
    private var used: [String: Int] = [:]

    public init() {}

    /// Registers every node name and every `/`-separated prefix of it, reproducing the
    /// name scopes that were open in the program that built the graph.
    public init<S: Sequence>(existingNames: S) where S.Element == String {
        for name in existingNames { reserveWithPrefixes(name) }
    }

    public mutating func reserveWithPrefixes(_ name: String) {
        let key = name.lowercased()
        used[key] = max(used[key] ?? 0, 1)
        var index = key.endIndex
        while let slash = key[..<index].lastIndex(of: "/") {
            let prefix = String(key[..<slash])
            if used[prefix] != nil { break }  // its own prefixes were registered with it
            used[prefix] = 1
            index = slash
        }
    }

    /// Marks `name` used without returning a new name (TF's `<root>/uid` reservation).
    public mutating func reserve(_ name: String) {
        let key = name.lowercased()
        used[key] = (used[key] ?? 0) + 1
    }

    public func isUsed(_ name: String) -> Bool { used[name.lowercased()] != nil }

    /// `name` itself the first time, then `name_1`, `name_2`, ... skipping taken names.
    public mutating func unique(_ name: String) -> String {
        let key = name.lowercased()
        var i = used[key] ?? 0
        used[key] = i + 1
        if i == 0 { return name }
        var candidate = "\(key)_\(i)"
        while used[candidate] != nil {
            i += 1
            candidate = "\(key)_\(i)"
        }
        used[candidate] = 1
        return "\(name)_\(i)"
    }
}
