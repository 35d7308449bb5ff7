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

    /// The registry restricted to the names that can collide with names starting with
    /// `prefix` (compared case-insensitively). All names a gradient pass creates start
    /// with its root scope, so registering the rest of a large graph would be wasted work.
    public init<S: Sequence>(existingNames: S, relevantTo prefix: String) where S.Element == String {
        let key = Array(Self.lowercase(prefix).utf8)
        for name in existingNames where Self.hasCaseInsensitivePrefix(name, key) { reserveWithPrefixes(name) }
    }

    private static func hasCaseInsensitivePrefix(_ name: String, _ prefix: [UInt8]) -> Bool {
        var i = 0
        for byte in name.utf8 {
            if i == prefix.count { return true }
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
            // Non-ASCII bytes are compared after full lowercasing by the slow path.
            if byte >= 0x80 { return Self.lowercase(name).utf8.starts(with: prefix) }
            if lower != prefix[i] { return false }
            i += 1
        }
        return i == prefix.count
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
        var hasUpper = false
        for byte in s.utf8 {
            if byte >= 0x80 { return s.lowercased() }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { hasUpper = true }
        }
        guard hasUpper else { return s }
        return String(decoding: s.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Marks `name` used without returning a new name (TF's `<root>/uid` reservation).
    public mutating func reserve(_ name: String) {
        let key = Self.lowercase(name)
        used[key] = (used[key] ?? 0) + 1
    }

    public func isUsed(_ name: String) -> Bool { used[Self.lowercase(name)] != nil }

    /// `name` itself the first time, then `name_1`, `name_2`, ... skipping taken names.
    public mutating func unique(_ name: String) -> String {
        let key = Self.lowercase(name)
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
