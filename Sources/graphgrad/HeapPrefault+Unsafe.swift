import CHeap
import Dispatch
import Glibc

/// A first touch of a fresh page costs a kernel fault (2–3 µs on a VM), and a pass creating
/// tens of thousands of nodes touches tens of thousands of pages. The heap is grown up
/// front by about what reading and rewriting the input will allocate, and the kernel maps
/// those pages on another thread — like a JVM's pre-touched heap. In two rounds: a small
/// one while the input is read (the decoder wants both cores for large files, and mapping
/// pages then slowed it), the rest once the graph is imported, while the single-threaded
/// rewrite leaves the second core idle.
enum HeapPrefault {
    /// Bytes of heap per byte of input file, mapped while the input is read and after import:
    /// the decoded graph and the pass's nodes, names and tables come to several times the
    /// file's size.
    static let bytesPerInputByteWhileReading = 2
    static let bytesPerInputByteAfterImport = 6
    static let floor = 4 << 20
    static let ceiling = 1 << 30

    /// The first round; returns the input's size for `continueAfterImport`.
    static func start(forInput path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else { return 0 }
        let inputBytes = Int(info.st_size)
        growAndMap(min(ceiling, floor + bytesPerInputByteWhileReading * inputBytes))
        return inputBytes
    }

    static func continueAfterImport(inputBytes: Int) {
        guard inputBytes > 0 else { return }
        growAndMap(min(ceiling, bytesPerInputByteAfterImport * inputBytes))
    }

    private static func growAndMap(_ bytes: Int) {
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
