import Dispatch

/// What a rewrite does with its working state (name tables, parsed inputs, static facts:
/// several times the size of the created nodes) once the result is built.
public enum PassTeardown: Sendable {
    /// Freed on another thread: tearing down the indexes costs a sizeable share of the pass
    /// itself, and the caller need not wait for it.
    case background
    /// Never freed: for a process that exits right after (the CLI), where freeing is work
    /// nobody waits for that would compete with writing the result for the second core.
    case none

    func dispose(of objects: Any...) {
        let box = Box(objects)
        switch self {
        case .background: DispatchQueue.global(qos: .utility).async { box.contents = [] }
        case .none: _ = Unmanaged.passRetained(box)
        }
    }

    private final class Box: @unchecked Sendable {
        // Only the background block touches the contents after hand-over.
        var contents: [Any]
        init(_ contents: [Any]) { self.contents = contents }
    }
}
