/// Values looked up by op type name (shape functions, gradient rules): one lookup per node
/// analysed or differentiated.
///
/// Two indexes: one by the 16 bytes of the `String` value itself, and a `NameTable` by the
/// name's UTF-8 bytes. Op names are mostly short, and a short string's value holds its
/// bytes inline, so equal short names have equal values: the first index answers with a
/// multiply and a comparison of two words, where hashing the name's bytes cost about three
/// hundred instructions. Any name it misses (a long name, or a representation it does not
/// recognise) goes to the second, and a hit is confirmed with `==`, so the answer never
/// depends on how strings are represented — only the speed does.
public struct OpTable<Value> {
    private var index: NameTable
    private var values: [Value] = []
    /// Open addressing over string values; `value` -1 marks an empty slot.
    private var byRepresentation: [(key: String, bits: Representation, value: Int)]

    private typealias Representation = (UInt64, UInt64)
    private static var slotCount: Int { 1024 }

    /// Entries list the ops sharing a value; a later entry for an op replaces an earlier one.
    public init(_ entries: [([String], Value)]) {
        // Sized once: tables are built at first use in every process, and growing rehashes.
        index = NameTable(capacity: entries.reduce(0) { $0 + $1.0.count })
        values.reserveCapacity(entries.count)
        byRepresentation = Array(repeating: ("", (0, 0), -1), count: Self.slotCount)
        for (ops, value) in entries {
            for op in ops {
                index.set(op, values.count)
                guard Self.representable, op.utf8.count <= 15 else { continue }
                // Equal short names have equal representations: a repeated op finds its slot.
                let bits = Self.representation(op)
                var slot = Self.slot(bits)
                while byRepresentation[slot].value >= 0 && byRepresentation[slot].bits != bits { slot = (slot + 1) & (Self.slotCount - 1) }
                byRepresentation[slot] = (op, bits, values.count)
            }
            values.append(value)
        }
    }

    public subscript(op: String) -> Value? {
        guard Self.representable else { return index[op].map { values[$0] } }
        let bits = Self.representation(op)
        var slot = Self.slot(bits)
        while byRepresentation[slot].value >= 0 {
            let entry = byRepresentation[slot]
            if entry.bits == bits && entry.key == op { return values[entry.value] }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        return index[op].map { values[$0] }
    }

    /// The number of ops with a value.
    public var count: Int { index.count }

    /// Whether a `String` value is the 16 bytes the first index reads (64-bit platforms).
    private static var representable: Bool { MemoryLayout<String>.size == MemoryLayout<Representation>.size }

    private static func representation(_ op: String) -> Representation {
        unsafeBitCast(op, to: Representation.self)
    }

    private static func slot(_ bits: Representation) -> Int {
        let h = (bits.0 ^ (bits.1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: h >> 54) & (slotCount - 1)
    }
}

extension OpTable: Sendable where Value: Sendable {}
