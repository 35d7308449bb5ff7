"""Helpers shared by the TensorFlow oracle scripts in tools/ (dev-only; never shipped)."""
