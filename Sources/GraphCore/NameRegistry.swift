import GraphModel

/// TensorFlow's used-name registry: hands out unique node and scope names exactly as
/// `Graph.unique_name` does, case-insensitively, keeping the requested capitalisation.
public struct NameRegistry: Sendable {
    /// Use counts by name, compared case-insensitively as TF compares lowercased names.
    private var used = NameTable(foldingCase: true)

    public init() {}

    /// Registers every node name and every `/`-separated prefix of it, reproducing the
    /// name scopes that were open in the program that built the graph.
    public init<S: Sequence>(existingNames: S) where S.Element == String {
        for name in existingNames { reserveWithPrefixes(name) }
    }

    /// The registry of the names of `nodes` that can collide with names starting with
    /// `prefix` (compared case-insensitively; "" keeps every name). All names a gradient
    /// pass creates start with its root scope, so registering the rest of a large graph
    /// would be wasted work.
    public init(namesOf nodes: [Node], relevantTo prefix: String) {
        let key = Array(prefix.lowercased().utf8)
        used.reserveCapacity(key.isEmpty ? nodes.count * 2 : 64)
        // Indexing borrows each node; iterating the array would copy every node.
        for i in nodes.indices where key.isEmpty || Self.hasCaseInsensitivePrefix(nodes[i].name, key) {
            reserveWithPrefixes(nodes[i].name)
        }
    }

    /// Whether `name` lowercased starts with `prefix` (lowercase bytes). Lowercasing maps
    /// characters one by one, so when the name's first bytes are ASCII they decide alone;
    /// only a non-ASCII byte among them needs the full lowercasing.
    private static func hasCaseInsensitivePrefix(_ name: String, _ prefix: [UInt8]) -> Bool {
        let verdict: Bool? = name.withUTF8Bytes { bytes in
            for i in prefix.indices {
                guard i < bytes.count else { return false }
                if bytes[i] >= 0x80 { return nil }
                if NameBytes.lowered(UInt64(bytes[i])) != UInt64(prefix[i]) { return false }
            }
            return true
        }
        return verdict ?? name.lowercased().utf8.starts(with: prefix)
    }

    public mutating func reserveWithPrefixes(_ name: String) {
        used.update(name) { old in (max(old ?? 0, 1), ()) }
        let utf8 = name.utf8
        var index = utf8.endIndex
        while index > utf8.startIndex {
            index = utf8.index(before: index)
            guard utf8[index] == UInt8(ascii: "/") else { continue }
            let prefix = String(name[..<index])
            if used[prefix] != nil { break }  // its own prefixes were registered with it
            used.set(prefix, 1)
        }
    }

    public mutating func reserveCapacity(_ count: Int) { used.reserveCapacity(count) }

    /// Marks `name` used without returning a new name (TF's `<root>/uid` reservation).
    public mutating func reserve(_ name: String) {
        used.update(name) { old in ((old ?? 0) + 1, ()) }
    }

    public func isUsed(_ name: String) -> Bool { used[name] != nil }

    /// `name` itself the first time, then `name_1`, `name_2`, ... skipping taken names.
    public mutating func unique(_ name: String) -> String {
        // Reads and bumps the count in one probe.
        var i = used.update(name) { old in ((old ?? 0) + 1, old ?? 0) }
        if i == 0 { return name }
        while true {
            let candidate = NameJoin.numbered(name, i)
            // Claims the candidate if free, in the probe that finds it free.
            if used.update(candidate, { old in (old ?? 1, old == nil) }) { return candidate }
            i += 1
        }
    }
}
