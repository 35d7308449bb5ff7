"""Benchmark inputs, made with TensorFlow (or, for the big chains, written directly as protobuf).

    make_inputs.py KIND OUT.pb [--nodes N] [--layers L --width W]

Writes OUT.pb and OUT.json: {"ys": [...], "xs": [...], "nodes": n, "bytes": b, "note": ...}, where
ys/xs are what the benchmarks differentiate. Kinds:
  resnet-frozen  Keras ResNet-50 (weights=None), inference, variables frozen to Const (~100 MB);
                 ys/xs is a trivial pair (the softmax and its input) so a rewrite is ~free.
  resnet-keras   Keras ResNet-50 called on a placeholder in graph mode, training=True: resource
                 variables, batch norm from primitive ops; loss = mean sparse softmax xent.
  resnet-v1      The classic TF1 ResNet-50 v1 from raw compat.v1 ops: Conv2D (no bias),
                 FusedBatchNormV3 (is_training=True), MaxPool, 7x7 AvgPool, MatMul; same loss.
  mlp            --layers dense tanh layers of --width units, resource variables L<i>/w, L<i>/b;
                 loss = mean(square(out)); xs = all trainable variables.
  chain          ~--nodes nodes: h <- h + c * tanh(h) on a [8] placeholder (3 nodes per step),
                 built as NodeDefs without TF graph building (fast up to millions of nodes).
"""
import argparse
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def write(out, graph_def, ys, xs, note):
    data = graph_def.SerializeToString(deterministic=True)
    with open(out, "wb") as f:
        f.write(data)
    spec = {"ys": ys, "xs": xs, "nodes": len(graph_def.node), "bytes": len(data), "note": note}
    with open(os.path.splitext(out)[0] + ".json", "w") as f:
        json.dump(spec, f, indent=1)
    print(f"{out}: {len(graph_def.node)} nodes, {len(data) / 1e6:.1f} MB", file=sys.stderr)


def graph_mode():
    import tensorflow as tf
    tf.get_logger().setLevel("ERROR")
    tf.compat.v1.disable_eager_execution()
    tf.compat.v1.set_random_seed(0)
    return tf


def resnet_frozen(out):
    import tensorflow as tf
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.applications.ResNet50(weights=None)
    fn = tf.function(lambda x: model(x, training=False))
    concrete = fn.get_concrete_function(tf.TensorSpec([1, 224, 224, 3], tf.float32))
    graph_def = convert_variables_to_constants_v2(concrete).graph.as_graph_def()
    softmax = [n for n in graph_def.node if n.op == "Softmax"][-1]
    write(out, graph_def, [softmax.name], [softmax.input[0]],
          "Keras ResNet-50 inference, frozen; trivial rewrite: d softmax / d logits")


def sparse_xent_loss(tf, logits, batch):
    labels = tf.compat.v1.placeholder(tf.int32, [batch], name="labels")
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return tf.reduce_mean(xent, name="loss")


def trainable_handles(tf):
    return [v.op.name for v in tf.compat.v1.trainable_variables()]


def resnet_keras(out, batch=32):
    tf = graph_mode()
    model = tf.keras.applications.ResNet50(weights=None, classifier_activation=None)
    images = tf.compat.v1.placeholder(tf.float32, [batch, 224, 224, 3], name="images")
    loss = sparse_xent_loss(tf, model(images, training=True), batch)
    graph_def = tf.compat.v1.get_default_graph().as_graph_def()
    handles = [v.handle.op.name for v in model.trainable_variables]
    write(out, graph_def, [loss.op.name], handles,
          f"Keras ResNet-50 (training=True) on a [{batch},224,224,3] placeholder; xs = {len(handles)} variables")


