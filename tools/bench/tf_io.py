"""Python protobuf (the upb backend TF ships) decoding and encoding a GraphDef file, in process.

    tf_io.py FILE [--repeats 3]

Binary (.pb): decode = read file + GraphDef.FromString, encode = SerializeToString + write file
(write to a scratch file beside FILE, removed after). Text (.pbtxt): text_format.Parse and
text_format.MessageToString, likewise with the file read/write. Prints one JSON object with
per-repeat seconds, file size, node count and the protobuf implementation.
"""
import argparse
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
from google.protobuf import text_format  # noqa: E402
from google.protobuf.internal import api_implementation  # noqa: E402
from tensorflow.core.framework import graph_pb2  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    text = args.file.endswith(".pbtxt")
    scratch = os.path.join(os.path.dirname(os.path.abspath(args.file)), ".tf_io_scratch" + (".pbtxt" if text else ".pb"))
    result = {"decode_s": [], "parse_only_s": [], "encode_s": [], "serialize_only_s": [],
              "bytes": os.path.getsize(args.file), "implementation": api_implementation.Type()}
    for _ in range(args.repeats):
        start = time.perf_counter()
        with open(args.file, "rb") as f:
            data = f.read()
        parse_start = time.perf_counter()
        if text:
            graph_def = text_format.Parse(data.decode(), graph_pb2.GraphDef())
        else:
            graph_def = graph_pb2.GraphDef.FromString(data)
        end = time.perf_counter()
        result["decode_s"].append(end - start)
        result["parse_only_s"].append(end - parse_start)
        start = time.perf_counter()
        out = text_format.MessageToString(graph_def).encode() if text else graph_def.SerializeToString()
        serialized = time.perf_counter()
        with open(scratch, "wb") as f:
            f.write(out)
        result["encode_s"].append(time.perf_counter() - start)
        result["serialize_only_s"].append(serialized - start)
        result["nodes"] = len(graph_def.node)
        del graph_def, data, out
    os.remove(scratch)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
