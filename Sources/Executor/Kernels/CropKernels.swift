import Foundation
import GraphModel

/// CropAndResize over NHWC images and its two gradients, as TF's CPU kernels: each box
/// (y1, x1, y2, x2 in normalised coordinates) is sampled on a crop_h x crop_w grid, bilinearly
/// or at the nearest pixel; samples outside the image take the extrapolation value (and pass
/// no gradient). Coordinates are computed in float32, as TF does, so the same pixels are used
/// (in float64 for float64 boxes, which only a gradient check's float64 graph copy has). TF's
/// crops and box gradients are float32 for any image; float64 stays float64 here.
enum CropKernels {
    static let all: [Kernel] = [
        .single("CropAndResize") { context in
            let plan = try CropPlan(context, image: try context.input(0), boxes: try context.input(1),
                                    boxIndices: try context.input(2), cropSize: try context.shapeInput(3, "crop_size", count: 2))
            let image = try context.input(0).floatingPointValues("image")
            let extrapolation = Double(try context.float("extrapolation_value", default: 0))
            var out = [Double](repeating: extrapolation, count: plan.outputCount)
            plan.forEachSample { sample in
                for d in 0..<plan.depth {
                    out[sample.output + d] = sample.taps.reduce(0) { $0 + $1.weight * image[$1.pixel + d] }
                }
            }
            return .floatingPoint(out, shape: plan.outputShape, wide: try context.input(0).dtype == .float64)
        },
        // dimage[tap] += weight * g for every tap of every in-range sample
        .single("CropAndResizeGradImage") { context in
            let grads = try context.input(0)
            let imageSize = try context.shapeInput(3, "image_size", count: 4)
            let plan = try CropPlan(context, imageShape: imageSize, boxes: try context.input(1), boxIndices: try context.input(2),
                                    cropSize: Array(grads.shape.dropFirst().prefix(2)))
            let g = try grads.floatingPointValues("grads")
            var out = [Double](repeating: 0, count: imageSize.reduce(1, *))
            plan.forEachSample { sample in
                for tap in sample.taps { for d in 0..<plan.depth { out[tap.pixel + d] += tap.weight * g[sample.output + d] } }
            }
            let dtype = context.attr("T")?.typeValue ?? .float32
            return .floatingPoint(out, shape: imageSize, wide: dtype == .float64 || grads.dtype == .float64)
        },
        // dbox: the bilinear sample's slope along y and x, times how the sample moves with each coordinate
        .single("CropAndResizeGradBoxes") { context in
            let grads = try context.input(0), imageTensor = try context.input(1)
            let plan = try CropPlan(context, image: imageTensor, boxes: try context.input(2), boxIndices: try context.input(3),
                                    cropSize: Array(grads.shape.dropFirst().prefix(2)), method: "bilinear")
            let g = try grads.floatingPointValues("grads"), image = try imageTensor.floatingPointValues("image")
            var out = [Double](repeating: 0, count: plan.boxCount * 4)
            plan.forEachSample { sample in
                let (tl, tr, bl, br) = (sample.taps[0].pixel, sample.taps[1].pixel, sample.taps[2].pixel, sample.taps[3].pixel)
                for d in 0..<plan.depth {
                    let slopeY = (1 - sample.xLerp) * (image[bl + d] - image[tl + d]) + sample.xLerp * (image[br + d] - image[tr + d])
                    let slopeX = (1 - sample.yLerp) * (image[tr + d] - image[tl + d]) + sample.yLerp * (image[br + d] - image[bl + d])
                    let upstream = g[sample.output + d]
                    out[sample.box * 4 + 0] += slopeY * upstream * sample.dy1
                    out[sample.box * 4 + 2] += slopeY * upstream * sample.dy2
                    out[sample.box * 4 + 1] += slopeX * upstream * sample.dx1
                    out[sample.box * 4 + 3] += slopeX * upstream * sample.dx2
                }
            }
            return .floatingPoint(out, shape: [plan.boxCount, 4], wide: grads.dtype == .float64)
        },
    ]
}

/// Where every sample of every box reads the image.
struct CropPlan {
    struct Tap { var pixel: Int; var weight: Double }
    struct Sample {
        var box: Int, output: Int
        /// Bilinear: top-left, top-right, bottom-left, bottom-right; nearest: one tap.
        var taps: [Tap]
        var yLerp: Double, xLerp: Double
        /// How the sample's source row and column move with y1, y2, x1, x2.
        var dy1: Double, dy2: Double, dx1: Double, dx2: Double
    }

    let boxCount: Int, cropHeight: Int, cropWidth: Int, depth: Int
    let imageShape: [Int]
    let boxes: [Double], boxIndices: [Int]
    /// Whether coordinates are computed in float32 (TF's boxes are float32).
    let narrow: Bool
    let bilinear: Bool
    var outputShape: [Int] { [boxCount, cropHeight, cropWidth, depth] }
    var outputCount: Int { outputShape.reduce(1, *) }

