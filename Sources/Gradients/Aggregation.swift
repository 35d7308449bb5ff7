import GraphCore
import GraphModel

/// Summing the gradients that arrive at one tensor (spec §5).
enum Aggregation {
    static func sum(_ terms: [Gradient], of op: String, method: AggregationMethod, builder b: GraphBuilder) -> Gradient {
        let dense = terms.compactMap { if case .dense(let t) = $0 { return t } else { return nil } }
        if dense.count == terms.count {
            switch method {
            case .addN: return .dense(multiDeviceAddN(dense, builder: b))
            case .experimentalTree, .experimentalAccumulateN:
                return .dense(b.withScope(op + "_gradient_sum") {
                    var running = dense[0]
                    for t in dense.dropFirst() { running = b.addN([running, t]) }
                    return running
                })
            }
        }
        return sparseSum(terms, builder: b)
    }

    /// One `AddN` per device, each colocated with its first term, then a sum of those.
    private static func multiDeviceAddN(_ terms: [TensorRef], builder b: GraphBuilder) -> TensorRef {
        // Usually every term is on one device: one group, no table.
        let firstDevice = b.device(of: terms[0])
        if terms.dropFirst().allSatisfy({ b.device(of: $0) == firstDevice }) {
            return b.colocated(with: terms[0], ignoringExisting: true) { terms.count == 1 ? terms[0] : b.addN(terms) }
        }
        var byDevice: [String: [TensorRef]] = [:]
        for t in terms { byDevice[b.device(of: t), default: []].append(t) }
        var summands: [TensorRef] = []
        for (_, group) in byDevice.sorted(by: { $0.key < $1.key }) {
            summands.append(b.colocated(with: group[0], ignoringExisting: true) {
                group.count == 1 ? group[0] : b.addN(group)
            })
        }
        return summands.count == 1 ? summands[0] : b.addN(summands)
    }

    /// Mixed dense and sparse terms are densified into one `AddN`; all-sparse terms are concatenated.
    private static func sparseSum(_ terms: [Gradient], builder b: GraphBuilder) -> Gradient {
        let hasDense = terms.contains { if case .dense = $0 { return true } else { return false } }
        if hasDense {
            let scopeName = b.uniqueName("AddN")
            let inputs: [TensorRef] = b.withExactScope(scopeName) {
                terms.enumerated().map { i, term in
                    switch term {
                    case .dense(let t): return t
                    case .slices(let s): return b.densify(s, name: "inputs_\(i)")
                    }
                }
            }
            return .dense(b.add(name: scopeName, op: "AddN", inputs: inputs, attrs: ["N": .int(Int64(inputs.count)), "T": .type(b.dtype(inputs[0]))]))
        }
        var slices = terms.compactMap { if case .slices(let s) = $0 { return s } else { return nil } }
        let indexTypes = Set(slices.map { b.dtype($0.indices) })
        if indexTypes.count > 1 {
            for i in slices.indices where b.dtype(slices[i].indices) == .int32 {
                slices[i].indices = b.cast(slices[i].indices, to: .int64)
            }
        }
        let values = b.concat(slices.map { .tensor($0.values) }, axis: .int(0, arg: "axis"))
        let indices = b.concat(slices.map { .tensor($0.indices) }, axis: .int(0, arg: "axis"))
        return .slices(IndexedSlices(values: values, indices: indices, denseShape: slices[0].denseShape))
    }
}
