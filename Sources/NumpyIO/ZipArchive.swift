/// Just enough of the ZIP format for `.npz`: reading stored and deflated members (with
/// ZIP64 sizes, as numpy writes them) and writing stored members, as `numpy.savez` does.
enum ZipArchive {
    struct Member {
        var name: String
        var data: [UInt8]
    }

    static func read(_ bytes: [UInt8], source: String) throws(NumpyError) -> [Member] {
        let reader = ByteReader(bytes: bytes)
        guard bytes.count >= 22, let eocd = findEndOfCentralDirectory(bytes) else {
            throw .notZip(source: source, reason: "no end-of-central-directory record")
        }
        var entryCount = Int(reader.u16(at: eocd + 10) ?? 0)
        var directoryOffset = Int(reader.u32(at: eocd + 16) ?? 0)
        // ZIP64: the locator sits just before the classic record.
        if eocd >= 20, reader.u32(at: eocd - 20) == 0x0706_4B50, let recordOffset = reader.u64(at: eocd - 12),
           let record = Int(exactly: recordOffset), reader.u32(at: record) == 0x0606_4B50,
           let count = reader.u64(at: record + 32), let offset = reader.u64(at: record + 48) {
            entryCount = Int(clamping: count)
            directoryOffset = Int(clamping: offset)
        }
        var members: [Member] = []
        var position = directoryOffset
        for _ in 0..<entryCount {
            guard reader.u32(at: position) == 0x0201_4B50,
                  let method = reader.u16(at: position + 10),
                  var compressedSize = reader.u32(at: position + 20).map(UInt64.init),
                  var size = reader.u32(at: position + 24).map(UInt64.init),
                  let nameLength = reader.u16(at: position + 28),
                  let extraLength = reader.u16(at: position + 30),
                  let commentLength = reader.u16(at: position + 32),
                  var localOffset = reader.u32(at: position + 42).map(UInt64.init),
                  let nameBytes = reader.slice(at: position + 46, count: Int(nameLength))
            else { throw .notZip(source: source, reason: "bad central directory entry at offset \(position)") }
            let name = String(decoding: nameBytes, as: UTF8.self)
            // ZIP64 extra field: the 0xFFFFFFFF fields, in order, as 8-byte values.
            var extra = position + 46 + Int(nameLength)
            let extraEnd = extra + Int(extraLength)
            while extra + 4 <= extraEnd, let tag = reader.u16(at: extra), let length = reader.u16(at: extra + 2) {
                if tag == 0x0001 {
                    var field = extra + 4
                    if size == 0xFFFF_FFFF, let wide = reader.u64(at: field) { size = wide; field += 8 }
                    if compressedSize == 0xFFFF_FFFF, let wide = reader.u64(at: field) { compressedSize = wide; field += 8 }
                    if localOffset == 0xFFFF_FFFF, let wide = reader.u64(at: field) { localOffset = wide }
                }
                extra += 4 + Int(length)
            }
            position = extraEnd + Int(commentLength)
            guard let local = Int(exactly: localOffset), reader.u32(at: local) == 0x0403_4B50,
                  let localName = reader.u16(at: local + 26), let localExtra = reader.u16(at: local + 28),
                  let stored = Int(exactly: compressedSize), let expanded = Int(exactly: size),
                  let payload = reader.slice(at: local + 30 + Int(localName) + Int(localExtra), count: stored)
            else { throw .corruptMember(source: source, member: name, reason: "local header or data out of bounds") }
            switch method {
            case 0:
                members.append(Member(name: name, data: Array(payload)))
            case 8:
                guard let data = Zlib.inflateRaw(payload, expectedSize: expanded) else {
                    throw .corruptMember(source: source, member: name, reason: "deflate stream does not decompress to \(expanded) bytes")
                }
                members.append(Member(name: name, data: data))
            default:
                throw .unsupportedCompression(source: source, member: name, method: Int(method))
            }
        }
        return members
    }

