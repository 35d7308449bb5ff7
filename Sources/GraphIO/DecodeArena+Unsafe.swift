import CProtobufC
import Foundation

/// A bump allocator handed to protobuf-c while unpacking one NodeDef at a time.
///
/// Every node's C tree is freed right after conversion, so the same memory is reused for
/// the next node: a 100 MB frozen graph then costs page faults for its largest node only,
/// instead of fresh malloc'ed memory for every weight.
final class DecodeArena {
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var offset = 0
    /// Allocations that did not fit; freed on reset, and the buffer grows to hold them next time.
    private var overflow: [UnsafeMutableRawPointer] = []
    private var overflowBytes = 0

    init(capacity: Int = 1 << 20) {
        self.capacity = capacity
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        reset()
        buffer.deallocate()
    }

    func allocate(_ size: Int) -> UnsafeMutableRawPointer {
        let aligned = (size + 15) & ~15
        if offset + aligned <= capacity {
            defer { offset += aligned }
            return buffer + offset
        }
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(aligned, 16), alignment: 16)
        overflow.append(pointer)
        overflowBytes += aligned
        return pointer
    }

    /// Forgets every allocation; grows the buffer when the last node needed more.
    func reset() {
        for pointer in overflow { pointer.deallocate() }
        overflow.removeAll(keepingCapacity: true)
        if overflowBytes > 0 {
            let needed = offset + overflowBytes
            buffer.deallocate()
            capacity = max(capacity * 2, needed + needed / 4)
            buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        offset = 0
        overflowBytes = 0
    }

    /// The protobuf-c view of this arena; valid while the arena lives.
    func withAllocator<T>(_ body: (UnsafeMutablePointer<ProtobufCAllocator>) throws -> T) rethrows -> T {
        var allocator = ProtobufCAllocator(
            alloc: { data, size in
                Unmanaged<DecodeArena>.fromOpaque(data!).takeUnretainedValue().allocate(size)
            },
            free: { _, _ in },  // memory is reclaimed by reset()
            allocator_data: Unmanaged.passUnretained(self).toOpaque())
        return try withUnsafeMutablePointer(to: &allocator) { try body($0) }
    }
}
