/// One slot per parallel worker, each written by exactly one worker and read after all
/// have finished (DispatchQueue.concurrentPerform's completion orders the accesses).
/// Shared by the parallel decoder, encoder and input index.
/// Backed by raw storage so concurrent writes to different slots do not race on an
/// Array's copy-on-write bookkeeping.
package final class UnsafeResults<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    package init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    package subscript(index: Int) -> T? {
        get { slots[index] }
        set { slots[index] = newValue }
    }
}
