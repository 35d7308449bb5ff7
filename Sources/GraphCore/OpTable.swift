/// Values looked up by op type name (shape functions, gradient rules), through a
/// `NameTable`: one lookup per node analysed or differentiated, without hashing a `String`.
public struct OpTable<Value> {
    private var index: NameTable
    private var values: [Value] = []

    /// Entries list the ops sharing a value; a later entry for an op replaces an earlier one.
    public init(_ entries: [([String], Value)]) {
        // Sized once: tables are built at first use in every process, and growing rehashes.
        index = NameTable(capacity: entries.reduce(0) { $0 + $1.0.count })
        values.reserveCapacity(entries.count)
        for (ops, value) in entries {
            for op in ops { index.set(op, values.count) }
            values.append(value)
        }
    }

    public subscript(op: String) -> Value? { index[op].map { values[$0] } }

    /// The number of ops with a value.
    public var count: Int { index.count }
}

extension OpTable: Sendable where Value: Sendable {}
