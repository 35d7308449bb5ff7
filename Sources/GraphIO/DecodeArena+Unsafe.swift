import CProtobufC

/// A bump allocator handed to protobuf-c while unpacking one NodeDef at a time.
///
/// Every node's C tree is freed right after conversion, so the same memory is reused for
/// the next node: a 100 MB frozen graph then costs page faults for its largest node only,
/// instead of fresh malloc'ed memory for every weight.
final class DecodeArena {
    /// What protobuf-c's callback touches: a plain block, so an allocation (a dozen per
    /// node) costs a few instructions rather than a retain and release of the arena.
    private struct State {
        var buffer: UnsafeMutableRawPointer
        var capacity: Int
        var offset = 0
        /// Allocations that did not fit, chained through their first word; freed on reset,
        /// and the buffer grows to hold them next time.
        var overflow: UnsafeMutableRawPointer?
        var overflowBytes = 0

        mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer {
            let aligned = (size + 15) & ~15
            if offset + aligned <= capacity {
                defer { offset += aligned }
                return buffer + offset
            }
            let block = UnsafeMutableRawPointer.allocate(byteCount: 16 + max(aligned, 16), alignment: 16)
            block.storeBytes(of: overflow, as: UnsafeMutableRawPointer?.self)
            overflow = block
            overflowBytes += aligned
            return block + 16
        }
    }

    private let state: UnsafeMutablePointer<State>

    init(capacity: Int = 1 << 20) {
        state = .allocate(capacity: 1)
        state.initialize(to: State(buffer: .allocate(byteCount: capacity, alignment: 16), capacity: capacity))
    }

    deinit {
        reset()
        state.pointee.buffer.deallocate()
        state.deallocate()
    }

    func allocate(_ size: Int) -> UnsafeMutableRawPointer { state.pointee.allocate(size) }

    /// Forgets every allocation; grows the buffer when the last node needed more.
    func reset() {
        var next = state.pointee.overflow
        while let block = next {
            next = block.load(as: UnsafeMutableRawPointer?.self)
            block.deallocate()
        }
        state.pointee.overflow = nil
        let overflowBytes = state.pointee.overflowBytes
        if overflowBytes > 0 {
            let needed = state.pointee.offset + overflowBytes
            state.pointee.buffer.deallocate()
            state.pointee.capacity = max(state.pointee.capacity * 2, needed + needed / 4)
            state.pointee.buffer = .allocate(byteCount: state.pointee.capacity, alignment: 16)
        }
        state.pointee.offset = 0
        state.pointee.overflowBytes = 0
    }

    /// protobuf-c's allocator interface over this arena, valid for the duration of `body`.
    func withAllocator<T>(_ body: (UnsafeMutablePointer<ProtobufCAllocator>) throws -> T) rethrows -> T {
        var allocator = ProtobufCAllocator(
            alloc: { data, size in data!.assumingMemoryBound(to: State.self).pointee.allocate(size) },
            free: { _, _ in },  // memory is reclaimed by reset()
            allocator_data: UnsafeMutableRawPointer(state))
        return try withExtendedLifetime(self) { try withUnsafeMutablePointer(to: &allocator) { try body($0) } }
    }
}
