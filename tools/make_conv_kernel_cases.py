#!/usr/bin/env python3
"""Prints the Swift rows of Tests/ExecutorTests/ConvKernelTests+Cases.swift: small conv, pool,
norm and image kernel cases whose expected values come from TensorFlow's own CPU kernels.

Usage: tools/.venv-tf/bin/python tools/make_conv_kernel_cases.py > Tests/ExecutorTests/ConvKernelTests+Cases.swift
"""
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
# TF's own Eigen kernels, not oneDNN's (which rejects some dilated backprops)
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
import numpy as np
import tensorflow as tf

raw = tf.raw_ops


def ramp(shape, scale=0.25, shift=0.0, dtype=np.float32):
    n = int(np.prod(shape))
    # A deterministic, tie-free pattern in a small range.
    v = ((np.arange(n) * 7) % 11 - 5) * scale + shift + np.arange(n) * 0.01
    return v.reshape(shape).astype(dtype)


def lit(a):
    a = np.asarray(a)
    if a.dtype == np.float32:
        vals = ", ".join(str(int(x)) if x == int(x) else str(x) for x in a.ravel())
        return f"f32([{vals}], {list(a.shape)})"
    if a.dtype == np.float64:
        vals = ", ".join(repr(float(x)) for x in a.ravel().tolist())
        return f"f64([{vals}], {list(a.shape)})"
    if a.dtype == np.int32:
        return f"i32({a.ravel().tolist()}, {list(a.shape)})"
    if a.dtype == np.int64:
        return f"i64({a.ravel().tolist()}, {list(a.shape)})"
    raise ValueError(a.dtype)


def attr(v):
    if isinstance(v, bool):
        return f".bool({'true' if v else 'false'})"
    if isinstance(v, int):
        return f".int({v})"
    if isinstance(v, float):
        return f".float({v!r})"
    if isinstance(v, str):
        return f'.string("{v}")'
    if isinstance(v, list):
        return f".ints({v})"
    if v == tf.int32:
        return ".type(.int32)"
    raise ValueError(v)


rows = []


def case(name, op, inputs, attrs, outputs=1, keep=None):
    fn = getattr(raw, op)
    arg_names = {
        "Conv2D": ["input", "filter"], "Conv2DBackpropInput": ["input_sizes", "filter", "out_backprop"],
        "Conv2DBackpropFilter": ["input", "filter_sizes", "out_backprop"],
        "DepthwiseConv2dNative": ["input", "filter"],
        "DepthwiseConv2dNativeBackpropInput": ["input_sizes", "filter", "out_backprop"],
        "DepthwiseConv2dNativeBackpropFilter": ["input", "filter_sizes", "out_backprop"],
        "MaxPool": ["input"], "MaxPoolGrad": ["orig_input", "orig_output", "grad"],
        "MaxPoolGradGrad": ["orig_input", "orig_output", "grad"], "AvgPool": ["value"],
        "AvgPoolGrad": ["orig_input_shape", "grad"],
        "FusedBatchNormV3": ["x", "scale", "offset", "mean", "variance"],
        "FusedBatchNormGradV3": ["y_backprop", "x", "scale", "reserve_space_1", "reserve_space_2", "reserve_space_3"],
        "LRN": ["input"], "LRNGrad": ["input_grads", "input_image", "output_image"],
        "LeakyRelu": ["features"], "LeakyReluGrad": ["gradients", "features"],
        "ArgMax": ["input", "dimension"], "MirrorPad": ["input", "paddings"], "MirrorPadGrad": ["input", "paddings"],
        "ResizeBilinear": ["images", "size"], "ResizeBilinearGrad": ["grads", "original_image"],
        "ResizeNearestNeighbor": ["images", "size"], "ResizeNearestNeighborGrad": ["grads", "size"],
        "SpaceToBatchND": ["input", "block_shape", "paddings"], "BatchToSpaceND": ["input", "block_shape", "crops"],
    }[op]
    result = fn(**dict(zip(arg_names, [tf.constant(x) for x in inputs])), **attrs)
    outs = list(result) if isinstance(result, (list, tuple)) else [result]
    outs = [np.asarray(o) for o in outs[:outputs]]
    if keep is not None:
        outs = [outs[i] for i in keep]
    attr_text = ", ".join(f'"{k}": {attr(v)}' for k, v in attrs.items())
    rows.append(
        f'        KernelCase(name: "{name}", op: "{op}", inputs: [{", ".join(lit(x) for x in inputs)}],\n'
        f"                   attrs: [{attr_text or ':'}],\n"
        f"                   expected: [{', '.join(lit(o) for o in outs)}]),"
    )
    return outs


