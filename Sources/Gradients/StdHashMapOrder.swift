/// The order in which a libstdc++ `std::unordered_map<int64_t, …>` (the C++ standard library
/// TensorFlow's Linux wheels are built against) yields its keys after a run of insertions.
///
/// TensorFlow's gradient tape seeds its work list by iterating such a map, so the names of the
/// nodes it builds depend on this order. The model: keys hash to themselves; bucket `key % n`;
/// all nodes sit on one list with each bucket's nodes adjacent; a new key goes to the front of
/// its bucket, or to the front of the list when its bucket is empty; growing the table re-inserts
/// the list's nodes in order by the same rule (which reverses keys that land in empty buckets).
struct StdHashMapOrder {
    /// The bucket counts a default-constructed map passes through as it grows: it takes the first
    /// on the first insertion and the next whenever an insertion would exceed one key per bucket.
    /// Read off libstdc++ (`_Prime_rehash_policy`, load factor 1), whose prime table they come from.
    static let bucketCounts = [13, 29, 59, 127, 257, 541, 1109, 2357, 5087, 10273, 20753, 42043,
                               85229, 172933, 351061]

    private(set) var keys: [Int] = []
    private var growth = -1

    private var bucketCount: Int { growth < 0 ? 1 : Self.bucketCounts[growth] }

    /// Inserts `key` (one not in the map yet).
    mutating func insert(_ key: Int) {
        if growth < 0 || keys.count + 1 > bucketCount {
            precondition(growth + 1 < Self.bucketCounts.count, "hash map order modelled up to \(Self.bucketCounts.last!) keys")
            growth += 1
            let old = keys
            keys.removeAll(keepingCapacity: true)
            for k in old { place(k) }
        }
        place(key)
    }

    private mutating func place(_ key: Int) {
        let bucket = key % bucketCount
        let front = keys.firstIndex { $0 % bucketCount == bucket } ?? 0
        keys.insert(key, at: front)
    }
}