def resnet_v1(out, batch=32):
    tf = graph_mode()
    v1 = tf.compat.v1

    def conv(x, filters, kernel, stride, name):
        with v1.variable_scope(name):
            w = v1.get_variable("weights", [kernel, kernel, x.shape[-1], filters],
                                initializer=v1.glorot_uniform_initializer())
            return tf.nn.conv2d(x, w, stride, "SAME")

    def bn(x, name, relu=True):
        with v1.variable_scope(name):
            gamma = v1.get_variable("gamma", [x.shape[-1]], initializer=tf.ones_initializer())
            beta = v1.get_variable("beta", [x.shape[-1]], initializer=tf.zeros_initializer())
            y, _, _ = v1.nn.fused_batch_norm(x, gamma, beta, is_training=True)
            return tf.nn.relu(y) if relu else y

    def block(x, filters, stride, project, name):
        with v1.variable_scope(name):
            shortcut = bn(conv(x, 4 * filters, 1, stride, "proj"), "proj_bn", relu=False) if project else x
            h = bn(conv(x, filters, 1, stride, "conv1"), "bn1")
            h = bn(conv(h, filters, 3, 1, "conv2"), "bn2")
            h = bn(conv(h, 4 * filters, 1, 1, "conv3"), "bn3", relu=False)
            return tf.nn.relu(h + shortcut)

    images = v1.placeholder(tf.float32, [batch, 224, 224, 3], name="images")
    h = bn(conv(images, 64, 7, 2, "conv1"), "bn1")
    h = tf.nn.max_pool2d(h, 3, 2, "SAME")
    for stage, (filters, blocks, stride) in enumerate([(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]):
        for i in range(blocks):
            h = block(h, filters, stride if i == 0 else 1, i == 0, f"stage{stage + 1}/block{i + 1}")
    h = tf.nn.avg_pool2d(h, 7, 1, "VALID")
    h = tf.reshape(h, [batch, 2048])
    with v1.variable_scope("fc"):
        w = v1.get_variable("weights", [2048, 1000], initializer=v1.glorot_uniform_initializer())
        b = v1.get_variable("biases", [1000], initializer=tf.zeros_initializer())
        logits = tf.nn.bias_add(tf.matmul(h, w), b)
    loss = sparse_xent_loss(tf, logits, batch)
    handles = trainable_handles(tf)
    write(out, v1.get_default_graph().as_graph_def(), [loss.op.name], handles,
          f"TF1-style ResNet-50 v1 (FusedBatchNormV3, AvgPool) on [{batch},224,224,3]; xs = {len(handles)} variables")


def mlp(out, layers, width, batch=32):
    tf = graph_mode()
    v1 = tf.compat.v1
    h = v1.placeholder(tf.float32, [batch, width], name="x")
    init = v1.random_normal_initializer(stddev=1.0 / width ** 0.5)
    for i in range(layers):
        # Short scope names: all xs go on one command-line argument (Linux caps one at 128 KiB).
        with v1.variable_scope(f"L{i}"):
            w = v1.get_variable("w", [width, width], initializer=init)
            b = v1.get_variable("b", [width], initializer=tf.zeros_initializer())
            h = tf.tanh(tf.matmul(h, w) + b)
    loss = tf.reduce_mean(tf.square(h), name="loss")
    handles = trainable_handles(tf)
    write(out, v1.get_default_graph().as_graph_def(), [loss.op.name], handles,
          f"MLP, {layers} dense tanh layers of width {width}, batch {batch}; xs = {len(handles)} variables")


def chain(out, nodes):
    import numpy as np
    import tensorflow as tf
    from tensorflow.core.framework import graph_pb2, types_pb2

    graph_def = graph_pb2.GraphDef()
    graph_def.versions.producer = tf.version.GRAPH_DEF_VERSION
    f32 = types_pb2.DT_FLOAT

    def node(name, op, inputs=(), **attrs):
        n = graph_def.node.add()
        n.name, n.op = name, op
        n.input.extend(inputs)
        for key, value in attrs.items():
            if key == "T" or key == "dtype":
                n.attr[key].type = value
            elif key == "shape":
                n.attr[key].shape.dim.add().size = value
            elif key == "value":
                tensor = n.attr[key].tensor
                tensor.dtype = f32
                tensor.tensor_shape.dim.add().size = len(value)
                tensor.tensor_content = np.asarray(value, np.float32).tobytes()
        return name

    h = node("x", "Placeholder", dtype=f32, shape=8)
    c = node("c", "Const", dtype=f32, value=np.linspace(0.1, 0.8, 8))
    steps = max(1, (nodes - 3) // 3)
    for i in range(steps):
        t = node(f"s{i}/tanh", "Tanh", [h], T=f32)
        m = node(f"s{i}/mul", "Mul", [t, c], T=f32)
        h = node(f"s{i}/add", "AddV2", [m, h], T=f32)
    y = node("y", "Identity", [h], T=f32)
    write(out, graph_def, [y], ["x"], f"chain of {steps} steps h <- h + c * tanh(h) on x: [8]")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["resnet-frozen", "resnet-keras", "resnet-v1", "mlp", "chain"])
    parser.add_argument("out")
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--layers", type=int, default=5000)
    parser.add_argument("--width", type=int, default=8)
    args = parser.parse_args()
    if args.kind == "resnet-frozen":
        resnet_frozen(args.out)
    elif args.kind == "resnet-keras":
        resnet_keras(args.out)
    elif args.kind == "resnet-v1":
        resnet_v1(args.out)
    elif args.kind == "mlp":
        mlp(args.out, args.layers, args.width)
    else:
        chain(args.out, args.nodes)


if __name__ == "__main__":
    main()