x = ramp([1, 4, 5, 2])
w = ramp([3, 2, 2, 3], 0.5)
conv = dict(strides=[1, 1, 1, 1], padding="SAME")
case("Conv2D SAME 3x2", "Conv2D", [x, w], conv)
case("Conv2D VALID stride 2x1", "Conv2D", [x, w], dict(strides=[1, 2, 1, 1], padding="VALID"))
case("Conv2D EXPLICIT", "Conv2D", [x, w], dict(strides=[1, 2, 2, 1], padding="EXPLICIT", explicit_paddings=[0, 0, 1, 2, 0, 1, 0, 0]))
case("Conv2D dilation 2 SAME", "Conv2D", [x, w], dict(strides=[1, 1, 1, 1], padding="SAME", dilations=[1, 2, 2, 1]))
case("Conv2D 1x1 float64", "Conv2D", [ramp([2, 2, 2, 3], dtype=np.float64), ramp([1, 1, 3, 2], 0.5, dtype=np.float64)], conv)
y = np.asarray(raw.Conv2D(input=x, filter=w, strides=[1, 2, 2, 1], padding="SAME"))
dy = ramp(y.shape, 0.3)
case("Conv2DBackpropInput SAME stride 2", "Conv2DBackpropInput", [np.array(x.shape, np.int32), w, dy], dict(strides=[1, 2, 2, 1], padding="SAME"))
case("Conv2DBackpropFilter SAME stride 2", "Conv2DBackpropFilter", [x, np.array(w.shape, np.int32), dy], dict(strides=[1, 2, 2, 1], padding="SAME"))
yd = np.asarray(raw.Conv2D(input=x, filter=w, strides=[1, 1, 1, 1], padding="VALID", dilations=[1, 1, 2, 1]))
dyd = ramp(yd.shape, 0.3)
# TF's CPU backprops reject dilations > 1; their values are the transposed forward map,
# built column by column from TF's dilated forward Conv2D (it is linear in each operand).
dil = dict(strides=[1, 1, 1, 1], padding="VALID", dilations=[1, 1, 2, 1])


def transposed(forward, shape, dy):
    out = np.zeros(int(np.prod(shape)), np.float64)
    for i in range(out.size):
        e = np.zeros(out.size, np.float32)
        e[i] = 1
        out[i] = np.sum(np.asarray(forward(e.reshape(shape)), np.float64) * dy)
    return out.reshape(shape).astype(np.float32)


expected_dx = transposed(lambda e: raw.Conv2D(input=e, filter=w, **dil), x.shape, dyd)
expected_dw = transposed(lambda e: raw.Conv2D(input=x, filter=e, **dil), w.shape, dyd)
attr_text = ", ".join(f'"{k}": {attr(v)}' for k, v in dil.items())
rows.append(f'        KernelCase(name: "Conv2DBackpropInput VALID dilation 1x2", op: "Conv2DBackpropInput", inputs: [{lit(np.array(x.shape, np.int32))}, {lit(w)}, {lit(dyd)}],\n'
            f'                   attrs: [{attr_text}],\n                   expected: [{lit(expected_dx)}]),')
rows.append(f'        KernelCase(name: "Conv2DBackpropFilter VALID dilation 1x2", op: "Conv2DBackpropFilter", inputs: [{lit(x)}, {lit(np.array(w.shape, np.int32))}, {lit(dyd)}],\n'
            f'                   attrs: [{attr_text}],\n                   expected: [{lit(expected_dw)}]),')

dw = ramp([2, 3, 2, 2], 0.5)
case("DepthwiseConv2dNative SAME multiplier 2", "DepthwiseConv2dNative", [x, dw], conv)
yw = np.asarray(raw.DepthwiseConv2dNative(input=x, filter=dw, strides=[1, 2, 2, 1], padding="VALID"))
dyw = ramp(yw.shape, 0.3)
case("DepthwiseConv2dNativeBackpropInput VALID stride 2", "DepthwiseConv2dNativeBackpropInput", [np.array(x.shape, np.int32), dw, dyw], dict(strides=[1, 2, 2, 1], padding="VALID"))
case("DepthwiseConv2dNativeBackpropFilter VALID stride 2", "DepthwiseConv2dNativeBackpropFilter", [x, np.array(dw.shape, np.int32), dyw], dict(strides=[1, 2, 2, 1], padding="VALID"))

