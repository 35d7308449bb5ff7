import GraphCore
import GraphModel

/// Compares graphs node by node, matching nodes by name.
public enum GraphDiff {
    /// The differences that turn `before` into `after`.
    ///
    /// Cost is one dictionary lookup per node plus an equality check on matched nodes; tensors
    /// are compared as stored bytes (`memcmp`), never decoded, so large frozen graphs compare
    /// at memory speed.
    public static func compare(_ before: Graph, _ after: Graph, options: DiffOptions = DiffOptions()) -> GraphDifference {
        let beforeIndex = GraphIndex(before)
        let afterIndex = GraphIndex(after)
        var added: [String] = []
        var changed: [NodeChange] = []
        for (position, node) in after.nodes.enumerated() {
            // Duplicate names are invalid in TensorFlow; only the first occurrence takes part.
            guard afterIndex.position(of: node.name) == position else { continue }
            guard let old = beforeIndex.node(named: node.name) else {
                added.append(node.name)
                continue
            }
            if old.isIdentical(to: node) { continue }
            let fields = fieldChanges(old, node, options: options)
            if !fields.isEmpty { changed.append(NodeChange(name: node.name, op: node.op, fields: fields)) }
        }
        let removed = before.nodes.lazy.map(\.name).filter { !afterIndex.contains($0) }
        return GraphDifference(
            before: before, after: after, added: added, removed: Array(removed), changed: changed,
            graphChanges: graphFieldChanges(before, after)
        )
    }

    /// Every difference between two nodes of the same name, in a fixed order: op, data inputs by
    /// slot, control inputs, device, attributes by name, then opaque fields.
    public static func fieldChanges(_ a: Node, _ b: Node, options: DiffOptions = DiffOptions()) -> [FieldChange] {
        var fields: [FieldChange] = []
        if a.op != b.op { fields.append(.op(before: a.op, after: b.op)) }

        let (dataA, controlA) = split(a.inputs)
        let (dataB, controlB) = split(b.inputs)
        for slot in 0..<max(dataA.count, dataB.count) {
            let x = slot < dataA.count ? dataA[slot] : nil
            let y = slot < dataB.count ? dataB[slot] : nil
            if x.map(canonical) != y.map(canonical) { fields.append(.dataInput(index: slot, before: x, after: y)) }
        }
        if controlA != controlB { fields.append(.controlInputs(before: controlA, after: controlB)) }

        if !options.ignoreDevice && a.device != b.device { fields.append(.device(before: a.device, after: b.device)) }

        for name in Set(a.attrs.keys).union(b.attrs.keys).sorted() where !options.ignoredAttrs.contains(name) {
            let x = a.attrs[name], y = b.attrs[name]
            let same = if let x, let y { x.isIdentical(to: y) } else { x == nil && y == nil }
            if !same { fields.append(.attr(name: name, before: x, after: y)) }
        }

        if a.debugInfo != b.debugInfo { fields.append(.opaque(field: "experimental_debug_info")) }
        if a.experimentalType != b.experimentalType { fields.append(.opaque(field: "experimental_type")) }
        if a.unknownFields != b.unknownFields { fields.append(.opaque(field: "unknown_fields")) }
        return fields
    }

    /// Data inputs and control-input names; a `^` input anywhere counts as control.
    static func split(_ inputs: [String]) -> (data: [String], control: [String]) {
        var data: [String] = [], control: [String] = []
        for input in inputs {
            if input.hasPrefix("^") { control.append(String(input.dropFirst())) } else { data.append(input) }
        }
        return (data, control)
    }

    /// `x:0` and `x` name the same tensor, so they are not a difference.
    private static func canonical(_ input: String) -> String {
        TensorRef(parsing: input)?.inputString ?? input
    }

    private static func graphFieldChanges(_ a: Graph, _ b: Graph) -> [GraphFieldChange] {
        var changes: [GraphFieldChange] = []
        func versions(_ v: Versions?) -> String {
            guard let v else { return "absent" }
            var text = "producer \(v.producer), min_consumer \(v.minConsumer)"
            if !v.badConsumers.isEmpty { text += ", bad_consumers \(v.badConsumers)" }
            return text
        }
        func message(_ m: EncodedMessage?) -> String {
            guard let m else { return "absent" }
            return "\(m.bytes.count) bytes, hash \(ContentHash.hex(of: m.bytes))"
        }
        if a.versions != b.versions {
            changes.append(GraphFieldChange(field: "versions", before: versions(a.versions), after: versions(b.versions)))
        }
        if a.legacyVersion != b.legacyVersion {
            changes.append(GraphFieldChange(field: "version", before: "\(a.legacyVersion)", after: "\(b.legacyVersion)"))
        }
        if a.library != b.library {
            changes.append(GraphFieldChange(field: "library", before: message(a.library), after: message(b.library)))
        }
        if a.debugInfo != b.debugInfo {
            changes.append(GraphFieldChange(field: "debug_info", before: message(a.debugInfo), after: message(b.debugInfo)))
        }
        if a.unknownFields != b.unknownFields {
            changes.append(GraphFieldChange(
                field: "unknown_fields", before: "\(a.unknownFields.count) fields", after: "\(b.unknownFields.count) fields"))
        }
        return changes
    }
}
