import Executor
import Foundation
import GraphIO
import GraphModel
import NumpyIO
import Testing
import _TestSupport

/// Convolution, pooling, normalization and image kernels. `tensorFlowCases` hold values
/// TensorFlow's CPU kernels computed (tools/make_conv_kernel_cases.py); the rows here are
/// small enough to check by hand.
struct ConvKernelTests {
    static let handCases: [KernelCase] = [
        // 3x3 ramp * 2x2 ones: each output sums a 2x2 block.
        KernelCase(name: "Conv2D VALID sums blocks", op: "Conv2D",
                   inputs: [f32([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), f32([1, 1, 1, 1], [2, 2, 1, 1])],
                   attrs: ["strides": .ints([1, 1, 1, 1]), "padding": .string("VALID")], expected: [f32([12, 16, 24, 28], [1, 2, 2, 1])]),
        // SAME with a 2x2 filter pads one row/column after: the last row/column sums fewer taps.
        KernelCase(name: "Conv2D SAME pads after", op: "Conv2D",
                   inputs: [f32([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), f32([1, 1, 1, 1], [2, 2, 1, 1])],
                   attrs: ["strides": .ints([1, 2, 2, 1]), "padding": .string("SAME")], expected: [f32([12, 9, 15, 9], [1, 2, 2, 1])]),
        KernelCase(name: "MaxPool VALID 2x2", op: "MaxPool", inputs: [f32([1, 3, 2, 4, 0, 5, 9, 8, 7], [1, 3, 3, 1])],
                   attrs: ["ksize": .ints([1, 2, 2, 1]), "strides": .ints([1, 1, 1, 1]), "padding": .string("VALID")],
                   expected: [f32([4, 5, 9, 8], [1, 2, 2, 1])]),
        // Ties go to the first maximum in window order.
        KernelCase(name: "MaxPoolGrad tie goes to first", op: "MaxPoolGrad",
                   inputs: [f32([2, 2, 2, 2], [1, 2, 2, 1]), f32([2], [1, 1, 1, 1]), f32([5], [1, 1, 1, 1])],
                   attrs: ["ksize": .ints([1, 2, 2, 1]), "strides": .ints([1, 2, 2, 1]), "padding": .string("VALID")],
                   expected: [f32([5, 0, 0, 0], [1, 2, 2, 1])]),
        // Padded positions do not count: windows of 4, 2, 2 and 1 elements.
        KernelCase(name: "AvgPool SAME averages unpadded", op: "AvgPool", inputs: [f64([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1])],
                   attrs: ["ksize": .ints([1, 2, 2, 1]), "strides": .ints([1, 2, 2, 1]), "padding": .string("SAME")],
                   expected: [f64([3, 4.5, 7.5, 9], [1, 2, 2, 1])]),
        KernelCase(name: "AvgPoolGrad SAME", op: "AvgPoolGrad", inputs: [i32([1, 3, 3, 1]), f64([4, 2, 2, 1], [1, 2, 2, 1])],
                   attrs: ["ksize": .ints([1, 2, 2, 1]), "strides": .ints([1, 2, 2, 1]), "padding": .string("SAME")],
                   expected: [f64([1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 3, 3, 1])]),
        KernelCase(name: "BiasAddGrad NCHW", op: "BiasAddGrad", inputs: [f32([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2])],
                   attrs: ["data_format": .string("NCHW")], expected: [f32([10, 26], [2])]),
        KernelCase(name: "ArgMin int64 first of ties", op: "ArgMin", inputs: [i32([3, 1, 1, 2], [4]), i32([0], [])], expected: [i64([1], [])]),
        KernelCase(name: "MirrorPad SYMMETRIC repeats the edge", op: "MirrorPad", inputs: [i32([1, 2, 3], [3]), i32([2, 2], [1, 2])],
                   attrs: ["mode": .string("SYMMETRIC")], expected: [i32([2, 1, 1, 2, 3, 3, 2], [7])]),
        KernelCase(name: "ResizeNearestNeighbor int32 doubles", op: "ResizeNearestNeighbor", inputs: [i32([1, 2], [1, 1, 2, 1]), i32([1, 4])],
                   expected: [i32([1, 1, 2, 2], [1, 1, 4, 1])]),
        // Inference batch norm with mean 1, variance 4 - eps: y = (x - 1) / 2 * scale + offset.
        KernelCase(name: "FusedBatchNorm inference", op: "FusedBatchNorm",
                   inputs: [f32([1, 3, 5, 7], [1, 2, 2, 1]), f32([2], [1]), f32([1], [1]), f32([1], [1]), f32([3.999], [1])],
                   attrs: ["epsilon": .float(0.001), "is_training": .bool(false)], expected: [f32([1, 3, 5, 7], [1, 2, 2, 1])]),
    ]

    static var allCases: [KernelCase] { handCases + tensorFlowCases }

    @Test("Conv-family kernel values", arguments: allCases)
    func kernelValues(_ c: KernelCase) throws {
        let outputs = try runOp(c.op, c.inputs, attrs: c.attrs, outputs: c.expected.count)
        for (k, (got, want)) in zip(outputs, c.expected).enumerated() {
            let problem = c.tolerance.mismatch(got, want)
            #expect(problem == nil, "\(c.name) output \(k): \(problem ?? "")")
        }
    }

    /// The same rows in float64 (what the gradient checker runs) agree with the float32 values.
    @Test("Conv-family kernels in float64", arguments: tensorFlowCases)
    func float64Values(_ c: KernelCase) throws {
        func promoted(_ t: HostTensor) throws -> HostTensor { t.dtype == .float32 ? try t.cast(to: .float64) : t }
        let outputs = try runOp(c.op, try c.inputs.map(promoted), attrs: c.attrs, outputs: c.expected.count)
        for (k, (got, want)) in zip(outputs, c.expected).enumerated() {
            let problem = c.tolerance.mismatch(got, try promoted(want))
            #expect(problem == nil, "\(c.name) (float64) output \(k): \(problem ?? "")")
        }
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String, op: String, inputs: [HostTensor], attrs: AttrMap, message: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "Conv2D NCHW is NHWC-only on CPU", op: "Conv2D", inputs: [f32([1], [1, 1, 1, 1]), f32([1], [1, 1, 1, 1])],
                  attrs: ["strides": .ints([1, 1, 1, 1]), "padding": .string("VALID"), "data_format": .string("NCHW")], message: "only supports the NHWC"),
        ErrorCase(name: "MaxPool NCHW is NHWC-only on CPU", op: "MaxPool", inputs: [f32([1], [1, 1, 1, 1])],
                  attrs: ["ksize": .ints([1, 1, 1, 1]), "strides": .ints([1, 1, 1, 1]), "padding": .string("VALID"), "data_format": .string("NCHW")],
                  message: "only supports the NHWC"),
        ErrorCase(name: "Conv2D depth mismatch", op: "Conv2D", inputs: [f32([1, 2], [1, 1, 1, 2]), f32([1], [1, 1, 1, 1])],
                  attrs: ["strides": .ints([1, 1, 1, 1]), "padding": .string("VALID")], message: "input depth 2"),
        ErrorCase(name: "Conv2D window larger than VALID input", op: "Conv2D", inputs: [f32([1], [1, 1, 1, 1]), f32([1, 1, 1, 1, 1, 1, 1, 1, 1], [3, 3, 1, 1])],
                  attrs: ["strides": .ints([1, 1, 1, 1]), "padding": .string("VALID")], message: "larger than the input"),
        ErrorCase(name: "MirrorPad REFLECT too wide", op: "MirrorPad", inputs: [f32([1, 2], [2]), i32([2, 0], [1, 2])],
                  attrs: ["mode": .string("REFLECT")], message: "must be in [0, 1]"),
    ]

    @Test("Bad inputs fail with an error naming node, op and shapes", arguments: errorCases)
    func errors(_ c: ErrorCase) {
        do {
            _ = try runOp(c.op, c.inputs, attrs: c.attrs)
            Issue.record("\(c.name): expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains(c.message) && text.contains("op") && text.contains(c.op), "\(c.name): \(text)")
        }
    }

    /// Dilated convolutions have no TF gradient values (TF's CPU backprops reject dilations > 1),
    /// but y = conv(x, w) is linear in each operand, so with dy = 1 the gradients must satisfy
    /// sum(dx * x) = sum(dw * w) = sum(y).
    @Test("Dilated Conv2D gradients are the adjoints of the forward", arguments: ["op_conv2d_dilation2", "op_conv2d_dilation2_valid"])
    func dilatedAdjoint(_ name: String) throws {
        let (executor, feeds, spec) = try Self.load(name)
        let fetches = try (spec.ys + spec.results.compactMap { r -> String? in if case .tensor(let t) = r.gradient { t } else { nil } })
            .map { try executor.tensorRef($0) }
        let values = try executor.run(fetches: fetches, feeds: feeds).map { try #require($0.doubles) }
        let x = try #require(feeds.tensors[try executor.tensorRef("x:0")]?.doubles)
        let w = try #require(feeds.tensors[try executor.tensorRef("filter:0")]?.doubles)
        let total = values[0].reduce(0, +)
        let viaX = zip(values[1], x).reduce(0) { $0 + $1.0 * $1.1 }, viaW = zip(values[2], w).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(Tolerance.float32.close(viaX, total) && Tolerance.float32.close(viaW, total), "case \(name): sum(y) \(total), <dx, x> \(viaX), <dw, w> \(viaW)")
    }

    /// TF's CPU Conv2D rejects NCHW; so do we, naming the node and the format.
    @Test("NCHW Conv2D fails like TensorFlow's CPU kernel", arguments: ["op_conv2d_nchw", "op_conv2d_nchw_stride2"])
    func nchwConvolutionFails(_ name: String) throws {
        let (executor, feeds, spec) = try Self.load(name)
        #expect {
            _ = try executor.run(fetches: try spec.ys.map { try executor.tensorRef($0) }, feeds: feeds)
        } throws: { error in
            "\(error)".contains("only supports the NHWC tensor format on the CPU") && "\(error)".contains("op Conv2D")
        }
    }

    static func load(_ name: String) throws -> (Executor, FeedSet, GradientSpec) {
        let dir = TestData.url("gradients/\(name)")
        let executor = Executor(graph: try GraphFile.read(dir.appendingPathComponent("tf_rewritten.pb").path))
        let feeds = try executor.feedSet(try NumpyFile.readArchive(dir.appendingPathComponent("feeds.npz").path)
            .map { ($0.key, try HostTensor($0.tensor)) })
        return (executor, feeds, try GradientSpec(dir.appendingPathComponent("spec.json")))
    }

    /// ResNet-50 (32x32, batch 2, training-mode batch norm) has no TF values; its variables
    /// come from their initializers. Forward and backward must run and stay finite.
    @Test("ResNet-50 forward and backward run and are finite")
    func resnet50() throws {
        let (executor, feeds, spec) = try Self.load("net_resnet50")
        let fetches = spec.ys + spec.results.compactMap { result -> String? in
            if case .tensor(let t) = result.gradient { return t }
            return nil
        }
        #expect(fetches.count > 100)
        let values = try executor.run(fetches: try fetches.map { try executor.tensorRef($0) }, feeds: feeds)
        for (name, value) in zip(fetches, values) {
            let finite = value.doubles?.allSatisfy(\.isFinite) ?? false
            #expect(finite, "net_resnet50: \(name) \(value.signature) has non-finite values")
        }
    }
}
