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

/// Constants of one value share their encoded attributes; values that differ only in how
/// they encode (0 and -0) do not.
@Suite struct CreatedConstantAttributes {
    @Test func equalValuesEncodeAlike() throws {
        let builder = GraphBuilder(nodes: [])
        builder.constant(.vector([4, 8], dtype: .int32), exactName: "a")
        builder.constant(.vector([4, 8], dtype: .int32), exactName: "b")
        builder.constant(.vector([4, 8], dtype: .int64), exactName: "c")
        #expect(builder.attrs(at: 0) == builder.attrs(at: 1))
        #expect(builder.attrs(at: 2)["dtype"]?.typeValue == .int64)
        #expect(builder.attrs(at: 2)["value"]?.tensorValue?.dtype == .int64)
    }

    @Test func signedZerosEncodeApart() throws {
        let builder = GraphBuilder(nodes: [])
        builder.constant(.scalar(0, dtype: .float32), exactName: "zero")
        builder.constant(.scalar(-0.0, dtype: .float32), exactName: "negativeZero")
        let zero = try #require(builder.attrs(at: 0)["value"]?.tensorValue?.floatValues.first)
        let negativeZero = try #require(builder.attrs(at: 1)["value"]?.tensorValue?.floatValues.first)
        #expect(zero.sign == .plus)
        #expect(negativeZero.sign == .minus)
    }

    @Test func aConstantAddingColocationKeepsTheSharedAttributesIntact() throws {
        let builder = GraphBuilder(nodes: [Node(name: "w", op: "VariableV2", attrs: ["dtype": .type(.float32)])])
        builder.constant(.scalar(1, dtype: .float32), exactName: "plain")
        builder.colocated(with: "w") { _ = builder.constant(.scalar(1, dtype: .float32), exactName: "placed") }
        #expect(builder.attrs(at: 1)["_class"] == nil)
        #expect(builder.attrs(at: 2)["_class"] != nil)
    }
}
