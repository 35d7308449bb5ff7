"""Imports TensorFlow in the mode the oracle needs: quiet, plain Eigen kernels, graph mode."""
import os

# Must be set before TensorFlow is imported: quiet logs, and no oneDNN so values round
# the way plain Eigen kernels do (tf-oracle.md).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import tensorflow as tf  # noqa: E402

tf.get_logger().setLevel("ERROR")  # deprecation chatter from v1 APIs is expected here
tf.compat.v1.disable_eager_execution()
v1 = tf.compat.v1


class control_flow_v1:
    """Context manager: build v1 Switch/Merge/Enter/Exit loops inside, v2 elsewhere."""

    def __enter__(self):
        v1.disable_control_flow_v2()

    def __exit__(self, *exc):
        v1.enable_control_flow_v2()
        return False
