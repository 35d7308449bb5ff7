import Executor
import Foundation
import GraphModel
import NumpyIO
import Testing
import _TestSupport

/// Scheduling, feeds, variables and errors: the executor contract the CLI and the gradient
/// checker rely on.
struct ExecutorBehaviorTests {
    static func placeholder(_ name: String, _ dtype: DType = .float32, shape: [Int64]? = nil) -> Node {
        var attrs: AttrMap = ["dtype": .type(dtype)]
        if let shape { attrs["shape"] = .shape(TensorShape(shape)) }
        return Node(name: name, op: "Placeholder", attrs: attrs)
    }

    static func const(_ name: String, _ values: [Double], shape: [Int64], _ dtype: DType = .float32) -> Node {
        Node(name: name, op: "Const", attrs: ["dtype": .type(dtype), "value": .tensor(Tensor.make(dtype: dtype, shape: shape, values: values))])
    }

    /// y = tanh(x) * w + 1, with an unrelated branch that would fail if run.
    static let graph = Graph(nodes: [
        placeholder("x", shape: [-1, 2]),
        const("w", [2, 3], shape: [2]),
        const("one", [1], shape: []),
        Node(name: "t", op: "Tanh", inputs: ["x"]),
        Node(name: "m", op: "Mul", inputs: ["t", "w"]),
        Node(name: "y", op: "AddV2", inputs: ["m", "one"]),
        placeholder("unfed"),
        Node(name: "broken", op: "NoSuchOp", inputs: ["unfed"]),
    ])

    @Test("Runs only what the fetches need")
    func prunes() throws {
        let executor = Executor(graph: Self.graph)
        let y = try executor.run(fetches: ["y:0"], feeds: ["x:0": f32([0, 1], [1, 2])])[0]
        #expect(Tolerance.float32.mismatch(y, f32([1, 1 + 3 * Float(tanh(1.0))], [1, 2])) == nil)
    }

    @Test("A feed overrides an intermediate tensor and its producer is not run")
    func feedsOverrideAnyTensor() throws {
        let executor = Executor(graph: Self.graph)
        // x is never fed: feeding t:0 cuts it off.
        let y = try executor.run(fetches: ["y:0", "t:0"], feeds: ["t:0": f32([1, 1], [1, 2])])
        #expect(y[0] == f32([3, 4], [1, 2]))
        #expect(y[1] == f32([1, 1], [1, 2]))
    }

