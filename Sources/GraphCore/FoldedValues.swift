/// Memoized constant-folding results by fact slot (see `StaticAnalysis`): a flat index
/// instead of a dictionary keyed by `NodeOutput`, so a lookup hashes nothing, and a pass
/// pays no runtime set-up for a dictionary of that key type.
struct FoldedValues {
    /// Per fact slot: 0 not folded yet, -1 folded to nothing, k > 0 `values[k - 1]`.
    private var index: [Int32] = []
    private var values: [ConstantValue] = []

    /// `nil` when the slot was not folded yet, `.some(nil)` when it folded to nothing.
    subscript(slot: Int) -> ConstantValue?? {
        get {
            guard slot < index.count else { return nil }
            let k = index[slot]
            return k == 0 ? nil : k < 0 ? .some(nil) : .some(values[Int(k) - 1])
        }
        set {
            guard let result = newValue else { return }
            if slot >= index.count { index.append(contentsOf: repeatElement(0, count: slot + 1 - index.count)) }
            if let value = result {
                values.append(value)
                index[slot] = Int32(values.count)
            } else {
                index[slot] = -1
            }
        }
    }
}
