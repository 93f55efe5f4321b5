"""Look at a GGUF file before llama.cpp does: llama.cpp aborts the whole process on some
malformed files, so a bad download must be refused here with a sentence, not a crash."""
from __future__ import annotations

import os
import struct
from pathlib import Path

MAGIC = b"GGUF"
MIN_BYTES = 1024 * 1024  # the smallest useful model is far bigger than a header
MAX_COUNT = 10_000_000


class BadModel(Exception):
    pass


def check(path: str | os.PathLike) -> dict:
    """Raises BadModel with a user-facing sentence; returns {'version', 'tensors', 'kv', 'size'}."""
    p = Path(path)
    if not p.exists():
        raise BadModel(f"model file not found: {p}")
    if not p.is_file():
        raise BadModel(f"model path is not a file: {p}")
    size = p.stat().st_size
    try:
        with open(p, "rb") as f:
            head = f.read(24)
    except OSError as exc:
        raise BadModel(f"cannot read model file {p.name}: {exc.strerror or exc}") from exc
    if len(head) < 24 or head[:4] != MAGIC:
        raise BadModel(f"{p.name} is not a GGUF model file (wrong header)")
    version, tensors, kv = struct.unpack("<IQQ", head[4:24])
    if version not in (2, 3):
        raise BadModel(f"{p.name} uses GGUF version {version}, which this app cannot read")
    if tensors == 0 or tensors > MAX_COUNT or kv > MAX_COUNT:
        raise BadModel(f"{p.name} has a corrupt GGUF header")
    if size < MIN_BYTES:
        raise BadModel(f"{p.name} is too small ({size} bytes) to be a model: truncated download?")
    return {"version": version, "tensors": tensors, "kv": kv, "size": size}
