import GraphCore

/// The gradients that reached each forward node, per output, in arrival order (which fixes
/// the order of an aggregation's inputs). One flat list of entries, linked per node, instead
/// of an array of arrays per node: most nodes receive a single gradient, and building two
/// arrays to hold it cost more than most rules.
struct ArrivedGradients {
    private struct Entry {
        var gradient: Gradient
        var output: Int32
        var next: Int32
    }

    private var entries: [Entry] = []
    private var first: [Int32]
    private var last: [Int32]

    init(nodeCount: Int) {
        first = Array(repeating: -1, count: nodeCount)
        last = Array(repeating: -1, count: nodeCount)
        // About one gradient arrives per forward node on the path.
        entries.reserveCapacity(nodeCount)
    }

    mutating func append(_ gradient: Gradient, to t: NodeOutput) {
        let index = Int32(entries.count)
        entries.append(Entry(gradient: gradient, output: Int32(t.output), next: -1))
        if last[t.node] >= 0 { entries[Int(last[t.node])].next = index } else { first[t.node] = index }
        last[t.node] = index
    }

    /// The highest output a gradient reached, or -1.
    func highestOutput(at node: Int) -> Int {
        var highest: Int32 = -1
        var i = first[node]
        while i >= 0 {
            highest = max(highest, entries[Int(i)].output)
            i = entries[Int(i)].next
        }
        return Int(highest)
    }

    /// The lone gradient that reached `node`, when exactly one did.
    func only(at node: Int) -> (output: Int, gradient: Gradient)? {
        let i = first[node]
        guard i >= 0, entries[Int(i)].next < 0 else { return nil }
        return (Int(entries[Int(i)].output), entries[Int(i)].gradient)
    }

    /// One list per output, `width` of them at least, each in arrival order.
    func lists(at node: Int, width: Int) -> [[Gradient]] {
        var lists: [[Gradient]] = []
        lists.reserveCapacity(width)
        while lists.count < width { lists.append([]) }
        var i = first[node]
        while i >= 0 {
            // Fields read in place: binding the entry would copy (and retain) its gradient.
            let output = Int(entries[Int(i)].output)
            while lists.count <= output { lists.append([]) }
            lists[output].append(entries[Int(i)].gradient)
            i = entries[Int(i)].next
        }
        return lists
    }
}
