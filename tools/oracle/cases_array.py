"""Gradient cases for shape/array ops and ops that block gradients."""
import numpy as np

from .gradcase import Call, Case
from .tfenv import tf, v1

raw = tf.raw_ops


def _one(shape, fn, feed_shape=None, xs_extra=()):
    """y = fn(x) for a float32 placeholder x; fn gets the tensor and returns y (or a list of ys)."""
    def build(b):
        x = b.ph("x", shape, feed_shape=feed_shape)
        ys = fn(x)
        return Call(ys=ys if isinstance(ys, list) else [ys], xs=[x])
    return build


def _const(value, name, dtype=tf.int32):
    return tf.constant(value, dtype=dtype, name=name)


def _reshape_dynamic(b):
    x = b.ph("x", None, feed_shape=[2, 3])
    shape = b.ph("shape", [2], tf.int32, value=np.array([3, 2], np.int32))
    return Call(ys=[raw.Reshape(tensor=x, shape=shape, name="y")], xs=[x])


def _concat(shapes, axis, feeds=None):
    def build(b):
        xs = [b.ph(f"x{i}", s, feed_shape=None if feeds is None else feeds[i]) for i, s in enumerate(shapes)]
        return Call(ys=[raw.ConcatV2(values=xs, axis=_const(axis, "axis"), name="y")], xs=xs)
    return build


def _pack(b):
    xs = [b.ph(f"x{i}", [2]) for i in range(3)]
    return Call(ys=[raw.Pack(values=xs, axis=1, name="y")], xs=xs)


def _strided(shape, begin, end, strides, **masks):
    def fn(x):
        return tf.strided_slice(x, begin, end, strides, name="y", **masks)
    return _one(shape, fn)


def _gather(axis, indices):
    def build(b):
        params = b.ph("params", [4, 3])
        y = raw.GatherV2(params=params, indices=_const(indices, "indices"), axis=_const(axis, "axis"), name="y")
        return Call(ys=[y], xs=[params])
    return build


def _batch_gather(axis, batch_dims, params_shape, indices, indices_dtype=tf.int32):
    def build(b):
        params = b.ph("params", params_shape)
        y = raw.GatherV2(params=params, indices=_const(indices, "indices", indices_dtype), axis=_const(axis, "axis"),
                         batch_dims=batch_dims, name="y")
        return Call(ys=[y], xs=[params])
    return build


def _rows_of(t, xs, indices=(2, 0, 2)):
    """y = gather(t, indices) along axis 0: the gather's IndexedSlices gradient flows into t's rule."""
    y = raw.GatherV2(params=t, indices=_const(list(indices), "indices"), axis=_const(0, "axis"), name="y")
    return Call(ys=[y], xs=xs)


def _gather_of_tanh(b):
    # The IndexedSlices gradient of the gather reaches a dense rule (Tanh), which densifies it.
    params = b.ph("params", [4, 3])
    return _rows_of(raw.Tanh(x=params, name="t"), [params])


def _gather_of_binary(op, w_shape=(4, 3)):
    # IndexedSlices from the gather reach a dense binary rule, which converts them per use.
    def build(b):
        params = b.ph("params", [4, 3])
        w = b.ph("w", list(w_shape))
        return _rows_of(op(x=params, y=w, name="t"), [params, w])
    return build


def _gather_of_reshape(b):
    params = b.ph("params", [2, 6])
    return _rows_of(raw.Reshape(tensor=params, shape=_const([4, 3], "shape"), name="t"), [params])


def _gather_of_gather(b):
    params = b.ph("params", [5, 3])
    inner = raw.GatherV2(params=params, indices=_const([4, 1, 0, 1], "inner_indices"), axis=_const(0, "inner_axis"), name="t")
    return _rows_of(inner, [params])


