/// Splits wire bytes into fields and packed values with the shared `WireReader`, handing
/// back ranges into the caller's array so everything past this file stays pointer-free.
enum WireScan {
    /// The fields of the message stored at `range` of `bytes`, in wire order, with ranges
    /// (and error offsets) relative to the whole of `bytes`.
    static func fields(of bytes: [UInt8], in range: Range<Int>) throws(GraphIOError) -> [WireField] {
        let result: Result<[WireField], GraphIOError> = bytes.withUnsafeBytes { whole in
            var reader = WireReader(UnsafeRawBufferPointer(rebasing: whole[range]))
            var fields: [WireField] = []
            do throws(GraphIOError) {
                while !reader.isAtEnd {
                    var field = try reader.readField()
                    field.payload = field.payload.lowerBound + range.lowerBound..<field.payload.upperBound + range.lowerBound
                    field.rawValue = field.rawValue.lowerBound + range.lowerBound..<field.rawValue.upperBound + range.lowerBound
                    fields.append(field)
                }
                return .success(fields)
            } catch {
                return .failure(shifted(error, by: range.lowerBound))
            }
        }
        return try result.get()
    }

    /// The varints of a packed field's payload.
    static func packedVarints(of bytes: [UInt8], in range: Range<Int>) throws(GraphIOError) -> [UInt64] {
        let result: Result<[UInt64], GraphIOError> = bytes.withUnsafeBytes { whole in
            var reader = WireReader(UnsafeRawBufferPointer(rebasing: whole[range]))
            var values: [UInt64] = []
            do throws(GraphIOError) {
                while !reader.isAtEnd { values.append(try reader.readVarint()) }
                return .success(values)
            } catch {
                return .failure(shifted(error, by: range.lowerBound))
            }
        }
        return try result.get()
    }

    private static func shifted(_ error: GraphIOError, by base: Int) -> GraphIOError {
        guard case .malformed(let path, let offset, let reason) = error else { return error }
        return .malformed(path: path, offset: offset + base, reason: reason)
    }
}