    @Test("Control inputs run; data from a fed node's output 0 cuts its control edge")
    func controlEdges() throws {
        let graph = Graph(nodes: [
            Self.placeholder("x"),
            Node(name: "gate", op: "NoOp", inputs: ["^x"]),
            Node(name: "y", op: "Identity", inputs: ["x", "^gate"]),
        ])
        let executor = Executor(graph: graph)
        #expect(try executor.run(fetches: ["y"], feeds: ["x": f32([5], [])])[0] == f32([5], []))
        #expect(throws: ExecutionError.missingFeed(node: "x", op: "Placeholder")) {
            try executor.run(fetches: ["gate:0"], feeds: [:])
        }
    }

    @Test("Float64 promotion computes the same function in double precision")
    func promotion() throws {
        let promoted = Self.graph.promotingFloat32ToFloat64()
        let executor = Executor(graph: promoted)
        let y = try executor.run(fetches: ["y:0"], feeds: ["x:0": f64([0, 1], [1, 2])])[0]
        #expect(y.dtype == .float64)
        #expect(Tolerance(rtol: 1e-15, atol: 0).mismatch(y, f64([1, 1 + 3 * tanh(1.0)], [1, 2])) == nil)
    }

    static let variableGraph = Graph(nodes: [
        Node(name: "v", op: "VariableV2", attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape([2]))]),
        const("v/initial_value", [4, 5], shape: [2]),
        Node(name: "v/Assign", op: "Assign", inputs: ["v", "v/initial_value"]),
        Node(name: "v/read", op: "Identity", inputs: ["v"]),
        Node(name: "h", op: "VarHandleOp", attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape([1]))]),
        Node(name: "h/Initializer/random", op: "RandomUniform", inputs: ["h/shape"], attrs: ["dtype": .type(.float32), "seed": .int(7)]),
        Node(name: "h/shape", op: "Const", attrs: ["dtype": .type(.int32), "value": .tensor(Tensor.make(dtype: .int32, shape: [1], values: [1]))]),
        Node(name: "h/Assign", op: "AssignVariableOp", inputs: ["h", "h/Initializer/random"]),
        Node(name: "h/Read", op: "ReadVariableOp", inputs: ["h"], attrs: ["dtype": .type(.float32)]),
        Node(name: "lonely", op: "VariableV2", attrs: ["dtype": .type(.float32), "shape": .shape(TensorShape([1]))]),
    ])

    @Test("Variables: explicit values, else their initializer; seeded randoms are deterministic")
    func variables() throws {
        let executor = Executor(graph: Self.variableGraph)
        #expect(try executor.run(fetches: ["v/read"])[0] == f32([4, 5], [2]))
        #expect(try executor.run(fetches: ["v/read"], feeds: [:], variables: ["v": f32([7, 8], [2])])[0] == f32([7, 8], [2]))
        let first = try executor.run(fetches: ["h/Read"])[0]
        #expect(try executor.run(fetches: ["h/Read"])[0] == first)
        #expect(first.doubles.map { $0.allSatisfy { $0 >= 0 && $0 < 1 } } == true)
        #expect(try executor.run(fetches: ["h/Read"], feeds: [:], variables: ["h": f32([3], [1])])[0] == f32([3], [1]))
        #expect(throws: ExecutionError.uninitializedVariable(node: "lonely", op: "VariableV2")) {
            try executor.run(fetches: ["lonely"])
        }
    }

    struct BadRun: Sendable, CustomTestStringConvertible {
        var name: String
        var fetches: [String]
        var feeds: [String: HostTensor]
        var mentions: [String]
        var testDescription: String { name }
    }

    static let badRuns: [BadRun] = [
        BadRun(name: "shape mismatch names node, op and shapes", fetches: ["y"], feeds: ["t:0": f32([1, 2, 3], [3])],
               mentions: ["node m", "op Mul", "float32[3]", "float32[2]", "incompatible shapes"]),
        BadRun(name: "missing feed", fetches: ["y"], feeds: [:], mentions: ["node x", "Placeholder", "feed x:0"]),
        BadRun(name: "unknown op", fetches: ["broken"], feeds: ["unfed": f32([1], [])], mentions: ["node broken", "NoSuchOp"]),
        BadRun(name: "wrong dtype in a feed", fetches: ["y"], feeds: ["x:0": f64([1, 2], [1, 2])], mentions: ["x:0", "float32", "float64[1,2]"]),
        BadRun(name: "feed shape against placeholder shape", fetches: ["y"], feeds: ["x:0": f32([1, 2, 3], [1, 3])], mentions: ["x:0", "[?,2]", "float32[1,3]"]),
        BadRun(name: "unknown fetch", fetches: ["yy:0"], feeds: [:], mentions: ["yy", "did you mean", "y"]),
        BadRun(name: "output index out of range", fetches: ["y:3"], feeds: ["x": f32([1, 2], [1, 2])], mentions: ["y:3", "AddV2", "1 output"]),
    ]

    @Test("Bad runs fail with an error that names what is wrong", arguments: badRuns)
    func badRun(_ bad: BadRun) {
        let executor = Executor(graph: Self.graph)
        do {
            _ = try executor.run(fetches: bad.fetches, feeds: bad.feeds)
            Issue.record("\(bad.name): run succeeded")
        } catch {
            for fragment in bad.mentions {
                #expect(error.description.contains(fragment), "\(bad.name): '\(error.description)' lacks '\(fragment)'")
            }
        }
    }

    @Test("A dtype mismatch read from a .npy feed file is reported, not crashed on")
    func wrongDTypeFromFile() throws {
        let executor = Executor(graph: Self.graph)
        let value = try HostTensor(try NumpyFile.readArray(TestData.url("npy/f8_wrong_dtype_feed.npy").path))
        #expect(throws: ExecutionError.self) { try executor.run(fetches: ["y"], feeds: ["x": value]) }
    }

    @Test("A cycle is reported")
    func cycle() {
        let graph = Graph(nodes: [
            Node(name: "a", op: "Identity", inputs: ["b"]),
            Node(name: "b", op: "Identity", inputs: ["a"]),
        ])
        #expect(throws: ExecutionError.self) { try Executor(graph: graph).run(fetches: ["a"]) }
    }

    @Test("Large elementwise work splits across cores and matches the serial result")
    func largeElementwise() throws {
        let n = 1 << 17
        let x = (0..<n).map { Float($0 % 97) * 0.01 }
        let out = try runOp("Tanh", [f32(x, [n])])[0]
        #expect(out == f32(x.map { tanh($0) }, [n]))
        let sum = try runOp("Sum", [f32(x, [n / 4, 4]), i32([0])])[0]
        #expect(sum.shape == [4])
    }
}
