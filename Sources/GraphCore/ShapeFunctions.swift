import GraphModel

public typealias ShapeFunction = @Sendable (ShapeContext) -> OutputInfos

/// Per-op static dtype and shape rules, one table built from the op-family files.
public enum ShapeFunctions {
    /// Every family's table; an op listed twice would be answered by its later entry.
    static let entries = mathShapes + arrayShapes + nnShapes + convShapes + stateShapes + controlFlowShapes
    public static let table = OpTable<ShapeFunction>(entries)

    /// Ops we have no rule for: one output typed by a `T`/`dtype` attribute (or as many
    /// as `_output_shapes` lists), shapes unknown.
    static func fallback(_ c: ShapeContext) -> OutputInfos {
        // Function calls (PartitionedCall, ...) list their output types.
        if let types = c.attrs["Tout"]?.listValue?.types, !types.isEmpty {
            return OutputInfos(types.map { TensorInfo(dtype: $0, shape: .unknown) })
        }
        let dtype = c.type("T") ?? c.type("dtype") ?? c.type("out_type") ?? c.type("DstT") ?? .invalid
        let recorded = c.attrs["_output_shapes"]?.listValue?.shapes ?? []
        let count = max(recorded.count, 1)
        return OutputInfos((0..<count).map { i in TensorInfo(dtype: dtype, shape: i < recorded.count ? StaticShape(recorded[i]) : .unknown) })
    }

    // MARK: Shared rules

    static func sameAsInput(_ c: ShapeContext) -> OutputInfos {
        c.one(c.type("T") ?? c.dtype(0).base, c.shape(0))
    }

    /// NumPy-style broadcasting of static shapes; unknown where it cannot be decided.
    public static func broadcast(_ a: StaticShape, _ b: StaticShape) -> StaticShape {
        guard let x = a.dims, let y = b.dims else { return .unknown }
        // Most element-wise ops a pass meets (and creates) have operands of one shape, which
        // broadcasting leaves as it is (unknown dimensions included).
        if x == y { return a }
        let rank = max(x.count, y.count)
        // Appended: `Array(repeating:count:)` takes the standard library's generic allocation
        // path (a metadata lookup), several times the cost of this loop.
        var out: [Int] = []
        out.reserveCapacity(rank)
        for i in 0..<rank {
            let dx = i < rank - x.count ? 1 : x[i - (rank - x.count)]
            let dy = i < rank - y.count ? 1 : y[i - (rank - y.count)]
            if dx == 1 { out.append(dy) } else if dy == 1 { out.append(dx) } else if dx == dy { out.append(dx) } else if dx < 0 { out.append(dy > 1 ? dy : -1) } else if dy < 0 { out.append(dx > 1 ? dx : -1) } else { out.append(-1) }
        }
        return StaticShape(out)
    }

    static func binaryBroadcast(_ c: ShapeContext) -> OutputInfos {
        c.one(c.type("T") ?? c.dtype(0).base, broadcast(c.shape(0), c.shape(1)))
    }

    static func comparison(_ c: ShapeContext) -> OutputInfos {
        c.one(.bool, broadcast(c.shape(0), c.shape(1)))
    }

    /// Reduction over the axes in input 1 (Sum, Mean, Max, Min, Prod, ...).
    static func reduction(_ c: ShapeContext) -> OutputInfos {
        let dtype = c.type("T") ?? c.dtype(0).base
        let keepDims = c.bool("keep_dims")
        guard let dims = c.shape(0).dims else { return c.one(dtype, .unknown) }
        guard let axes = c.value(1) else {
            if keepDims { return c.one(dtype, .rank(dims.count)) }
            return c.one(dtype, .unknown)
        }
        let rank = dims.count
        // A list, not a `Set`: a reduction has a few axes.
        let reduced = axes.ints.map { $0 < 0 ? $0 + rank : $0 }
        var out: [Int] = []
        for (i, d) in dims.enumerated() {
            if reduced.contains(i) { if keepDims { out.append(1) } } else { out.append(d) }
        }
        return c.one(dtype, StaticShape(out))
    }
}