pool = dict(ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME")
case("MaxPool SAME 3x3 stride 2", "MaxPool", [x], pool)
case("MaxPool VALID 2x2", "MaxPool", [x], dict(ksize=[1, 2, 2, 1], strides=[1, 1, 2, 1], padding="VALID"))
px = np.asarray(raw.MaxPool(input=x, **pool))
pdy = ramp(px.shape, 0.3)
case("MaxPoolGrad SAME 3x3 stride 2", "MaxPoolGrad", [x, px, pdy], pool)
case("MaxPoolGradGrad SAME 3x3 stride 2", "MaxPoolGradGrad", [x, px, ramp(x.shape, 0.3)], pool)
case("AvgPool SAME 3x3 stride 2", "AvgPool", [x], pool)
case("AvgPoolGrad SAME 3x3 stride 2", "AvgPoolGrad", [np.array(x.shape, np.int32), pdy], pool)

bx = ramp([2, 2, 3, 3], 0.5)
scale, offset = np.array([1.5, 0.5, 2.0], np.float32), np.array([0.1, -0.2, 0.3], np.float32)
mean, var = np.array([0.2, -0.1, 0.0], np.float32), np.array([1.5, 0.7, 2.0], np.float32)
bn = dict(epsilon=0.001, data_format="NHWC", is_training=True)
outs = case("FusedBatchNormV3 training NHWC", "FusedBatchNormV3", [bx, scale, offset, np.zeros(0, np.float32), np.zeros(0, np.float32)], bn, outputs=5)
case("FusedBatchNormV3 training NCHW averaged", "FusedBatchNormV3", [bx, scale[:2], offset[:2], mean[:2], var[:2]],
     dict(epsilon=0.001, data_format="NCHW", is_training=True, exponential_avg_factor=0.5), outputs=3)
case("FusedBatchNormV3 inference NCHW", "FusedBatchNormV3", [bx, scale[:2], offset[:2], mean[:2], var[:2]],
     dict(epsilon=0.001, data_format="NCHW", is_training=False), outputs=1)
case("FusedBatchNormGradV3 training NHWC", "FusedBatchNormGradV3", [ramp(bx.shape, 0.3), bx, scale, outs[3], outs[4], np.zeros(0, np.float32)], bn, outputs=3)
case("FusedBatchNormGradV3 inference NHWC", "FusedBatchNormGradV3", [ramp(bx.shape, 0.3), bx, scale, mean, var, np.zeros(0, np.float32)],
     dict(epsilon=0.001, data_format="NHWC", is_training=False), outputs=3)

lx = ramp([1, 2, 1, 6], 0.5)
lrn = dict(depth_radius=2, bias=1.0, alpha=0.5, beta=0.75)
ly = np.asarray(raw.LRN(input=lx, **lrn))
case("LRN radius 2", "LRN", [lx], lrn)
case("LRNGrad radius 2", "LRNGrad", [ramp(lx.shape, 0.3), lx, ly], lrn)
case("LeakyRelu", "LeakyRelu", [ramp([6], 0.5)], dict(alpha=0.1))
case("LeakyReluGrad", "LeakyReluGrad", [ramp([6], 0.3), ramp([6], 0.5)], dict(alpha=0.1))
case("ArgMax int32 axis 1", "ArgMax", [ramp([2, 3, 2]), np.array(1, np.int32)], dict(output_type=tf.int32))

mx = ramp([2, 3], 1.0)
for mode in ["REFLECT", "SYMMETRIC"]:
    case(f"MirrorPad {mode}", "MirrorPad", [mx, np.array([[1, 1], [2, 1]], np.int32)], dict(mode=mode))
    padded = np.asarray(raw.MirrorPad(input=mx, paddings=[[1, 1], [2, 1]], mode=mode))
    case(f"MirrorPadGrad {mode}", "MirrorPadGrad", [ramp(padded.shape, 0.3), np.array([[1, 1], [2, 1]], np.int32)], dict(mode=mode))

img = ramp([1, 3, 4, 2], 0.5)
for label, flags in [("legacy", {}), ("align_corners", dict(align_corners=True)), ("half_pixel", dict(half_pixel_centers=True))]:
    for size in [[5, 3], [2, 7]]:
        case(f"ResizeBilinear {label} {size}", "ResizeBilinear", [img, np.array(size, np.int32)], flags)
        case(f"ResizeBilinearGrad {label} {size}", "ResizeBilinearGrad", [ramp([1] + size + [2], 0.3), img], flags)
        case(f"ResizeNearestNeighbor {label} {size}", "ResizeNearestNeighbor", [img, np.array(size, np.int32)], flags)
        case(f"ResizeNearestNeighborGrad {label} {size}", "ResizeNearestNeighborGrad", [ramp([1] + size + [2], 0.3), np.array([3, 4], np.int32)], flags)

sx = ramp([2, 3, 4, 1], 1.0)
case("SpaceToBatchND padded", "SpaceToBatchND", [sx, np.array([2, 2], np.int32), np.array([[1, 0], [0, 2]], np.int32)], {})
sb = np.asarray(raw.SpaceToBatchND(input=sx, block_shape=[2, 2], paddings=[[1, 0], [0, 2]]))
case("BatchToSpaceND cropped", "BatchToSpaceND", [sb, np.array([2, 2], np.int32), np.array([[1, 0], [0, 2]], np.int32)], {})

print(f"// Generated by tools/make_conv_kernel_cases.py (TensorFlow {tf.__version__}) - DO NOT EDIT.")
print("import Executor\n")
print("extension ConvKernelTests {")
print("    static let tensorFlowCases: [KernelCase] = [")
print("\n".join(rows))
print("    ]")
print("}")
