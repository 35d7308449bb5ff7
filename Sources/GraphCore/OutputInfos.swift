/// The static facts of a node's outputs, as a shape function returns them. Nearly every op
/// has one output, held inline here: analysing a node used to allocate (and free) a list
/// for its one fact, for every node a pass reads or creates.
public struct OutputInfos: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    private var first: TensorInfo?
    /// The outputs after the first.
    private var rest: [TensorInfo] = []

    public init(_ info: TensorInfo) { first = info }

    public init(_ infos: [TensorInfo]) {
        first = infos.first
        rest = Array(infos.dropFirst())
    }

    public init(arrayLiteral infos: TensorInfo...) { self.init(infos) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { first == nil ? 0 : 1 + rest.count }

    public subscript(i: Int) -> TensorInfo {
        get { i == 0 ? first! : rest[i - 1] }
        set { if i == 0 { first = newValue } else { rest[i - 1] = newValue } }
    }
}
