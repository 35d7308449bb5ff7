import Synchronization

/// Hands out the process-unique identities of decoded files (see `EncodedSource`).
enum EncodedSources {
    private static let counter = Atomic<UInt64>(0)

    static func next() -> UInt64 {
        counter.add(1, ordering: .relaxed).newValue
    }
}
