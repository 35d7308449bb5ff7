/// Word-at-a-time hashing and comparison of UTF-8 bytes, optionally with ASCII letters
/// folded to lower case (bytes ≥ 0x80 are never changed, so folding is a no-op on text
/// that is already lowercased).
enum NameBytes {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    static func isASCII(_ bytes: Bytes) -> Bool {
        var high: UInt64 = 0
        forEachWord(bytes) { high |= $0 }
        return high & 0x8080_8080_8080_8080 == 0
    }

    static func hash(_ bytes: Bytes, folding: Bool) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(truncatingIfNeeded: bytes.count) &* k
        forEachWord(bytes) { word in
            h = (h ^ (folding ? lowered(word) : word)) &* k
            h ^= h >> 29
        }
        return h
    }

    static func equal(_ x: Bytes, _ y: Bytes, folding: Bool) -> Bool {
        guard x.count == y.count else { return false }
        guard let p = UnsafeRawPointer(x.baseAddress), let q = UnsafeRawPointer(y.baseAddress), p != q else { return true }
        var i = 0
        while i + 8 <= x.count {
            let a = p.loadUnaligned(fromByteOffset: i, as: UInt64.self), b = q.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if a != b && (!folding || lowered(a) != lowered(b)) { return false }
            i += 8
        }
        while i < x.count {
            if x[i] != y[i] && (!folding || lowered(UInt64(x[i])) != lowered(UInt64(y[i]))) { return false }
            i += 1
        }
        return true
    }

    /// Calls `body` with each 8-byte little-endian word; the last partial word is
    /// zero-padded (its length is hashed separately, so padding cannot collide).
    @inline(__always)
    private static func forEachWord(_ bytes: Bytes, _ body: (UInt64) -> Void) {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return }
        let count = bytes.count
        var i = 0
        while i + 8 <= count {
            body(base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        let rest = count - i
        guard rest > 0 else { return }
        if count >= 8 {
            // The last 8 bytes, shifted to drop the ones already hashed.
            body(base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> UInt64(8 * (8 - rest)))
        } else {
            var tail: UInt64 = 0
            for j in 0..<rest { tail |= UInt64(bytes[i + j]) << UInt64(8 * j) }
            body(tail)
        }
    }

    /// ASCII `A`–`Z` in each byte of `word` set to lower case; other bytes unchanged.
    @inline(__always)
    static func lowered(_ word: UInt64) -> UInt64 {
        let low7 = word & 0x7F7F_7F7F_7F7F_7F7F
        let aboveZ = low7 &+ 0x2525_2525_2525_2525  // high bit set where byte > 'Z'
        let atLeastA = low7 &+ 0x3F3F_3F3F_3F3F_3F3F  // high bit set where byte >= 'A'
        let upper = (atLeastA ^ aboveZ) & ~word & 0x8080_8080_8080_8080
        return word | (upper >> 2)
    }
}
