import GraphCore
import Testing

/// A shape function's outputs read back as the list they were made from.
@Suite struct OutputInfosList {
    let a = TensorInfo(dtype: .float32, shape: StaticShape([2, 3]))
    let b = TensorInfo(dtype: .int32, shape: .scalar)

    @Test func holdsNoneOneOrMany() {
        let none: OutputInfos = []
        #expect(none.isEmpty)
        #expect(Array(OutputInfos(a)) == [a])
        #expect(Array(OutputInfos([a, b, a])) == [a, b, a])
        let literal: OutputInfos = [b, a]
        #expect(Array(literal) == [b, a])
    }

    @Test func outputsCanBeRefined() {
        var infos = OutputInfos([a, b])
        infos[1].shape = StaticShape([4])
        infos[0].dtype = .float64
        #expect(Array(infos) == [TensorInfo(dtype: .float64, shape: StaticShape([2, 3])), TensorInfo(dtype: .int32, shape: StaticShape([4]))])
    }
}