    init(_ context: KernelContext, image: HostTensor, boxes: HostTensor, boxIndices: HostTensor, cropSize: [Int], method: String? = nil) throws {
        try self.init(context, imageShape: image.shape, boxes: boxes, boxIndices: boxIndices, cropSize: cropSize, method: method)
    }

    init(_ context: KernelContext, imageShape: [Int], boxes: HostTensor, boxIndices: HostTensor, cropSize: [Int], method: String? = nil) throws {
        guard imageShape.count == 4, boxes.shape.count == 2, boxes.shape[1] == 4, cropSize.count == 2, cropSize.allSatisfy({ $0 > 0 }),
              let indices = boxIndices.ints, indices.count == boxes.shape[0], let values = boxes.doubles else {
            throw KernelError("needs an NHWC image, boxes [n, 4], n box indices and a positive crop size")
        }
        if let bad = indices.first(where: { $0 < 0 || $0 >= imageShape[0] }) { throw KernelError("box index \(bad) is not in [0, \(imageShape[0]))") }
        let name = method ?? context.attr("method")?.stringValue ?? "bilinear"
        guard name == "bilinear" || name == "nearest" else { throw KernelError("method must be bilinear or nearest, got \(name)") }
        self.imageShape = imageShape
        self.boxes = values
        narrow = boxes.dtype != .float64
        self.boxIndices = indices
        boxCount = indices.count
        (cropHeight, cropWidth) = (cropSize[0], cropSize[1])
        depth = imageShape[3]
        bilinear = name == "bilinear"
    }

    /// Where sample `index` of `count` between box edges `a` and `b` falls in an image dimension.
    func coordinate(_ a: Double, _ b: Double, index: Int, count: Int, extent: Int) -> Double {
        func at<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
            guard count > 1 else { return F(0.5) * (a + b) * F(extent - 1) }
            return a * F(extent - 1) + F(index) * ((b - a) * F(extent - 1) / F(count - 1))
        }
        return narrow ? Double(at(Float(a), Float(b))) : at(a, b)
    }

    /// Calls `body` for each sample that falls inside its image, in output order.
    func forEachSample(_ body: (Sample) -> Void) {
        let (height, width) = (imageShape[1], imageShape[2])
        for box in 0..<boxCount {
            let (y1, x1, y2, x2) = (boxes[box * 4], boxes[box * 4 + 1], boxes[box * 4 + 2], boxes[box * 4 + 3])
            let heightRatio = cropHeight > 1 ? Double(height - 1) / Double(cropHeight - 1) : 0
            let widthRatio = cropWidth > 1 ? Double(width - 1) / Double(cropWidth - 1) : 0
            let base = boxIndices[box] * height
            for y in 0..<cropHeight {
                let inY = coordinate(y1, y2, index: y, count: cropHeight, extent: height)
                guard inY >= 0 && inY <= Double(height - 1) else { continue }
                let (dy1, dy2) = cropHeight > 1 ? (Double(height - 1) - Double(y) * heightRatio, Double(y) * heightRatio)
                                                : (0.5 * Double(height - 1), 0.5 * Double(height - 1))
                for x in 0..<cropWidth {
                    let inX = coordinate(x1, x2, index: x, count: cropWidth, extent: width)
                    guard inX >= 0 && inX <= Double(width - 1) else { continue }
                    let (dx1, dx2) = cropWidth > 1 ? (Double(width - 1) - Double(x) * widthRatio, Double(x) * widthRatio)
                                                   : (0.5 * Double(width - 1), 0.5 * Double(width - 1))
                    func pixel(_ row: Int, _ column: Int) -> Int { ((base + row) * width + column) * depth }
                    let output = ((box * cropHeight + y) * cropWidth + x) * depth
                    var sample = Sample(box: box, output: output, taps: [], yLerp: 0, xLerp: 0, dy1: dy1, dy2: dy2, dx1: dx1, dx2: dx2)
                    if bilinear {
                        let (top, bottom) = (Int(inY.rounded(.down)), Int(inY.rounded(.up)))
                        let (left, right) = (Int(inX.rounded(.down)), Int(inX.rounded(.up)))
                        let yLerp = inY - Double(top), xLerp = inX - Double(left)
                        sample.yLerp = yLerp
                        sample.xLerp = xLerp
                        sample.taps = [Tap(pixel: pixel(top, left), weight: (1 - yLerp) * (1 - xLerp)),
                                       Tap(pixel: pixel(top, right), weight: (1 - yLerp) * xLerp),
                                       Tap(pixel: pixel(bottom, left), weight: yLerp * (1 - xLerp)),
                                       Tap(pixel: pixel(bottom, right), weight: yLerp * xLerp)]
                    } else {
                        sample.taps = [Tap(pixel: pixel(Int(inY.rounded()), Int(inX.rounded())), weight: 1)]
                    }
                    body(sample)
                }
            }
        }
    }
}
