import GraphModel

extension ShapeFunctions {
    static let stateShapes: [([String], ShapeFunction)] = [
        (["VariableV2", "Variable", "TemporaryVariable"], { c in
            c.one((c.type("dtype") ?? .invalid).asRef, c.attrs["shape"]?.shapeValue.map(StaticShape.init) ?? .unknown)
        }),
        (["VarHandleOp"], { c in c.one(.resource, .scalar) }),
        (["ReadVariableOp"], { c in c.one(c.type("dtype") ?? .invalid, resourceShape(c, 0)) }),
        (["Assign", "AssignAdd", "AssignSub"], { c in c.one(c.dtype(attr: "T").asRef, c.shape(0)) }),
        (["VarIsInitializedOp", "IsVariableInitialized"], { c in c.one(.bool, .scalar) }),
        (["AssignVariableOp", "NoOp", "AssignAddVariableOp", "AssignSubVariableOp"], { _ in [] }),
        (["RandomUniform", "RandomStandardNormal", "TruncatedNormal"], { c in c.one(c.type("dtype") ?? .float32, c.shapeFromTensor(0)) }),
    ]

    static let controlFlowShapes: [([String], ShapeFunction)] = [
        (["Switch", "RefSwitch"], { c in
            let info = TensorInfo(dtype: c.dtype(0), shape: c.shape(0))
            return [info, info]
        }),
        (["Merge", "RefMerge"], { c in
            var shape = c.shape(0)
            for i in 1..<max(c.inputCount, 1) where shape != c.shape(i) { shape = .unknown }
            return [TensorInfo(dtype: c.dtype(0), shape: shape), TensorInfo(dtype: .int32, shape: .scalar)]
        }),
        (["Enter", "RefEnter", "Exit", "RefExit", "NextIteration", "RefNextIteration"], { c in
            c.one(c.dtype(0), c.shape(0))
        }),
        (["LoopCond"], { c in c.one(.bool, .scalar) }),
    ]
}
