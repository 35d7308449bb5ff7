/// A node's attributes (TensorFlow's `AttrValueMap`): a small map from attribute name to
/// value.
///
/// Nodes have a handful of attributes, and a rewrite creates tens of thousands of nodes:
/// as a `Dictionary` each map was a hash table built by hashing every key (SipHash over
/// the key's bytes), and each lookup hashed again. Here the entries are one array, kept in
/// the order TensorFlow serializes map entries (`MapKeyOrder`), so a lookup compares a few
/// short strings (which `==` does by their inline bytes), equal maps have equal arrays,
/// and writers need not sort. Keys compare as Swift strings, as the dictionary's did;
/// TensorFlow's attribute names are ASCII identifiers, for which that is byte equality.
public struct AttrMap: Hashable, Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: AttrValue)

    /// Unlabelled pairs, the type of a literal's elements, so a literal's array becomes the
    /// storage as it is.
    private var entries: [(String, AttrValue)]

    public static func == (a: AttrMap, b: AttrMap) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for (key, value) in entries {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    public init() { entries = [] }

    /// Later values win for repeated keys, as assigning them one by one would.
    public init(dictionaryLiteral elements: (String, AttrValue)...) {
        entries = elements
        // A stable insertion sort: a literal has a few keys, often in order already. A key
        // inserted after an equal one stops next to it, so the comparisons also tell whether
        // any key is repeated (rarely: the check below costs a string comparison per key).
        var repeated = false
        for i in entries.indices.dropFirst() {
            var j = i
            while j > 0 {
                let order = MapKeyOrder.compare(entries[j].0, entries[j - 1].0)
                if order == 0 { repeated = true }
                guard order < 0 else { break }
                entries.swapAt(j, j - 1)
                j -= 1
            }
        }
        guard repeated else { return }
        // Equal keys are now adjacent, in the order written: keep the last of each run.
        var i = entries.count - 1
        while i > 0 {
            if entries[i - 1].0 == entries[i].0 { entries.remove(at: i - 1) }
            i -= 1
        }
    }

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        entries = []
        entries.reserveCapacity(elements.underestimatedCount)
        for (key, value) in elements { self[key] = value }
    }

    public init(_ dictionary: [String: AttrValue]) {
        self.init(dictionary.lazy.map { $0 })
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }
    public subscript(position: Int) -> Element { entries[position] }

    public subscript(key: String) -> AttrValue? {
        get { index(of: key).map { entries[$0].1 } }
        set {
            if let i = index(of: key) {
                if let newValue { entries[i].1 = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                // From the back: keys usually arrive in order (files, literals), so this
                // is an append after one comparison.
                var i = entries.count
                while i > 0 && MapKeyOrder.precedes(key, entries[i - 1].0) { i -= 1 }
                entries.insert((key, newValue), at: i)
            }
        }
    }

    private func index(of key: String) -> Int? {
        var i = 0
        let length = key.utf8.count
        while i < entries.count {
            // Lengths first: a string comparison of two different keys costs several times
            // more, and most keys differ in length.
            if entries[i].0.utf8.count == length && entries[i].0 == key { return i }
            i += 1
        }
        return nil
    }

    public subscript(key: String, default defaultValue: @autoclosure () -> AttrValue) -> AttrValue {
        get { self[key] ?? defaultValue() }
        set { self[key] = newValue }
    }

    public var keys: [String] { entries.map(\.0) }
    public var values: [AttrValue] { entries.map(\.1) }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> AttrValue? {
        guard let i = index(of: key) else { return nil }
        return entries.remove(at: i).1
    }

    public mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }
}
