/// A hash table from node names to integers whose keys are not `String`s: every name's
/// bytes are copied once into one arena, entries hold an arena range and the value, and the
/// slots only part of the hash and an entry index. A probe compares hashes and then bytes
/// in the arena, so looking a name up retains and releases nothing — with `String` keys,
/// each probe retained the stored key to compare it, and a rewrite looks names up tens of
/// thousands of times. The three tables live in raw buffers of one storage object, so
/// reading the table costs no more reference counting than a `Dictionary` does.
///
/// With `foldingCase`, names compare as TensorFlow's `unique_name` compares them (after
/// lowercasing): ASCII letters are folded while hashing and comparing, and names with other
/// characters are lowercased in full first.
public struct NameTable: @unchecked Sendable {
    // Value semantics by copy-on-write: `storage` is copied before a mutation unless this
    // table is its only owner. Unchecked Sendable: the storage is immutable once shared.
    private var storage: NameTableStorage

    public init(foldingCase: Bool = false, capacity: Int = 16) {
        storage = NameTableStorage(foldingCase: foldingCase, capacity: capacity)
    }

    public var count: Int { storage.entryCount }

    /// Room for `capacity` names without growing.
    public mutating func reserveCapacity(_ capacity: Int) {
        makeUnique()
        storage.reserve(capacity)
    }

    public subscript(name: String) -> Int? {
        storage.withKey(name) { bytes, hash in
            let (_, entry) = storage.find(bytes, hash)
            return entry.map { Int(storage.entries[$0].value) }
        }
    }

    /// Looks a name up by its UTF-8 bytes, so a name inside a longer string (`op` of
    /// `op:1`) needs no `String` of its own. Tables that fold case take `String`s only.
    public subscript(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        precondition(!storage.foldingCase, "a case-folding table is looked up by String")
        let (_, entry) = storage.find(bytes, storage.hash(bytes))
        return entry.map { Int(storage.entries[$0].value) }
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
        makeUnique()
        let storage = self.storage
        return storage.withKey(name) { bytes, hash in
            storage.growIfFull()
            let (slot, entry) = storage.find(bytes, hash)
            let old = entry.map { Int(storage.entries[$0].value) }
            let (new, result) = body(old)
            if let entry {
                storage.entries[entry].value = Int32(new)
            } else {
                storage.insert(bytes, hash, at: slot, value: new)
            }
            return result
        }
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }
}

/// The raw tables behind a `NameTable`.
final class NameTableStorage {
    struct Entry {
        var offset: Int
        var length: Int32
        var value: Int32
    }

    let foldingCase: Bool
    /// Open addressing over 8-byte slots (the hash's high 32 bits, then the entry index + 1;
    /// 0 is empty), so the part of the table a probe touches at random stays small.
    private(set) var slots: UnsafeMutableBufferPointer<UInt64>
    /// In insertion order; `entryCount` of them are in use.
    private(set) var entries: UnsafeMutableBufferPointer<Entry>
    private(set) var entryCount = 0
    private var arena: UnsafeMutableBufferPointer<UInt8>
    private var arenaCount = 0

    init(foldingCase: Bool, capacity: Int) {
        self.foldingCase = foldingCase
        slots = Self.zeroedSlots(Self.slotCount(for: capacity))
        entries = .allocate(capacity: max(capacity, 16))
        // Node names average about 32 bytes.
        arena = .allocate(capacity: max(capacity, 16) * 32)
    }

    deinit {
        slots.deallocate()
        entries.deallocate()
        arena.deallocate()
    }

    func copy() -> NameTableStorage {
        let copy = NameTableStorage(foldingCase: foldingCase, capacity: entries.count)
        copy.slots.deallocate()
        copy.slots = Self.zeroedSlots(slots.count)
        _ = copy.slots.update(fromContentsOf: slots)
        _ = copy.entries.update(fromContentsOf: entries[..<entryCount])
        copy.entryCount = entryCount
        copy.ensureArena(arenaCount)
        _ = UnsafeMutableBufferPointer(rebasing: copy.arena[..<arenaCount]).update(fromContentsOf: arena[..<arenaCount])
        copy.arenaCount = arenaCount
        return copy
    }

    func reserve(_ capacity: Int) {
        if Self.slotCount(for: capacity) > slots.count { rehash(into: Self.slotCount(for: capacity)) }
        ensureEntries(capacity)
        ensureArena(capacity * 32)
    }

    func growIfFull() {
        if (entryCount + 1) * 4 > slots.count * 3 { rehash(into: slots.count * 2) }
    }

    /// The slot holding the name with these bytes and its entry, or the empty slot where
    /// it would go and nil.
    func find(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        let tag = hash >> 32
        var i = Int(truncatingIfNeeded: hash) & mask
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

    func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64, at slot: Int, value: Int) {
        ensureEntries(entryCount + 1)
        ensureArena(arenaCount + bytes.count)
        entries[entryCount] = Entry(offset: arenaCount, length: Int32(bytes.count), value: Int32(value))
        entryCount += 1
        _ = UnsafeMutableBufferPointer(rebasing: arena[arenaCount..<arenaCount + bytes.count]).update(fromContentsOf: bytes)
        arenaCount += bytes.count
        slots[slot] = (hash >> 32) << 32 | UInt64(entryCount)
    }

    /// The hash of bytes that need no lowercasing (any bytes when not folding case).
    func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        Self.mixed(NameBytes.hash(bytes, folding: foldingCase))
    }

    /// `name`'s bytes (lowercased first when folding a non-ASCII name) and their hash.
    func withKey<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> R) -> R {
        name.withUTF8Bytes { bytes in
            if foldingCase && !NameBytes.isASCII(bytes) {
                return name.lowercased().withUTF8Bytes { lowered in body(lowered, Self.mixed(NameBytes.hash(lowered, folding: true))) }
            }
            return body(bytes, hash(bytes))
        }
    }

    private func rehash(into slotCount: Int) {
        slots.deallocate()
        slots = Self.zeroedSlots(slotCount)
        let mask = slotCount - 1
        for e in 0..<entryCount {
            let entry = entries[e]
            let hash = Self.mixed(NameBytes.hash(UnsafeBufferPointer(rebasing: arena[entry.offset..<entry.offset + Int(entry.length)]), folding: foldingCase))
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = (hash >> 32) << 32 | UInt64(e + 1)
        }
    }

    private func ensureEntries(_ needed: Int) {
        guard needed > entries.count else { return }
        let grown = UnsafeMutableBufferPointer<Entry>.allocate(capacity: max(needed, entries.count * 2))
        _ = grown.initialize(fromContentsOf: entries[..<entryCount])
        entries.deallocate()
        entries = grown
    }

    private func ensureArena(_ needed: Int) {
        guard needed > arena.count else { return }
        let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(needed, arena.count * 2))
        _ = UnsafeMutableBufferPointer(rebasing: grown[..<arenaCount]).initialize(fromContentsOf: arena[..<arenaCount])
        arena.deallocate()
        arena = grown
    }

    private static func zeroedSlots(_ count: Int) -> UnsafeMutableBufferPointer<UInt64> {
        let slots = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: count)
        slots.initialize(repeating: 0)
        return slots
    }

    /// Spreads the hash over the low bits the slot index uses.
    private static func mixed(_ hash: UInt64) -> UInt64 {
        var h = hash ^ (hash >> 33)
        h = h &* 0xFF51_AFD7_ED55_8CCD
        return h ^ (h >> 33)
    }

    private static func slotCount(for capacity: Int) -> Int {
        var n = 16
        while n * 3 < max(capacity, 1) * 4 { n *= 2 }
        return n
    }
}
