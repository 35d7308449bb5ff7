extension String {
    /// Calls `body` with the string's UTF-8 bytes: native strings lend their storage, others
    /// (bridged, or small strings where the standard library will not lend) are copied once.
    /// For the hot paths that read names as bytes (hashing, comparing, parsing, joining);
    /// inlinable, so callers in other modules get it specialized rather than as a generic
    /// call per name.
    @inlinable package func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let r = try utf8.withContiguousStorageIfAvailable(body) { return r }
        var copy = self
        return try copy.withUTF8(body)
    }
}