    /// Writes stored (uncompressed) members, switching to ZIP64 records only when needed.
    static func write(_ members: [Member]) -> [UInt8] {
        var out = ByteWriter()
        var central = ByteWriter()
        for member in members {
            let name = Array(member.name.utf8)
            let crc = Zlib.crc32(member.data)
            let offset = out.bytes.count
            let needs64 = member.data.count >= 0xFFFF_FFFF || offset >= 0xFFFF_FFFF
            let size32 = needs64 ? 0xFFFF_FFFF : UInt32(member.data.count)
            out.u32(0x0403_4B50); out.u16(needs64 ? 45 : 20); out.u16(0); out.u16(0)
            out.u16(0); out.u16(0x21)  // time 00:00:00, date 1980-01-01 (fixed: reproducible files)
            out.u32(crc); out.u32(size32); out.u32(size32)
            out.u16(UInt16(name.count)); out.u16(needs64 ? 20 : 0)
            out.bytes += name
            if needs64 { out.u16(1); out.u16(16); out.u64(UInt64(member.data.count)); out.u64(UInt64(member.data.count)) }
            out.bytes += member.data

            central.u32(0x0201_4B50); central.u16(needs64 ? 45 : 20); central.u16(needs64 ? 45 : 20)
            central.u16(0); central.u16(0); central.u16(0); central.u16(0x21)
            central.u32(crc); central.u32(size32); central.u32(size32)
            central.u16(UInt16(name.count)); central.u16(needs64 ? 28 : 0); central.u16(0)
            central.u16(0); central.u16(0); central.u32(0o644 << 16)
            central.u32(needs64 ? 0xFFFF_FFFF : UInt32(offset))
            central.bytes += name
            if needs64 {
                central.u16(1); central.u16(24)
                central.u64(UInt64(member.data.count)); central.u64(UInt64(member.data.count)); central.u64(UInt64(offset))
            }
        }
        let directoryOffset = out.bytes.count
        out.bytes += central.bytes
        let count = members.count
        if directoryOffset >= 0xFFFF_FFFF || count >= 0xFFFF {
            let record = out.bytes.count
            out.u32(0x0606_4B50); out.u64(44); out.u16(45); out.u16(45); out.u32(0); out.u32(0)
            out.u64(UInt64(count)); out.u64(UInt64(count)); out.u64(UInt64(central.bytes.count)); out.u64(UInt64(directoryOffset))
            out.u32(0x0706_4B50); out.u32(0); out.u64(UInt64(record)); out.u32(1)
        }
        out.u32(0x0605_4B50); out.u16(0); out.u16(0)
        out.u16(UInt16(min(count, 0xFFFF))); out.u16(UInt16(min(count, 0xFFFF)))
        out.u32(UInt32(central.bytes.count)); out.u32(UInt32(min(directoryOffset, 0xFFFF_FFFF))); out.u16(0)
        return out.bytes
    }

    private static func findEndOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
        let lowest = max(0, bytes.count - 22 - 65535)
        var i = bytes.count - 22
        while i >= lowest {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { return i }
            i -= 1
        }
        return nil
    }
}

/// Bounds-checked little-endian reads: nil instead of a trap on truncated input.
struct ByteReader {
    var bytes: [UInt8]

    func slice(at offset: Int, count: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, count >= 0, offset <= bytes.count - count else { return nil }
        return bytes[offset..<(offset + count)]
    }

    private func value(at offset: Int, width: Int) -> UInt64? {
        guard let s = slice(at: offset, count: width) else { return nil }
        var v: UInt64 = 0
        for (k, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
        return v
    }

    func u16(at offset: Int) -> UInt16? { value(at: offset, width: 2).map { UInt16($0) } }
    func u32(at offset: Int) -> UInt32? { value(at: offset, width: 4).map { UInt32($0) } }
    func u64(at offset: Int) -> UInt64? { value(at: offset, width: 8) }
}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { for k in 0..<4 { bytes.append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
    mutating func u64(_ v: UInt64) { for k in 0..<8 { bytes.append(UInt8((v >> (8 * UInt64(k))) & 0xFF)) } }
}
