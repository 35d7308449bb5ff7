import CHeap
import Dispatch
import Glibc

/// A first touch of a fresh page costs a kernel fault (2–3 µs on a VM), and a pass creating
/// tens of thousands of nodes touches tens of thousands of pages. The heap is grown up
/// front by about what reading and rewriting the input will allocate, and the kernel maps
/// those pages on another thread while the input is read — like a JVM's pre-touched heap.
enum HeapPrefault {
    /// Bytes of heap per byte of input file: the decoded graph and the pass's nodes,
    /// names and tables come to several times the file's size.
    static let bytesPerInputByte = 8
    static let floor = 4 << 20
    static let ceiling = 1 << 30

    static func start(forInput path: String) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else { return }
        let bytes = min(ceiling, floor + bytesPerInputByte * Int(info.st_size))
        var start: UnsafeMutableRawPointer?
        var length = 0
        graphgrad_heap_grow(bytes, &start, &length)
        guard let start, length > 0 else { return }
        // An address, not a pointer, crosses to the other thread: the range belongs to the
        // heap, and mapping its pages changes no byte of it.
        let address = UInt(bitPattern: start), bytesGrown = length
        DispatchQueue.global().async { _ = graphgrad_heap_populate(UnsafeMutableRawPointer(bitPattern: address), bytesGrown) }
    }
}
