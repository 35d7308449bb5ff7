/// A hash table from node names to integers whose keys are not `String`s: every name's
/// bytes are copied once into one arena, and the slots hold only a hash, an arena range and
/// the value. A probe compares hashes and then bytes in the arena, so looking a name up
/// retains and releases nothing — with `String` keys, each probe retained the stored key
/// to compare it, and a rewrite looks names up tens of thousands of times.
///
/// With `foldingCase`, names compare as TensorFlow's `unique_name` compares them (after
/// lowercasing): ASCII letters are folded while hashing and comparing, and names with other
/// characters are lowercased in full first.
public struct NameTable: Sendable {
    private struct Slot {
        var hash: UInt64
        var offset: Int
        var length: Int32
        /// -1: empty.
        var value: Int32
    }

    private var slots: [Slot]
    private var arena: [UInt8] = []
    public private(set) var count = 0
    private let foldingCase: Bool

    public init(foldingCase: Bool = false, capacity: Int = 16) {
        self.foldingCase = foldingCase
        slots = Array(repeating: Slot(hash: 0, offset: 0, length: 0, value: -1), count: Self.slotCount(for: capacity))
    }

    /// Room for `capacity` names without growing the slot array.
    public mutating func reserveCapacity(_ capacity: Int) {
        if Self.slotCount(for: capacity) > slots.count { rehash(into: Self.slotCount(for: capacity)) }
    }

    public subscript(name: String) -> Int? {
        Self.withKey(name, foldingCase: foldingCase) { bytes, hash in
            let i = find(bytes, hash)
            return slots[i].value < 0 ? nil : Int(slots[i].value)
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
            let i = find(bytes, hash)
            let old = slots[i].value < 0 ? nil : Int(slots[i].value)
            let (new, result) = body(old)
            if old == nil {
                slots[i] = Slot(hash: hash, offset: arena.count, length: Int32(bytes.count), value: Int32(new))
                arena.append(contentsOf: bytes)
                count += 1
            } else {
                slots[i].value = Int32(new)
            }
            return result
        }
    }

    /// The slot holding the name with these bytes, or the empty slot where it would go.
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> Int {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        return arena.withUnsafeBufferPointer { arena in
            slots.withUnsafeBufferPointer { slots in
                while slots[i].value >= 0 {
                    if slots[i].hash == hash && Int(slots[i].length) == bytes.count {
                        let stored = UnsafeBufferPointer(rebasing: arena[slots[i].offset..<slots[i].offset + bytes.count])
                        if NameBytes.equal(stored, bytes, folding: foldingCase) { return i }
                    }
                    i = (i + 1) & mask
                }
                return i
            }
        }
    }

    private mutating func rehash(into slotCount: Int) {
        let old = slots
        slots = Array(repeating: Slot(hash: 0, offset: 0, length: 0, value: -1), count: slotCount)
        let mask = slotCount - 1
        for slot in old where slot.value >= 0 {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[i].value >= 0 { i = (i + 1) & mask }
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
