"""Writes the small NumPy files the NumpyIO tests read, into testdata/npy/.

Usage: tools/.venv-tf/bin/python tools/make_npy_fixtures.py

Values are simple functions of np.arange so the tests state them inline. savez.npz comes
from numpy.savez itself (stored members; its timestamp varies per run); the compressed
archive is written with a fixed timestamp.
"""
import io
import os
import zipfile

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "npy")
EPOCH = (1980, 1, 1, 0, 0, 0)


def save(name, array, version=None):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, version=version, allow_pickle=False)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(buf.getvalue())
    return buf.getvalue()


def save_npz(name, arrays, compression):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", compression=compression) as zf:
        for key, array in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, array, allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=EPOCH)
            info.compress_type = compression
            zf.writestr(info, buf.getvalue())


def main():
    os.makedirs(OUT, exist_ok=True)
    f4 = (np.arange(6, dtype=np.float32) * 0.5 - 1).reshape(2, 3)
    save("f4_2x3.npy", f4)
    save("f8_scalar.npy", np.array(2.25, dtype=np.float64))
    save("i4_vector.npy", np.arange(-2, 3, dtype=np.int32))
    save("i8_2x2.npy", np.array([[1, -2], [3, 2**40]], dtype=np.int64))
    save("b1_vector.npy", np.array([True, False, True]))
    save("u1_vector.npy", np.array([0, 7, 255], dtype=np.uint8))
    save("i2_vector.npy", np.array([-300, 0, 300], dtype=np.int16))
    save("f4_big_endian.npy", f4.astype(">f4"))
    save("f4_fortran.npy", np.asfortranarray(f4))
    save("f4_empty_0x3.npy", np.zeros((0, 3), dtype=np.float32))
    save("f4_v2.npy", f4, version=(2, 0))
    save("f4_v3.npy", f4, version=(3, 0))
    arrays = {"x:0": f4, "w": np.arange(3, dtype=np.float64), "grad:gradients/y_grad/mul:0": np.array([1, 2], dtype=np.int32)}
    np.savez(os.path.join(OUT, "savez.npz"), **arrays)  # numpy's own writer: stored members, ZIP64 extras
    save_npz("savez_compressed.npz", arrays, zipfile.ZIP_DEFLATED)

    # Bad inputs: each must give a clear error, never a crash.
    good = save("bad_truncated.npy", f4)
    with open(os.path.join(OUT, "bad_truncated.npy"), "wb") as f:
        f.write(good[:-5])
    with open(os.path.join(OUT, "bad_magic.npy"), "wb") as f:
        f.write(b"NOTNUMPY" + good[8:])
    save("bad_complex.npy", np.array([1 + 2j], dtype=np.complex64))
    save("bad_unicode.npy", np.array(["ab"]))
    with open(os.path.join(OUT, "bad_header.npy"), "wb") as f:
        header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3 }"
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header)
    with open(os.path.join(OUT, "bad_not_zip.npz"), "wb") as f:
        f.write(good)
    with open(os.path.join(OUT, "savez.npz"), "rb") as f:
        archive = f.read()
    with open(os.path.join(OUT, "bad_truncated.npz"), "wb") as f:
        f.write(archive[:40] + archive[-200:])
    save("f8_wrong_dtype_feed.npy", f4.astype(np.float64))


if __name__ == "__main__":
    main()
