/// Renders a difference as one JSON object for scripts and CI. The schema is stable: fields
/// may be added in later versions of `schema`, never renamed or removed.
///
/// ```
/// {
///   "schema": "graphgrad-diff/1",
///   "before": "forward.pb",            // the labels given to the renderer, or null
///   "after": "rewritten.pb",
///   "equal": false,                    // true exactly when the exit status is 0
///   "summary": {"added": 27, "removed": 0, "changed": 1},
///   "added": ["gradients/Shape", ...], // node names only in after, in after's file order
///   "removed": [...],                  // node names only in before, in before's file order
///   "changed": [                       // nodes in both that differ, in after's file order
///     {"name": "layer1/mm", "op": "MatMul", "changes": [
///       {"field": "op", "before": "MatMul", "after": "BatchMatMulV2"},
///       {"field": "input", "index": 1, "before": "W1/read", "after": null},
///       {"field": "control_inputs", "before": ["init"], "after": []},
///       {"field": "device", "before": "", "after": "/device:CPU:0"},
///       {"field": "attr", "name": "T", "before": "float32", "after": "float64"},
///       {"field": "experimental_debug_info"}
///     ]}
///   ],
///   "graph": [{"field": "versions", "before": "producer 1, min_consumer 0", "after": "..."}]
/// }
/// ```
/// `input` indexes data inputs from 0; a side where the slot or attribute does not exist is
/// null. Control input names carry no `^`. Attribute values use the text renderer's notation
/// (`float32`, `[2,3]`, `"SAME"`, tensors as `float32[2,3] {1, 2, …} #<hash>`). Opaque fields
/// (`experimental_debug_info`, `experimental_type`, `unknown_fields`) have no before/after.
/// See docs/diff-json.md.
public struct JSONDiffRenderer: Sendable {
    public static let schema = "graphgrad-diff/1"

    public var beforeLabel: String?
    public var afterLabel: String?

    public init(beforeLabel: String? = nil, afterLabel: String? = nil) {
        self.beforeLabel = beforeLabel
        self.afterLabel = afterLabel
    }

    public func render(_ d: GraphDifference) -> String {
        let document = JSONValue.object([
            ("schema", .string(Self.schema)),
            ("before", .optional(beforeLabel)),
            ("after", .optional(afterLabel)),
            ("equal", .bool(d.isEmpty)),
            ("summary", .object([("added", .int(d.added.count)), ("removed", .int(d.removed.count)),
                                 ("changed", .int(d.changed.count))])),
            ("added", .strings(d.added)),
            ("removed", .strings(d.removed)),
            ("changed", .array(d.changed.map(Self.node))),
            ("graph", .array(d.graphChanges.map {
                .object([("field", .string($0.field)), ("before", .string($0.before)), ("after", .string($0.after))])
            })),
        ])
        return document.rendered() + "\n"
    }

    private static func node(_ change: NodeChange) -> JSONValue {
        .object([("name", .string(change.name)), ("op", .string(change.op)), ("changes", .array(change.fields.map(field)))])
    }

    private static func field(_ change: FieldChange) -> JSONValue {
        var members: [(String, JSONValue)] = [("field", .string(change.field))]
        switch change {
        case .op(let a, let b), .device(let a, let b):
            members += [("before", .string(a)), ("after", .string(b))]
        case .dataInput(let i, let a, let b):
            members += [("index", .int(i)), ("before", .optional(a)), ("after", .optional(b))]
        case .controlInputs(let a, let b):
            members += [("before", .strings(a)), ("after", .strings(b))]
        case .attr(let name, let a, let b):
            var (x, y) = (a?.displayText(), b?.displayText())
            if x == y, let a, let b { (x, y) = (a.displayText(detailed: true), b.displayText(detailed: true)) }
            members += [("name", .string(name)), ("before", .optional(x)), ("after", .optional(y))]
        case .opaque:
            break
        }
        return .object(members)
    }
}