def _gather_of_matmul(transpose_a, transpose_b):
    def build(b):
        a = b.ph("a", [3, 4] if transpose_a else [4, 3])
        w = b.ph("w", [2, 3] if transpose_b else [3, 2])
        return _rows_of(raw.MatMul(a=a, b=w, transpose_a=transpose_a, transpose_b=transpose_b, name="t"), [a, w])
    return build


def _gather_of_cast(b):
    params = b.ph("params", [4, 3], tf.float64)
    return _rows_of(raw.Cast(x=params, DstT=tf.float32, name="t"), [params])


def _gather_of_tile(b):
    params = b.ph("params", [2, 3])
    return _rows_of(raw.Tile(input=params, multiples=_const([3, 2], "multiples"), name="t"), [params], indices=(5, 0, 2))


def _gather_of_neg(b):
    params = b.ph("params", [4, 3])
    return _rows_of(raw.Neg(x=params, name="t"), [params])


def _gather_of_unary(op, domain="any", **attrs):
    def build(b):
        params = b.ph("params", [3, 4], domain=domain)
        return _rows_of(op(params, name="t", **attrs), [params])
    return build


def _gather_of_pow(b):
    params = b.ph("params", [4, 3], domain="pos")
    w = b.ph("w", [4, 3])
    return _rows_of(raw.Pow(x=params, y=w, name="t"), [params, w])


def _gather_of_concat(axis):
    # A concat of shards (a partitioned embedding) read by a gather: the IndexedSlices
    # gradient is split across the shards without being densified.
    def build(b):
        shards = [b.ph("shard0", [2, 3]), b.ph("shard1", [3, 3])] if axis == 0 else \
                 [b.ph("shard0", [4, 2]), b.ph("shard1", [4, 1])]
        table = raw.ConcatV2(values=shards, axis=_const(axis, "concat_axis"), name="table")
        indices = [4, 0, 2] if axis == 0 else [3, 0, 2]
        y = raw.GatherV2(params=table, indices=_const(indices, "indices"), axis=_const(0, "axis"), name="y")
        return Call(ys=[y], xs=shards)
    return build


def _select(v2):
    def build(b):
        cond_shape = [3] if v2 else [2, 3]
        cond = b.ph("cond", cond_shape, tf.bool, value=b.rng.integers(0, 2, cond_shape).astype(bool))
        x = b.ph("x", [2, 3])
        w = b.ph("w", [] if v2 else [2, 3])
        if v2:
            y = raw.SelectV2(condition=cond, t=x, e=w, name="y")
        else:
            y = raw.Select(condition=cond, x=x, y=w, name="y")
        return Call(ys=[y], xs=[x, w])
    return build


def _fill(b):
    value = b.ph("value", [])
    return Call(ys=[raw.Fill(dims=_const([2, 3], "dims"), value=value, name="y")], xs=[value])


def _bias_add(data_format, x_shape, bias_len):
    def build(b):
        x = b.ph("x", x_shape)
        bias = b.ph("bias", [bias_len])
        return Call(ys=[raw.BiasAdd(value=x, bias=bias, data_format=data_format, name="y")], xs=[x, bias])
    return build


def _blocked(fn):
    """y = Cast(fn(x), float32): x reaches y only through fn's int32 output, so its gradient is None."""
    def build(b):
        x = b.ph("x", [2, 3])
        return Call(ys=[raw.Cast(x=fn(x), DstT=tf.float32, name="y")], xs=[x])
    return build


def _one_hot(b):
    ids = b.ph("ids", [3], tf.int32, domain="int:3")
    on = b.ph("on", [])
    y = raw.OneHot(indices=ids, depth=_const(3, "depth"), on_value=on,
                   off_value=tf.constant(0.0, name="off"), name="y")
    return Call(ys=[y], xs=[on, ids])


def _range(b):
    start = b.ph("start", [], value=np.float32(0.5))
    y = raw.Range(start=start, limit=tf.constant(3.0, name="limit"), delta=tf.constant(1.0, name="delta"), name="y")
    return Call(ys=[y], xs=[start])


