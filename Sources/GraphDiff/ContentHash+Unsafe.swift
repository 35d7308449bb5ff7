/// A stable 64-bit hash of bytes, printed in diffs and JSON to tell large tensors apart.
///
/// Swift's `Hasher` is seeded per process, so its values cannot appear in output that scripts
/// compare across runs. This is FNV-1a over 8-byte words (then the tail bytes): not
/// cryptographic, but stable everywhere and fast enough to hash ~100 MB of weights in well
/// under a second.
public enum ContentHash {
    public static func hash(_ bytes: [UInt8]) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for i in 0..<words {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                h = (h ^ word) &* prime
                h ^= h >> 29
            }
            for i in (words * 8)..<raw.count { h = (h ^ UInt64(raw[i])) &* prime }
        }
        return h ^ UInt64(bytes.count)
    }

    /// The hash as 16 lowercase hex digits.
    public static func hex(of bytes: [UInt8]) -> String {
        let digits = String(hash(bytes), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
