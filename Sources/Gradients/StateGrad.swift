import GraphCore
import GraphModel

/// Gradient rules for variable reads (spec §1.4, §9.28).
let stateGradients: [([String], GradientRule)] = [
    // y = gather(variable, indices); dvariable = IndexedSlices(g rows, indices, variable shape)
    (["ResourceGather"], .function { c in
        let b = c.b, indices = c.y
        let g = c.grad()
        let variableShape: TensorRef
        if let handle = b.node(c.x.node), handle.op == "VarHandleOp",
           let shape = handle.attrs["shape"]?.shapeValue.map(StaticShape.init), shape.isFullyDefined {
            variableShape = b.constant(.vector(shape.dims!))
        } else {
            variableShape = b.op("VariableShape", [.tensor(c.x)], attrs: ["out_type": .type(.int32)])
        }
        let size = b.sizeOf(indices)
        let count = b.expandDims(size, .int(0, arg: "dim"))
        let rest = b.stridedSlice(variableShape, begin: [1], end: [0], strides: [1], endMask: 1)
        let valuesShape = b.concat([.tensor(count), .tensor(rest)], axis: .int(0, arg: "axis"))
        let values = b.reshape(g, .tensor(valuesShape))
        let flatIndices = b.reshape(indices, .tensor(count))
        return [.slices(IndexedSlices(values: values, indices: flatIndices, denseShape: variableShape)), nil]
    }),
]
