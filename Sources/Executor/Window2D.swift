/// Where a 2-D sliding window (a convolution filter or a pooling window) lands on an NHWC
/// image: sizes, strides, dilations and the padding before each spatial axis, computed the
/// way TensorFlow's `GetWindowedOutputSize` does for SAME, VALID and EXPLICIT padding.
struct Window2D: Sendable, Equatable {
    var batch: Int, inHeight: Int, inWidth: Int, channels: Int
    var kernelHeight: Int, kernelWidth: Int
    var strideH: Int, strideW: Int
    var dilationH = 1, dilationW = 1
    var padTop = 0, padLeft = 0
    var outHeight = 0, outWidth = 0

    /// Rows of the im2col matrix: one per output pixel.
    var outPixels: Int { batch * outHeight * outWidth }
    /// Columns of the im2col matrix: one per filter tap and input channel.
    var patchSize: Int { kernelHeight * kernelWidth * channels }
    var inputCount: Int { batch * inHeight * inWidth * channels }

    /// Geometry for an NHWC `input` shape, a `kernel` (height, width), per-axis NHWC
    /// `strides`/`dilations` and TF's `padding` attr (`explicit` holds the 8 NHWC pad sizes).
    init(input: [Int], kernel: (Int, Int), strides: [Int], dilations: [Int], padding: String, explicit: [Int]) throws {
        guard input.count == 4 else { throw KernelError("input must be 4-D NHWC, got shape \(HostTensor.describe(input))") }
        guard strides.count == 4, strides.allSatisfy({ $0 > 0 }) else { throw KernelError("strides must be 4 positive values, got \(strides)") }
        guard strides[0] == 1, strides[3] == 1 else {
            throw KernelError("strides in the batch and depth dimensions are not supported, got \(strides)")
        }
        let dil = dilations.isEmpty ? [1, 1, 1, 1] : dilations
        guard dil.count == 4, dil.allSatisfy({ $0 > 0 }), dil[0] == 1, dil[3] == 1 else {
            throw KernelError("dilations must be 4 positive values, 1 in batch and depth, got \(dilations)")
        }
        guard kernel.0 > 0, kernel.1 > 0 else { throw KernelError("window size \(kernel.0)x\(kernel.1) must be positive") }
        (batch, inHeight, inWidth, channels) = (input[0], input[1], input[2], input[3])
        (kernelHeight, kernelWidth) = kernel
        (strideH, strideW) = (strides[1], strides[2])
        (dilationH, dilationW) = (dil[1], dil[2])
        var pads = (0, 0, 0, 0)
        if padding == "EXPLICIT" {
            guard explicit.count == 8, explicit.allSatisfy({ $0 >= 0 }), explicit[0] == 0, explicit[1] == 0, explicit[6] == 0, explicit[7] == 0 else {
                throw KernelError("explicit_paddings must be 8 non-negative values with zero batch and depth padding, got \(explicit)")
            }
            pads = (explicit[2], explicit[3], explicit[4], explicit[5])
        }
        (outHeight, padTop) = try Self.outputSize(inHeight, kernel.0, dilationH, strideH, padding, pads.0, pads.1, "height")
        (outWidth, padLeft) = try Self.outputSize(inWidth, kernel.1, dilationW, strideW, padding, pads.2, pads.3, "width")
    }

    /// (output size, padding before) along one spatial axis.
    static func outputSize(_ size: Int, _ k: Int, _ dilation: Int, _ stride: Int, _ padding: String,
                           _ before: Int, _ after: Int, _ axis: String) throws -> (Int, Int) {
        let effective = (k - 1) * dilation + 1
        switch padding {
        case "VALID":
            // TF allows an empty output (window one larger than the input) and rejects negative sizes.
            let out = (size - effective + stride) / stride
            guard out >= 0, size - effective + stride >= 0 else {
                throw KernelError("window \(effective) (size \(k), dilation \(dilation)) is larger than the input \(axis) \(size) with VALID padding")
            }
            return (out, 0)
        case "SAME":
            let out = (size + stride - 1) / stride
            let needed = max(0, (out - 1) * stride + effective - size)
            return (out, needed / 2)
        case "EXPLICIT":
            let padded = size + before + after
            guard padded - effective + stride >= 0 else {
                throw KernelError("window \(effective) is larger than the padded input \(axis) \(padded)")
            }
            return ((padded - effective + stride) / stride, before)
        default:
            throw KernelError("padding must be SAME, VALID or EXPLICIT, got '\(padding)'")
        }
    }

    /// Reads `strides`, `dilations`, `padding` and `explicit_paddings` from a node whose
    /// `data_format` must be NHWC: TF's CPU kernels for these ops only do NHWC.
    init(_ context: KernelContext, input: [Int], kernel: (Int, Int), strides: [Int]? = nil) throws {
        let format = context.string("data_format", default: "NHWC")
        guard format == "NHWC" else {
            throw KernelError("the \(context.node.op) op only supports the NHWC tensor format on the CPU (as in TensorFlow); the op was given the format \(format)")
        }
        try self.init(input: input, kernel: kernel, strides: strides ?? context.ints("strides"), dilations: context.ints("dilations"),
                      padding: context.string("padding", default: "VALID"), explicit: context.ints("explicit_paddings"))
    }

    /// The input row for output row `oh` and filter row `kh`, possibly outside `0..<inHeight`.
    @inline(__always) func inputRow(_ oh: Int, _ kh: Int) -> Int { oh * strideH - padTop + kh * dilationH }
    /// The input column for output column `ow` and filter column `kw`, possibly outside `0..<inWidth`.
    @inline(__always) func inputColumn(_ ow: Int, _ kw: Int) -> Int { ow * strideW - padLeft + kw * dilationW }
}

extension KernelContext {
    /// An int input that must be a vector of `count` values (`input_sizes`, `ksize`, ...).
    func shapeInput(_ i: Int, _ role: String, count: Int) throws -> [Int] {
        let values = try intInput(i, role)
        guard values.count == count, values.allSatisfy({ $0 >= 0 }) else {
            throw KernelError("\(role) (input \(i)) must hold \(count) non-negative values, got \(values)")
        }
        return values
    }
}