def _const_on_path(b):
    x = b.ph("x", [2, 3])
    c = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3), name="c")
    y = raw.Mul(x=raw.Tanh(x=x, name="t"), y=c, name="y")
    return Call(ys=[y], xs=[x, c])


def _likes(op):
    def build(b):
        x = b.ph("x", [2, 3])
        return Call(ys=[raw.AddV2(x=op(x=x, name="like"), y=x, name="y")], xs=[x])
    return build


def _dynamic_stitch(op):
    def build(b):
        a, c = b.ph("a", [2, 3]), b.ph("c", [3, 3])
        y = op(indices=[_const([0, 4], "ia"), _const([1, 2, 3], "ic")], data=[a, c], name="y")
        return Call(ys=[y], xs=[a, c], grad_ys=[b.ph("dy", [5, 3])])
    return build


def _gather_of_stitch(b):
    """A gather of a DynamicStitch: the IndexedSlices gradient is summed into the stitched rows."""
    a, c = b.ph("a", [2, 3]), b.ph("c", [3, 3])
    stitched = raw.DynamicStitch(indices=[_const([0, 4], "ia"), _const([1, 2, 3], "ic")], data=[a, c], name="stitched")
    y = raw.GatherV2(params=stitched, indices=_const([4, 1, 4], "rows"), axis=_const(0, "axis"), name="y")
    return Call(ys=[y], xs=[a, c], grad_ys=[b.ph("dy", [3, 3])])


def _partitioned_embedding(b):
    """tf.nn.embedding_lookup over two mod-partitioned shards: DynamicStitch of two gathers."""
    shards = [b.ph("shard0", [3, 2]), b.ph("shard1", [2, 2])]
    ids = _const([4, 0, 3, 1], "ids")
    y = v1.nn.embedding_lookup(shards, ids, partition_strategy="mod", name="lookup")
    return Call(ys=[raw.Tanh(x=y, name="y")], xs=shards)


def _segment(op, ids, segments=None):
    def build(b):
        x = b.ph("x", [len(ids), 3])
        kwargs = {"num_segments": _const(segments, "num_segments")} if segments else {}
        y = op(data=x, segment_ids=_const(ids, "ids"), name="y", **kwargs)
        rows = segments or max(ids) + 1
        return Call(ys=[y], xs=[x], grad_ys=[b.ph("dy", [rows, 3])])
    return build


def _gather_nd(indices, params_shape=(3, 4)):
    def build(b):
        params = b.ph("params", list(params_shape))
        y = raw.GatherNd(params=params, indices=_const(indices, "indices"), name="y")
        return Call(ys=[y], xs=[params], grad_ys=[b.ph("dy", y.shape.as_list())])
    return build


def _scatter_nd(b):
    updates = b.ph("updates", [2, 3])
    y = raw.ScatterNd(indices=_const([[2], [0]], "indices"), updates=updates, shape=_const([4, 3], "shape"), name="y")
    return Call(ys=[y], xs=[updates], grad_ys=[b.ph("dy", [4, 3])])


def _space_depth(op, shape, data_format="NHWC"):
    def build(b):
        x = b.ph("x", shape)
        y = op(input=x, block_size=2, data_format=data_format, name="y")
        return Call(ys=[y], xs=[x], grad_ys=[b.ph("dy", y.shape.as_list())])
    return build


def _print_on_path(b):
    x, other = b.ph("x", [2, 3]), b.ph("other", [2])
    y = raw.Print(input=raw.Tanh(x=x, name="t"), data=[x, other], message="t = ", name="p")
    return Call(ys=[raw.Sigmoid(x=y, name="y")], xs=[x, other])


def _check_numerics(b):
    x = b.ph("x", [2, 3])
    return Call(ys=[raw.Tanh(x=raw.CheckNumerics(tensor=x, message="x is bad", name="checked"), name="y")], xs=[x])


def _accumulate_n(b):
    xs = [b.ph(f"x{i}", [2, 3]) for i in range(3)]
    return Call(ys=[raw.Tanh(x=tf.math.accumulate_n(xs, name="acc"), name="y")], xs=xs)


