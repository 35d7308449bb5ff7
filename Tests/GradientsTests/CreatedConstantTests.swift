@testable import Gradients
import GraphCore
import GraphModel
import Testing

/// A constant a pass creates has the facts and folds to exactly the value that analysing its
/// encoded node gives, whether they were recorded at creation (facts, integer values) or
/// decoded (other values).
@Suite struct CreatedConstantFolding {
    static let values: [ConstantValue] = [
        .vector([2, 3, 5], dtype: .int32),
        .vector([], dtype: .int32),
        .scalar(-7, dtype: .int32),
        .vector([1 << 40, -(1 << 40)], dtype: .int64),
        ConstantValue(dtype: .int32, shape: [2, 2], values: [1, 2, 3, 4]),
        .vector([1, 2], dtype: .float32),           // not remembered: decoded
        .scalar(0.1, dtype: .float32),              // rounds to float32 when encoded
        ConstantValue(dtype: .int32, shape: [3], values: [4]),  // a scalar broadcast to a shape
    ]

    @Test(arguments: values)
    func foldsAsItsDecodedTensor(_ value: ConstantValue) throws {
        let builder = GraphBuilder(nodes: [])
        let made = builder.constant(value, exactName: "c", broadcastScalar: value.values.count == 1 && value.shape != [])
        let tensor = try #require(builder.attrs(at: 0)["value"]?.tensorValue)
        let decoded = ConstantValue(tensor)
        #expect(builder.analysis.constantValue(made) == decoded)
        #expect(builder.analysis.inferenceValue(made) == decoded)
        let reanalysed = StaticAnalysis(store: builder)
        #expect(builder.analysis.info(made) == reanalysed.info(NodeOutput(node: 0, output: 0)))
    }
}
