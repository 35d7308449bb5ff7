import CProtobufC
import GraphModel

/// Owns the C memory of one message tree being built for packing; everything is
/// released together when the arena goes away.
final class CArena {
    private let storage = DecodeArena(capacity: 1 << 16)
    private var unpackedMessages: [UnsafeMutablePointer<ProtobufCMessage>] = []

    deinit { reset() }

    /// Releases everything built so far; the memory is reused for the next message.
    func reset() {
        for message in unpackedMessages { protobuf_c_message_free_unpacked(message, nil) }
        unpackedMessages.removeAll(keepingCapacity: true)
        storage.reset()
    }

    /// Zeroed storage for `count` values; callers initialise message structs with their `__init` functions.
    func allocate<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
        let bytes = max(count, 1) * MemoryLayout<T>.stride
        let raw = storage.allocate(bytes)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        return raw.bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// A copy of `values` (not zeroed first: it is overwritten entirely).
    func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        let pointer = storage.allocate(values.count * MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: values.count)
        values.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: values.count) }
        return pointer
    }

    func cString(_ string: String) throws(GraphIOError) -> UnsafeMutablePointer<CChar> {
        var utf8 = Array(string.utf8)
        // protobuf-c stores strings NUL-terminated, so an embedded NUL would be cut short.
        guard !utf8.contains(0) else { throw .unencodable(reason: "string contains a NUL character: \(string.debugDescription)") }
        utf8.append(0)
        let pointer = storage.allocate(utf8.count).bindMemory(to: CChar.self, capacity: utf8.count)
        utf8.withUnsafeBufferPointer { src in
            UnsafeMutableRawPointer(pointer).copyMemory(from: src.baseAddress!, byteCount: src.count)
        }
        return pointer
    }

    func cStrings(_ strings: [String]) throws(GraphIOError) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard !strings.isEmpty else { return nil }
        let array = allocate(UnsafeMutablePointer<CChar>?.self, count: strings.count)
        for (i, s) in strings.enumerated() { array[i] = try cString(s) }
        return array
    }

    func binary(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        ProtobufCBinaryData(len: bytes.count, data: copy(bytes))
    }

    /// Unpacks an opaque sub-message so it can be linked into a struct being packed.
    func unpack<M>(_ bytes: [UInt8], with unpack: (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>?) -> UnsafeMutablePointer<M>?) throws(GraphIOError) -> UnsafeMutablePointer<M> {
        let message = bytes.withUnsafeBufferPointer { unpack(nil, $0.count, $0.baseAddress) }
        guard let message else { throw .unencodable(reason: "an opaque sub-message no longer decodes") }
        unpackedMessages.append(UnsafeMutableRawPointer(message).assumingMemoryBound(to: ProtobufCMessage.self))
        return message
    }

    func setUnknownFields(_ fields: UnknownFields, on base: inout ProtobufCMessage) {
        guard !fields.isEmpty else { return }
        let array = allocate(ProtobufCMessageUnknownField.self, count: fields.count)
        for (i, field) in fields.enumerated() {
            array[i] = ProtobufCMessageUnknownField(
                tag: field.number, wire_type: ProtobufCWireType(rawValue: UInt32(field.wireType)),
                len: field.payload.count, data: copy(field.payload))
        }
        base.n_unknown_fields = UInt32(fields.count)
        base.unknown_fields = array
    }
}