def _sparse_segment(op, segments=None):
    def build(b):
        x = b.ph("x", [5, 3])
        extra = {"num_segments": _const(segments, "num_segments")} if segments else {}
        y = op(data=x, indices=_const([0, 2, 4, 2], "indices"), segment_ids=_const([0, 0, 1, 2], "segment_ids"), name="y",
               **extra)
        return Call(ys=[y], xs=[x], grad_ys=[b.ph("dy", [segments or 3, 3])])
    return build


def _embedding_lookup_sparse(b):
    """embedding_lookup_sparse(combiner="mean"): Unique ids, a gather, SparseSegmentMean."""
    params = b.ph("params", [6, 4])
    sp_ids = tf.sparse.SparseTensor(indices=[[0, 0], [0, 1], [1, 0], [2, 0], [2, 1], [2, 2]],
                                    values=tf.constant([5, 1, 3, 1, 0, 5], tf.int64), dense_shape=[3, 3])
    y = v1.nn.embedding_lookup_sparse(params, sp_ids, None, combiner="mean", name="lookup")
    return Call(ys=[raw.Tanh(x=y, name="y")], xs=[params])


def _cumprod(exclusive, reverse):
    def build(b):
        x = b.ph("x", [2, 4])
        y = raw.Cumprod(x=x, axis=_const(1, "axis"), exclusive=exclusive, reverse=reverse, name="y")
        return Call(ys=[y], xs=[x], grad_ys=[b.ph("dy", [2, 4])])
    return build


