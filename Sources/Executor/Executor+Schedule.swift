import GraphModel

extension Executor {
    /// The positions of the nodes the fetches and targets need, producers first. Fed tensors
    /// cut their edge; a control edge from a node whose output 0 is fed is cut too (as in TF).
    func schedule(fetches: [TensorRef], targets: [String], feeds: [TensorRef: HostTensor]) throws(ExecutionError) -> [Int] {
        var state = [UInt8](repeating: 0, count: graph.nodes.count)  // 0 new, 1 on stack, 2 done
        var order: [Int] = []
        var stack: [(node: Int, next: Int)] = []

        func position(of name: String, consumer: String?) throws(ExecutionError) -> Int {
            guard let p = index.position(of: name) else {
                if let consumer {
                    let op = index.node(named: consumer)?.op ?? "?"
                    throw .kernelFailed(node: consumer, op: op, inputs: [], message: "input \(name) names no node in the graph")
                }
                throw .unknownTensor(name: name, suggestions: index.suggestions(for: name))
            }
            return p
        }

        var roots: [Int] = []
        for ref in fetches where feeds[ref] == nil { roots.append(try position(of: ref.node, consumer: nil)) }
        for name in targets { roots.append(try position(of: name, consumer: nil)) }

        for root in roots where state[root] == 0 {
            state[root] = 1
            stack.append((root, 0))
            while let (node, next) = stack.last {
                let edges = self.edges[node]
                let total = edges.data.count + edges.control.count
                if next == total {
                    stack.removeLast()
                    state[node] = 2
                    order.append(node)
                    continue
                }
                stack[stack.count - 1].next += 1
                let name = graph.nodes[node].name
                let producer: Int
                if next < edges.data.count {
                    let ref = edges.data[next]
                    if feeds[ref] != nil { continue }
                    producer = try position(of: ref.node, consumer: name)
                } else {
                    let control = edges.control[next - edges.data.count]
                    if feeds[TensorRef(node: control)] != nil { continue }
                    producer = try position(of: control, consumer: name)
                }
                switch state[producer] {
                case 0:
                    state[producer] = 1
                    stack.append((producer, 0))
                case 1:
                    throw .cycle(node: graph.nodes[producer].name)
                default:
                    break
                }
            }
        }
        return order
    }

    func execute(fetches: [TensorRef], targets: [String], feeds: [TensorRef: HostTensor], state: RunState) throws(ExecutionError) -> [HostTensor] {
        let order = try schedule(fetches: fetches, targets: targets, feeds: feeds)
        var kernels: [Kernel] = []
        kernels.reserveCapacity(order.count)
        for position in order {
            let node = graph.nodes[position]
            guard let kernel = KernelRegistry.kernels[node.op] else { throw .unsupportedOp(node: node.name, op: node.op) }
            kernels.append(kernel)
        }

        // Outputs are released once their last scheduled consumer has run.
        var remainingUses = [Int](repeating: 0, count: graph.nodes.count)
        for position in order {
            for ref in edges[position].data where feeds[ref] == nil {
                if let p = index.position(of: ref.node) { remainingUses[p] += 1 }
            }
        }
        for ref in fetches { if let p = index.position(of: ref.node) { remainingUses[p] += 1 } }

        var outputs = [[HostTensor]?](repeating: nil, count: graph.nodes.count)
        for (step, position) in order.enumerated() {
            let node = graph.nodes[position]
            var inputs: [HostTensor] = []
            inputs.reserveCapacity(edges[position].data.count)
            for ref in edges[position].data {
                if let fed = feeds[ref] {
                    inputs.append(fed)
                    continue
                }
                guard let p = index.position(of: ref.node), let produced = outputs[p] else {
                    throw .kernelFailed(node: node.name, op: node.op, inputs: [], message: "input \(ref) was not computed")
                }
                guard ref.output < produced.count else {
                    throw .noSuchOutput(tensor: ref.description, op: graph.nodes[p].op, outputs: produced.count)
                }
                inputs.append(produced[ref.output])
                remainingUses[p] -= 1
                if remainingUses[p] == 0 { outputs[p] = nil }
            }
            var context = KernelContext(node: node, inputs: inputs, state: state)
            do {
                outputs[position] = try kernels[step].compute(&context)
            } catch let error as ExecutionError {
                throw error
            } catch let error as KernelError {
                throw .kernelFailed(node: node.name, op: node.op, inputs: inputs.map(\.signature), message: error.message)
            } catch {
                throw .kernelFailed(node: node.name, op: node.op, inputs: inputs.map(\.signature), message: "\(error)")
            }
        }

        var results: [HostTensor] = []
        for ref in fetches {
            if let fed = feeds[ref] {
                results.append(fed)
                continue
            }
            guard let p = index.position(of: ref.node), let produced = outputs[p] else {
                throw .unknownTensor(name: ref.description, suggestions: [])
            }
            guard ref.output < produced.count else {
                throw .noSuchOutput(tensor: ref.description, op: graph.nodes[p].op, outputs: produced.count)
            }
            results.append(produced[ref.output])
        }
        return results
    }
}
