import GraphModel

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

    /// The registry of the names of `nodes` that can collide with names starting with
    /// `prefix` (compared case-insensitively; "" keeps every name). All names a gradient
    /// pass creates start with its root scope, so registering the rest of a large graph
    /// would be wasted work.
    public init(namesOf nodes: [Node], relevantTo prefix: String) {
        let key = Array(Self.lowercase(prefix).utf8)
        used.reserveCapacity(key.isEmpty ? nodes.count * 2 : 64)
        // Indexing borrows each node; iterating the array would copy every node.
        for i in nodes.indices where key.isEmpty || Self.hasCaseInsensitivePrefix(nodes[i].name, key) {
            reserveWithPrefixes(nodes[i].name)
        }
    }

    private static func hasCaseInsensitivePrefix(_ name: String, _ prefix: [UInt8]) -> Bool {
        var name = name
        // `withUTF8` reads native storage directly; iterating `utf8` costs a call per byte.
        let verdict: Bool? = name.withUTF8 { bytes in
            // Non-ASCII names are compared after full lowercasing by the slow path.
            if bytes.contains(where: { $0 >= 0x80 }) { return nil }
            guard bytes.count >= prefix.count else { return false }
            for i in prefix.indices where asciiLower(bytes[i]) != prefix[i] { return false }
            return true
        }
        return verdict ?? Self.lowercase(name).utf8.starts(with: prefix)
    }

    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    public mutating func reserveWithPrefixes(_ name: String) {
        let key = Self.lowercase(name)
        used[key] = max(used[key] ?? 0, 1)
        let utf8 = key.utf8
        var index = utf8.endIndex
        while index > utf8.startIndex {
            index = utf8.index(before: index)
            guard utf8[index] == UInt8(ascii: "/") else { continue }
            let prefix = String(key[..<index])
            if used[prefix] != nil { break }  // its own prefixes were registered with it
            used[prefix] = 1
        }
    }

    /// Lowercasing with an ASCII fast path; node names are almost always ASCII.
    static func lowercase(_ s: String) -> String {
        var source = s
        enum Verdict { case unchanged, nonASCII, lowered(String) }
        let verdict = source.withUTF8 { bytes -> Verdict in
            guard let first = bytes.firstIndex(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") || $0 >= 0x80 }) else { return .unchanged }
            if bytes[first...].contains(where: { $0 >= 0x80 }) { return .nonASCII }
            return .lowered(String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for i in bytes.indices { buffer[i] = asciiLower(bytes[i]) }
                return bytes.count
            })
        }
        switch verdict {
        case .unchanged: return s
        case .nonASCII: return s.lowercased()
        case .lowered(let lowered): return lowered
        }
    }

    public mutating func reserveCapacity(_ count: Int) { used.reserveCapacity(count) }

    /// Marks `name` used without returning a new name (TF's `<root>/uid` reservation).
    public mutating func reserve(_ name: String) {
        let key = Self.lowercase(name)
        used[key] = (used[key] ?? 0) + 1
    }

    public func isUsed(_ name: String) -> Bool { used[Self.lowercase(name)] != nil }

    /// `name` itself the first time, then `name_1`, `name_2`, ... skipping taken names.
    public mutating func unique(_ name: String) -> String {
        let key = Self.lowercase(name)
        var i = Self.postIncrement(&used[key, default: 0])
        if i == 0 { return name }
        var candidate = "\(key)_\(i)"
        while used[candidate] != nil {
            i += 1
            candidate = "\(key)_\(i)"
        }
        used[candidate] = 1
        return "\(name)_\(i)"
    }

    /// Reads and bumps a count in place: one hash lookup for `dict[key, default: 0]`.
    private static func postIncrement(_ count: inout Int) -> Int {
        defer { count += 1 }
        return count
    }
}