CASES = [
    Case("op_sparse_segment_sum", "SparseSegmentSum x[5,3] rows [0,2,4,2] into segments [0,0,1,2]",
         _sparse_segment(raw.SparseSegmentSum)),
    Case("op_sparse_segment_mean", "SparseSegmentMean x[5,3] rows [0,2,4,2] into segments [0,0,1,2]",
         _sparse_segment(raw.SparseSegmentMean)),
    Case("op_sparse_segment_sqrt_n", "SparseSegmentSqrtN x[5,3] rows [0,2,4,2] into segments [0,0,1,2]",
         _sparse_segment(raw.SparseSegmentSqrtN)),
    Case("op_sparse_segment_sum_with_num_segments", "SparseSegmentSumWithNumSegments x[5,3] into 4 segments",
         _sparse_segment(raw.SparseSegmentSumWithNumSegments, 4)),
    Case("op_sparse_segment_mean_with_num_segments", "SparseSegmentMeanWithNumSegments x[5,3] into 4 segments",
         _sparse_segment(raw.SparseSegmentMeanWithNumSegments, 4)),
    Case("embedding_lookup_sparse_mean", "embedding_lookup_sparse(params[6,4], 3 bags of ids, combiner mean), then tanh",
         _embedding_lookup_sparse),
    Case("op_cumprod", "Cumprod x[2,4] along axis 1", _cumprod(False, False)),
    Case("op_cumprod_exclusive_reverse", "Cumprod x[2,4] along axis 1, exclusive and reverse", _cumprod(True, True)),
    Case("op_dynamic_stitch", "DynamicStitch of a[2,3] at [0,4] and c[3,3] at [1,2,3], grad_ys dy",
         _dynamic_stitch(raw.DynamicStitch)),
    Case("op_parallel_dynamic_stitch", "ParallelDynamicStitch, as op_dynamic_stitch", _dynamic_stitch(raw.ParallelDynamicStitch)),
    Case("slices_into_dynamic_stitch", "GatherV2 of a DynamicStitch: the IndexedSlices are summed before the gathers",
         _gather_of_stitch),
    Case("embedding_partitioned_mod", "embedding_lookup over two mod-partitioned shards (gathers joined by DynamicStitch)",
         _partitioned_embedding),
    Case("op_unsorted_segment_sum", "UnsortedSegmentSum x[4,3] ids [0,2,-1,0] into 3 segments (a negative id drops its row)",
         _segment(raw.UnsortedSegmentSum, [0, 2, -1, 0], 3)),
    Case("op_segment_sum", "SegmentSum x[4,3] sorted ids [0,0,1,2]", _segment(raw.SegmentSum, [0, 0, 1, 2])),
    Case("op_gather_nd_rows", "GatherNd params[3,4] indices [[2],[0]] (rows: IndexedSlices)", _gather_nd([[2], [0]])),
    Case("op_gather_nd_elements", "GatherNd params[3,4] indices [[2,1],[0,3],[2,1]] (ScatterNd)",
         _gather_nd([[2, 1], [0, 3], [2, 1]])),
    Case("op_scatter_nd", "ScatterNd of updates[2,3] into rows [2,0] of a [4,3]", _scatter_nd),
    Case("op_depth_to_space", "DepthToSpace x[1,2,2,8] block 2 (NHWC)", _space_depth(raw.DepthToSpace, [1, 2, 2, 8])),
    Case("op_space_to_depth", "SpaceToDepth x[1,4,4,2] block 2 (NHWC)", _space_depth(raw.SpaceToDepth, [1, 4, 4, 2])),
    Case("op_print", "Print on the path: its first input gets the gradient, the printed data None", _print_on_path),
    Case("op_check_numerics", "CheckNumerics on the path: the gradient is checked too, with TF's message",
         _check_numerics),
    Case("op_accumulate_n", "accumulate_n of three [2,3] placeholders (AccumulateNV2 in graph mode)", _accumulate_n),
    Case("op_reshape_static", "Reshape [2,3] -> [3,2] with a Const shape",
         _one([2, 3], lambda x: raw.Reshape(tensor=x, shape=_const([3, 2], "shape"), name="y"))),
    Case("op_reshape_unknown_dim", "Reshape [None,3] -> [-1]",
         _one([None, 3], lambda x: raw.Reshape(tensor=x, shape=_const([-1], "shape"), name="y"))),
    Case("op_reshape_dynamic", "Reshape of an unknown-rank x to a shape fed through a placeholder",
         _reshape_dynamic),
    Case("op_transpose", "Transpose [2,3,4] with perm [2,0,1]",
         _one([2, 3, 4], lambda x: raw.Transpose(x=x, perm=_const([2, 0, 1], "perm"), name="y"))),
    Case("op_expand_dims", "ExpandDims [2,3] at axis 1",
         _one([2, 3], lambda x: raw.ExpandDims(input=x, axis=_const(1, "axis"), name="y"))),
    Case("op_squeeze_axis", "Squeeze [2,1,3] at axis [1]",
         _one([2, 1, 3], lambda x: raw.Squeeze(input=x, axis=[1], name="y"))),
    Case("op_squeeze_all", "Squeeze [1,3,1] with no axis", _one([1, 3, 1], lambda x: raw.Squeeze(input=x, name="y"))),
    Case("op_tile", "Tile [2,3] by [2,1]",
         _one([2, 3], lambda x: raw.Tile(input=x, multiples=_const([2, 1], "multiples"), name="y"))),
    Case("op_tile_dynamic", "Tile [None,3] by [1,2]",
         _one([None, 3], lambda x: raw.Tile(input=x, multiples=_const([1, 2], "multiples"), name="y"))),
    Case("op_concat_static", "ConcatV2 of [2,3] and [2,2] on axis 1", _concat([[2, 3], [2, 2]], 1)),
    Case("op_concat_dynamic", "ConcatV2 of [None,3] and [None,3] on axis 0",
         _concat([[None, 3], [None, 3]], 0, feeds=[[2, 3], [1, 3]])),
    Case("op_concat_negative_axis", "ConcatV2 of [2,1] and [2,2] on axis -1", _concat([[2, 1], [2, 2]], -1)),
    Case("op_concat_18_inputs", "ConcatV2 of 18 [1,2] inputs on axis 0 (more than 16 inputs)",
         _concat([[1, 2]] * 18, 0)),
    Case("op_pack", "Pack three [2] tensors on axis 1", _pack),
    Case("op_unpack", "Unpack [3,2] on axis 0; ys are outputs 0 and 2 (output 1 zero-filled)",
         _one([3, 2], lambda x: [raw.Unpack(value=x, num=3, axis=0, name="y")[i] for i in (0, 2)])),
    Case("op_split", "Split [2,6] into 3 on axis 1; ys are outputs 0 and 2",
         _one([2, 6], lambda x: [raw.Split(axis=_const(1, "axis"), value=x, num_split=3, name="y")[i] for i in (0, 2)])),
    Case("op_split_v", "SplitV [2,5] into sizes [2,3] on axis 1; y is output 1",
         _one([2, 5], lambda x: raw.SplitV(value=x, size_splits=_const([2, 3], "sizes"),
                                           axis=_const(1, "axis"), num_split=2, name="y")[1])),
    Case("op_slice", "Slice [3,4] begin [1,0] size [2,3]",
         _one([3, 4], lambda x: raw.Slice(input=x, begin=_const([1, 0], "begin"),
                                          size=_const([2, 3], "size"), name="y"))),
    Case("op_strided_slice_basic", "StridedSlice [4,3][1:3, 0:2]", _strided([4, 3], [1, 0], [3, 2], [1, 1])),
    Case("op_strided_slice_masks", "StridedSlice [4,3][:2, 1:] via begin_mask/end_mask",
         _strided([4, 3], [0, 1], [2, 0], [1, 1], begin_mask=1, end_mask=2)),
    Case("op_strided_slice_ellipsis", "StridedSlice [2,3,4][..., 1] via ellipsis_mask and shrink_axis_mask",
         _strided([2, 3, 4], [0, 1], [0, 2], [1, 1], ellipsis_mask=1, shrink_axis_mask=2)),
    Case("op_strided_slice_new_axis", "StridedSlice [2,3][:, newaxis, :] via new_axis_mask",
         _strided([2, 3], [0, 0, 0], [0, 0, 0], [1, 1, 1], begin_mask=5, end_mask=5, new_axis_mask=2)),
    Case("op_strided_slice_shrink", "StridedSlice [2,3][1] via shrink_axis_mask",
         _strided([2, 3], [1], [2], [1], shrink_axis_mask=1)),
    Case("op_strided_slice_negative_stride", "StridedSlice [4,2][::-2]",
         _strided([4, 2], [0], [0], [-2], begin_mask=1, end_mask=1)),
    Case("op_pad", "Pad [2,3] with paddings [[1,0],[0,2]]",
         _one([2, 3], lambda x: raw.Pad(input=x, paddings=_const([[1, 0], [0, 2]], "paddings"), name="y"))),
    Case("op_gather_axis0", "GatherV2 params[4,3] indices [2,0,2] axis 0 (IndexedSlices result)",
         _gather(0, [2, 0, 2])),
    Case("op_gather_axis1", "GatherV2 params[4,3] indices [1,0] axis 1", _gather(1, [1, 0])),
    Case("op_gather_batch_dims1", "GatherV2 params[2,4,3] indices[2,2] axis 1 batch_dims 1",
         _batch_gather(1, 1, [2, 4, 3], [[3, 0], [1, 1]])),
    Case("op_gather_batch_dims1_int64", "GatherV2 params[2,4,3] int64 indices[2,2] axis 1 batch_dims 1 "
         "(the batch offsets are computed in int64)", _batch_gather(1, 1, [2, 4, 3], [[3, 0], [1, 1]], tf.int64)),
    Case("op_gather_batch_dims2_int64", "GatherV2 params[2,2,4,3] int64 indices[2,2,2] axis 2 batch_dims 2",
         _batch_gather(2, 2, [2, 2, 4, 3], [[[3, 0], [1, 1]], [[2, 2], [0, 3]]], tf.int64)),
    Case("op_gather_batch_dims1_axis2", "GatherV2 params[2,3,4] indices[2,3] axis 2 batch_dims 1",
         _batch_gather(2, 1, [2, 3, 4], [[3, 0, 1], [2, 2, 0]])),
    Case("op_gather_batch_dims2", "GatherV2 params[2,2,4,3] indices[2,2,2] axis 2 batch_dims -1 (= 2)",
         _batch_gather(2, -1, [2, 2, 4, 3], [[[3, 0], [1, 1]], [[0, 2], [3, 3]]])),
    Case("slices_into_tanh", "GatherV2 of Tanh(params): the IndexedSlices gradient is densified for TanhGrad",
         _gather_of_tanh),
    Case("slices_into_mul", "GatherV2 of Mul(params, w): the IndexedSlices gradient reaches Mul's rule",
         _gather_of_binary(raw.Mul)),
    Case("slices_into_add", "GatherV2 of AddV2(params, w): the IndexedSlices gradient reaches AddV2's rule",
         _gather_of_binary(raw.AddV2)),
    Case("slices_into_realdiv", "GatherV2 of RealDiv(params, w): the rows are densified in RealDiv and in the mul",
         _gather_of_binary(raw.RealDiv)),
    Case("slices_into_add_broadcast", "GatherV2 of AddV2(params[4,3], w[3]): x keeps the rows, w's side is summed",
         _gather_of_binary(raw.AddV2, (3,))),
    Case("slices_into_sub", "GatherV2 of Sub(params, w): the rows pass to x and, negated, to w",
         _gather_of_binary(raw.Sub)),
    Case("slices_into_mul_broadcast", "GatherV2 of Mul(params[4,3], w[3]): densified per Mul, w's side summed",
         _gather_of_binary(raw.Mul, (3,))),
    Case("slices_into_reshape", "GatherV2 of Reshape(params[2,6], [4,3]): the rows are densified for Reshape's rule",
         _gather_of_reshape),
    Case("slices_into_gather", "GatherV2 of GatherV2(params): the outer rows are densified for the inner gather's rule",
         _gather_of_gather),
    Case("slices_into_cast", "GatherV2 of Cast(params float64 -> float32): the rows stay sparse, values cast back",
         _gather_of_cast),
    Case("slices_into_tile", "GatherV2 of Tile(params[2,3], [3,2]): rows folded onto the input's rows, then summed",
         _gather_of_tile),
    Case("slices_into_neg", "GatherV2 of Neg(params): the rows stay sparse, values negated", _gather_of_neg),
    Case("slices_into_transpose", "GatherV2 of Transpose(params[3,4]): the rows are densified inside the transpose",
         _gather_of_unary(lambda x, name: raw.Transpose(x=x, perm=_const([1, 0], "perm"), name=name))),
    Case("slices_into_square", "GatherV2 of Square(params): the rows reach Square's rule",
         _gather_of_unary(lambda x, name: raw.Square(x=x, name=name))),
    Case("slices_into_exp", "GatherV2 of Exp(params): the rows reach Exp's rule",
         _gather_of_unary(lambda x, name: raw.Exp(x=x, name=name))),
    Case("slices_into_sum", "GatherV2 of Sum(params[3,4], axis 1, keep_dims): the rows reach Sum's rule",
         _gather_of_unary(lambda x, name: raw.Sum(input=x, axis=_const([1], "sum_axis"), keep_dims=True, name=name))),
    Case("slices_into_mean", "GatherV2 of Mean(params[3,4], axis 1, keep_dims): the rows reach Mean's rule",
         _gather_of_unary(lambda x, name: raw.Mean(input=x, axis=_const([1], "mean_axis"), keep_dims=True, name=name))),
    Case("slices_into_log", "GatherV2 of Log(params): the rows reach Log's rule",
         _gather_of_unary(lambda x, name: raw.Log(x=x, name=name), domain="pos")),
    Case("slices_into_cos", "GatherV2 of Cos(params): the rows are negated, then densified in the mul",
         _gather_of_unary(lambda x, name: raw.Cos(x=x, name=name))),
    Case("slices_into_relu", "GatherV2 of Relu(params): the rows are densified inside ReluGrad",
         _gather_of_unary(lambda x, name: raw.Relu(features=x, name=name))),
    Case("slices_into_softplus", "GatherV2 of Softplus(params): the rows reach Softplus's rule",
         _gather_of_unary(lambda x, name: raw.Softplus(features=x, name=name))),
    Case("slices_into_max", "GatherV2 of Max(params[3,4], axis 1, keep_dims): the rows are densified in the mul",
         _gather_of_unary(lambda x, name: raw.Max(input=x, axis=_const([1], "max_axis"), keep_dims=True, name=name))),
    Case("slices_into_min", "GatherV2 of Min(params[3,4], axis 1): the rows are densified in the reshape (Reshape_1/tensor)",
         _gather_of_unary(lambda x, name: raw.Min(input=x, axis=_const([1], "min_axis"), keep_dims=False, name=name))),
    Case("slices_into_squared_difference", "GatherV2 of SquaredDifference(params, w): the rows are scaled sparse, then densified",
         _gather_of_binary(raw.SquaredDifference)),
    Case("slices_into_pow", "GatherV2 of Pow(params, w): the rows are densified in each product with the gradient",
         _gather_of_pow),
    Case("slices_into_maximum", "GatherV2 of Maximum(params, w): zeros_like and both selects densify the rows",
         _gather_of_binary(raw.Maximum)),
    Case("slices_into_matmul", "GatherV2 of MatMul(a, w): the rows are densified in each MatMul (MatMul/a, MatMul_1/b)",
         _gather_of_matmul(False, False)),
    Case("slices_into_matmul_tt", "GatherV2 of MatMul(a^T, w^T): the rows are densified as operand b, then a",
         _gather_of_matmul(True, True)),
    Case("slices_through_concat", "GatherV2 of ConcatV2 axis 0 of two shards: IndexedSlices split by index range",
         _gather_of_concat(0)),
    Case("slices_through_concat_axis1", "GatherV2 of ConcatV2 axis 1: IndexedSlices values sliced per shard",
         _gather_of_concat(1)),
    Case("op_select", "Select with bool cond[2,3], x[2,3], w[2,3]", _select(False)),
    Case("op_select_v2", "SelectV2 broadcasting cond[3], x[2,3], w[]", _select(True)),
    Case("op_fill", "Fill dims [2,3] with a scalar placeholder value", _fill),
    Case("op_zeros_like", "y = ZerosLike(x) + x (ZerosLike blocks)", _likes(raw.ZerosLike)),
    Case("op_ones_like", "y = OnesLike(x) + x (OnesLike blocks)", _likes(raw.OnesLike)),
    Case("op_bias_add", "BiasAdd x[2,3] + bias[3], NHWC", _bias_add("NHWC", [2, 3], 3)),
    Case("op_bias_add_nchw", "BiasAdd x[2,3,2,2] + bias[3], NCHW", _bias_add("NCHW", [2, 3, 2, 2], 3)),
    Case("nondiff_shape", "y = Cast(Shape(x)); x only reaches y through an int32 edge (None)",
         _blocked(lambda x: raw.Shape(input=x, name="s"))),
    Case("nondiff_size", "y = Cast(Size(x)) (None)", _blocked(lambda x: raw.Size(input=x, name="s"))),
    Case("nondiff_rank", "y = Cast(Rank(x)) (None)", _blocked(lambda x: raw.Rank(input=x, name="s"))),
    Case("nondiff_one_hot", "OneHot with a float on_value placeholder and int ids (both None)", _one_hot),
    Case("nondiff_range", "Range with a float start placeholder (None)", _range),
    Case("nondiff_const_on_path", "y = tanh(x) * c with c a Const; xs = [x, c] (c gets a gradient)",
         _const_on_path),
]
