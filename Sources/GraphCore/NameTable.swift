/// A hash table from node names to integers whose keys are not `String`s: every name's
/// bytes are copied once into one arena, entries hold an arena range and the value, and the
/// slots only part of the hash and an entry index. A probe compares hashes and then bytes
/// in the arena, so looking a name up retains and releases nothing — with `String` keys, each probe retained the stored key
/// to compare it, and a rewrite looks names up tens of thousands of times.
///
/// With `foldingCase`, names compare as TensorFlow's `unique_name` compares them (after
/// lowercasing): ASCII letters are folded while hashing and comparing, and names with other
/// characters are lowercased in full first.
public struct NameTable: Sendable {
    /// A name's bytes in the arena and its value, in insertion order.
    private struct Entry {
        var offset: Int
        var length: Int32
        var value: Int32
    }

    /// Open addressing over 8-byte slots (the hash's high 32 bits, then the entry index + 1;
    /// 0 is empty), so the part of the table a probe touches at random stays small.
    private var slots: [UInt64]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private let foldingCase: Bool

    public var count: Int { entries.count }

    public init(foldingCase: Bool = false, capacity: Int = 16) {
        self.foldingCase = foldingCase
        slots = Array(repeating: 0, count: Self.slotCount(for: capacity))
        entries.reserveCapacity(capacity)
        arena.reserveCapacity(capacity * 32)
    }

    /// Room for `capacity` names without growing the slot array.
    public mutating func reserveCapacity(_ capacity: Int) {
        if Self.slotCount(for: capacity) > slots.count { rehash(into: Self.slotCount(for: capacity)) }
        entries.reserveCapacity(capacity)
        // Node names average about 32 bytes; growing the arena by doubling would copy it.
        arena.reserveCapacity(capacity * 32)
    }

    public subscript(name: String) -> Int? {
        Self.withKey(name, foldingCase: foldingCase) { bytes, hash in
            let (_, entry) = find(bytes, hash)
            return entry.map { Int(entries[$0].value) }
        }
    }

    /// Sets the value of `name`, adding it if absent; returns the previous value.
    @discardableResult
    public mutating func set(_ name: String, _ value: Int) -> Int? {
        update(name) { old in (value, old) }
    }

    /// Adds `name` with `value` unless present; returns the value now stored.
    @discardableResult
    public mutating func insertIfAbsent(_ name: String, _ value: Int) -> Int {
        update(name) { old in old.map { ($0, $0) } ?? (value, value) }
    }

    /// Replaces the value of `name` (nil when absent) by `body`'s first result, in one probe.
    public mutating func update<R>(_ name: String, _ body: (Int?) -> (Int, R)) -> R {
        if (count + 1) * 4 > slots.count * 3 { rehash(into: slots.count * 2) }
        return Self.withKey(name, foldingCase: foldingCase) { bytes, hash in
            let (slot, entry) = find(bytes, hash)
            let old = entry.map { Int(entries[$0].value) }
            let (new, result) = body(old)
            if let entry {
                entries[entry].value = Int32(new)
            } else {
                slots[slot] = (hash >> 32) << 32 | UInt64(entries.count + 1)
                entries.append(Entry(offset: arena.count, length: Int32(bytes.count), value: Int32(new)))
                arena.append(contentsOf: bytes)
            }
            return result
        }
    }

    /// The slot holding the name with these bytes and its entry, or the empty slot where
    /// it would go and nil.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        let tag = hash >> 32
        var i = Int(truncatingIfNeeded: hash) & mask
        return arena.withUnsafeBufferPointer { arena in
            entries.withUnsafeBufferPointer { entries in
                slots.withUnsafeBufferPointer { slots in
                    while slots[i] != 0 {
                        if slots[i] >> 32 == tag {
                            let e = Int(truncatingIfNeeded: slots[i] & 0xFFFF_FFFF) - 1
                            if Int(entries[e].length) == bytes.count {
                                let start = entries[e].offset
                                if NameBytes.equal(UnsafeBufferPointer(rebasing: arena[start..<start + bytes.count]), bytes, folding: foldingCase) {
                                    return (i, e)
                                }
                            }
                        }
                        i = (i + 1) & mask
                    }
                    return (i, nil)
                }
            }
        }
    }

    private mutating func rehash(into slotCount: Int) {
        let old = slots
        slots = Array(repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for slot in old where slot != 0 {
            // The slot keeps only the hash's high bits: recompute the index from the name.
            let e = entries[Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1]
            let hash = arena.withUnsafeBufferPointer { arena in
                Self.mixed(NameBytes.hash(UnsafeBufferPointer(rebasing: arena[e.offset..<e.offset + Int(e.length)]), folding: foldingCase))
            }
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// `name`'s bytes (lowercased first when folding a non-ASCII name) and their hash.
    private static func withKey<R>(_ name: String, foldingCase: Bool, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> R) -> R {
        NameBytes.with(name) { bytes in
            if foldingCase && !NameBytes.isASCII(bytes) {
                return NameBytes.with(name.lowercased()) { lowered in body(lowered, Self.mixed(NameBytes.hash(lowered, folding: true))) }
            }
            return body(bytes, Self.mixed(NameBytes.hash(bytes, folding: foldingCase)))
        }
    }

    /// Spreads the hash over the low bits the slot index uses.
    private static func mixed(_ hash: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(NameBytes.seeded(hash, 0)))
    }

    private static func slotCount(for capacity: Int) -> Int {
        var n = 16
        while n * 3 < max(capacity, 1) * 4 { n *= 2 }
        return n
    }
}
