"""Reference GraphDefs built with real TensorFlow ops (models, functions, loops, devices, shapes).

Each builder returns a GraphDef. Random initializers are seeded through the graph-level seed,
so the graphs are identical on every run.
"""
import numpy as np

from .tfenv import control_flow_v1, tf, v1

raw = tf.raw_ops
_SEED = 1234


def _in_graph(build, add_shapes=False):
    """Runs build() in a fresh graph with a fixed random seed and returns the GraphDef."""
    graph = tf.Graph()
    with graph.as_default():
        v1.set_random_seed(_SEED)
        build()
    return graph.as_graph_def(add_shapes=add_shapes)


def _ref_var(name, shape, initializer=None):
    initializer = initializer or v1.glorot_uniform_initializer()
    return v1.get_variable(name, shape, tf.float32, initializer=initializer, use_resource=False)


def _dense(x, n_in, n_out, scope):
    with v1.variable_scope(scope):
        w = _ref_var("weights", [n_in, n_out])
        b = _ref_var("bias", [n_out], v1.zeros_initializer())
        return tf.nn.bias_add(tf.matmul(x, w), b)


def _xent_loss(logits, labels):
    xent = v1.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, name="xent")
    return tf.reduce_mean(xent, name="loss")


def mlp():
    """x[None,4] -> dense(8) -> relu -> dense(3) -> softmax xent vs one-hot labels."""
    def build():
        x = v1.placeholder(tf.float32, [None, 4], name="x")
        labels = v1.placeholder(tf.float32, [None, 3], name="labels")
        hidden = tf.nn.relu(_dense(x, 4, 8, "layer1"))
        _xent_loss(_dense(hidden, 8, 3, "layer2"), labels)
    return _in_graph(build)


def convnet():
    """x[None,8,8,1] -> conv3x3(4) + bias -> batch norm -> relu -> maxpool -> dense(3) -> xent."""
    def build():
        x = v1.placeholder(tf.float32, [None, 8, 8, 1], name="x")
        labels = v1.placeholder(tf.float32, [None, 3], name="labels")
        with v1.variable_scope("conv1"):
            kernel = _ref_var("kernel", [3, 3, 1, 4])
            bias = _ref_var("bias", [4], v1.zeros_initializer())
            conv = tf.nn.bias_add(tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME"), bias)
        with v1.variable_scope("bn1"):
            scale = _ref_var("gamma", [4], v1.ones_initializer())
            offset = _ref_var("beta", [4], v1.zeros_initializer())
            normed, _, _ = v1.nn.fused_batch_norm(conv, scale, offset, is_training=True)
        pooled = tf.nn.max_pool2d(tf.nn.relu(normed), 2, 2, "VALID")
        flat = tf.reshape(pooled, [-1, 4 * 4 * 4])
        _xent_loss(_dense(flat, 64, 3, "dense"), labels)
    return _in_graph(build)


def function_library():
    """Calls into GraphDef.library: tf.functions (PartitionedCall and StatefulPartitionedCall),
    a custom_gradient (IdentityN with _gradient_op_type) and a Defun with a GradientDef."""
    from tensorflow.python.framework import function  # Defun is the only way to get a GradientDef

    def build():
        @function.Defun(tf.float32, tf.float32)
        def square_grad(x, dy):
            return dy * 2.0 * x

        @function.Defun(tf.float32, grad_func=square_grad)
        def my_square(x):
            return x * x

        @tf.function
        def scaled_tanh(x, s):
            return tf.tanh(x) * s

        @tf.function
        def noisy(x):
            return x + tf.random.stateless_uniform([2], seed=[1, 2]) + tf.random.uniform([2], seed=7)

        @tf.function
        def clipped_identity(x):
            @tf.custom_gradient
            def f(t):
                return tf.identity(t), lambda dy: tf.clip_by_value(dy, -1.0, 1.0)
            return f(x)

        x = v1.placeholder(tf.float32, [2], name="x")
        parts = [my_square(x), scaled_tanh(x, tf.constant(2.0)), noisy(x), clipped_identity(x)]
        tf.add_n(parts, name="y")
    return _in_graph(build)


def while_loop_v1():
    """A v1 while loop: i < n, acc = tanh(acc * w); Enter/Exit/Merge/Switch/NextIteration/LoopCond."""
    def build():
        with control_flow_v1():
            x = v1.placeholder(tf.float32, [3], name="x")
            w = v1.placeholder(tf.float32, [], name="w")
            n = tf.constant(4, name="n")
            _, acc = v1.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, tf.tanh(a * w)),
                                   [tf.constant(0, name="i0"), x], name="loop")
            tf.identity(acc, name="y")
    return _in_graph(build)


def devices():
    """Explicit devices on most nodes and _class colocation groups (colocate_with)."""
    def build():
        with tf.device("/job:ps/task:0"):
            w = _ref_var("w", [3, 2])
        with tf.device("/job:worker/task:1/device:CPU:0"):
            x = v1.placeholder(tf.float32, [None, 3], name="x")
        with tf.device("/device:GPU:1"):
            mm = tf.matmul(x, w, name="mm")
        with v1.colocate_with(mm.op):
            act = tf.tanh(mm, name="act")
        with tf.device("/job:worker/replica:0/task:0/device:GPU:0"):
            y = tf.reduce_sum(act, name="y")
        with v1.colocate_with(y.op), v1.colocate_with(w.op):
            tf.identity(y, name="y_colocated_twice")
        tf.identity(y, name="no_device")
    graph_def = _in_graph(build)
    # A legacy spelling as older TF wrote it; TF itself canonicalises what tf.device() gets.
    for node in graph_def.node:
        if node.name == "no_device":
            node.device = "/job:worker/cpu:0"
    return graph_def


def output_shapes():
    """A graph with unknown dims everywhere, exported with _output_shapes attrs."""
    def build():
        x = v1.placeholder(tf.float32, [None, 4], name="x")
        u = v1.placeholder(tf.float32, None, name="unknown_rank")
        s = v1.placeholder(tf.float32, [], name="scalar")
        h = tf.nn.relu(tf.matmul(x, tf.constant(np.ones([4, 2], np.float32), name="w")), name="h")
        parts = tf.split(h, 2, axis=1, name="split")
        tf.concat(parts + [tf.reshape(u, [-1, 1]) * s], axis=0, name="y")
        tf.shape(u, name="dyn_shape")
    return _in_graph(build, add_shapes=True)


GRAPHS = {
    "mlp": mlp,
    "convnet": convnet,
    "function_library": function_library,
    "while_loop_v1": while_loop_v1,
    "devices": devices,
    "output_shapes": output_shapes,
}
