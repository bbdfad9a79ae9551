"""Writing a Whitespot factors file (models/README.md, "Factors files").

A safetensors container that `whitespot import-factors` turns into a model file: tensors
`customer_factors` and `product_factors` (F32, [rows, k], row-major, little-endian) and
`customer_ids` and `product_ids` (U8: a UTF-8 JSON array of the ids, indexing the rows);
`__metadata__` strings `format` = `whitespot-factors`, `format_version` = `1`, `factors`,
`parameters` (JSON of Whitespot's training parameters), `pairs` (purchase pairs trained on)
and `trainer` (free text). The header is padded with spaces to a multiple of 8 bytes.
"""

import json
import os
import struct
import tempfile

import numpy as np

FORMAT = "whitespot-factors"
FORMAT_VERSION = "1"


def encode(customer_ids, customer_factors, product_ids, product_factors, parameters, pairs, trainer):
    """The bytes of a factors file."""
    customer_factors = np.ascontiguousarray(customer_factors, dtype="<f4")
    product_factors = np.ascontiguousarray(product_factors, dtype="<f4")
    k = customer_factors.shape[1]
    if product_factors.shape[1] != k or len(customer_ids) != customer_factors.shape[0] \
            or len(product_ids) != product_factors.shape[0]:
        raise ValueError("ids and factor rows do not match")
    if not (np.isfinite(customer_factors).all() and np.isfinite(product_factors).all()):
        raise ValueError("the factors are not all finite (alpha or regularisation far too large?)")
    tensors = [
        ("customer_factors", "F32", list(customer_factors.shape), customer_factors.tobytes()),
        ("product_factors", "F32", list(product_factors.shape), product_factors.tobytes()),
        ("customer_ids", "U8", None, json.dumps(list(customer_ids), ensure_ascii=False).encode("utf-8")),
        ("product_ids", "U8", None, json.dumps(list(product_ids), ensure_ascii=False).encode("utf-8")),
    ]
    header, offset = {}, 0
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape or [len(data)], "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    header["__metadata__"] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "factors": str(k),
        "parameters": json.dumps(parameters, sort_keys=True), "pairs": str(int(pairs)), "trainer": trainer,
    }
    text = json.dumps(header, ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(t[3] for t in tensors)


def write(path, contents):
    """Writes `contents` to `path` atomically (a temporary file in the same directory, renamed)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=directory)
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(contents)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
