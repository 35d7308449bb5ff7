"""Deterministic writers, so regenerating testdata is byte-identical and diffs show real changes."""
import io
import json
import os
import shutil
import zipfile

import numpy as np
from google.protobuf import text_format

# np.savez stamps the current time into the zip; a fixed stamp keeps reruns identical.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def save_npz(path, arrays):
    """Writes {key: array} as an .npz readable by np.load, with sorted keys and fixed metadata."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for key in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())


def load_npz(path):
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def save_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def save_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


def save_proto(path, message):
    save_bytes(path, message.SerializeToString(deterministic=True))


def save_pbtxt(path, message):
    # Same printer tf.io.write_graph(as_text=True) uses; map entries come out sorted.
    with open(path, "w", encoding="utf-8") as f:
        f.write(text_format.MessageToString(message))


def fresh_dir(path):
    """Wipes and recreates an output folder so stale cases never linger."""
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path)
