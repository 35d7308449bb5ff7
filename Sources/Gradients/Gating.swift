import GraphCore
import GraphModel

/// `gate_gradients`: TF's `control_flow_ops.tuple` over an op's input gradients (spec §6).
enum Gating {
    static func tuple(_ gradients: [Gradient?], builder b: GraphBuilder) -> [Gradient?] {
        b.withoutColocation {
            b.withScope("tuple") {
                let producers = uniqued(gradients.compactMap { $0?.primary.node })
                    .sorted { (b.position(of: $0) ?? 0) < (b.position(of: $1) ?? 0) }
                for p in producers { b.markManualControlDependency(p) }
                let gate = groupDeps(producers, builder: b)
                b.markManualControlDependency(gate)
                return gradients.map { gradient -> Gradient? in
                    guard let gradient else { return nil }
                    let wrapped = withDependency(gradient.primary, on: gate, builder: b)
                    switch gradient {
                    case .dense: return .dense(wrapped)
                    case .slices(var s):
                        s.values = wrapped
                        return .slices(s)
                    }
                }
            }
        }
    }

    /// `group_deps`: a `NoOp` depending on every producer (one per device first if they differ).
    private static func groupDeps(_ producers: [String], builder b: GraphBuilder) -> String {
        var byDevice: [String: [String]] = [:]
        for p in producers { byDevice[b.device(of: p), default: []].append(p) }
        let name = b.uniqueName("group_deps")
        if byDevice.count <= 1 {
            b.add(name: name, op: "NoOp", inputs: [], controlInputs: producers, attrs: [:])
            if let device = byDevice.keys.first, !device.isEmpty, let i = b.position(of: name) { b.setDevice(device, at: i) }
            return name
        }
        var perDevice: [String] = []
        b.withExactScope(name) {
            for (device, group) in byDevice.sorted(by: { $0.key < $1.key }) {
                let noOp = b.uniqueName("NoOp")
                b.add(name: noOp, op: "NoOp", inputs: [], controlInputs: group, attrs: [:])
                if let i = b.position(of: noOp) { b.setDevice(device, at: i) }
                perDevice.append(noOp)
            }
        }
        b.add(name: name, op: "NoOp", inputs: [], controlInputs: perDevice, attrs: [:])
        return name
    }

    /// `with_dependencies([gate], t)`: an `Identity` named `control_dependency`, colocated with t.
    private static func withDependency(_ t: TensorRef, on gate: String, builder b: GraphBuilder) -> TensorRef {
        let name = b.uniqueName("control_dependency")
        return b.colocated(with: t) {
            return b.add(name: name, op: "Identity", inputs: [t], controlInputs: [gate], attrs: ["T": .type(b.dtype(t))])
        }
    }
}
