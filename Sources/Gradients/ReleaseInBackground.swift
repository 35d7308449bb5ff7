import Dispatch

/// Frees large, no longer needed state on another thread. Tearing down a pass's indexes
/// (a hash-table entry, parsed inputs and static facts per node) costs a sizeable share of
/// the pass itself; the caller need not wait for it.
enum ReleaseInBackground {
    private final class Box: @unchecked Sendable {
        // Only the background block touches the contents after hand-over.
        var contents: [Any]
        init(_ contents: [Any]) { self.contents = contents }
    }

    static func hand(over objects: Any...) {
        let box = Box(objects)
        DispatchQueue.global(qos: .utility).async { box.contents = [] }
    }
}
