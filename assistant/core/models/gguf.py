"""Look at a GGUF file before llama.cpp does: llama.cpp aborts the whole process on some
malformed files, so a bad download must be refused here with a sentence, not a crash."""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass
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


# --- What the model needs on a GPU -------------------------------------------------------------
# llama.cpp offloads whole transformer blocks ("n_gpu_layers"); to choose how many fit, we need the
# bytes of each block's weights and of its KV cache. Both come from the GGUF header: the tensor
# table (a tensor's bytes = the gap to the next tensor's offset, so no quantization table is
# needed) and the architecture's block count, KV heads and head sizes.

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
STRING, ARRAY = 8, 9


@dataclass
class Layout:
    architecture: str
    blocks: int  # transformer blocks (llama.cpp's "layers")
    block_bytes: list[int]  # weights of each block
    other_bytes: int  # token embeddings, output head, norms: what stays outside the blocks
    kv_bytes_per_token_per_block: int  # f16 K and V cache

    def block_cost(self, n_ctx: int) -> int:
        """Average bytes one offloaded block needs on the GPU at this context length."""
        return sum(self.block_bytes) // max(self.blocks, 1) + self.kv_bytes_per_token_per_block * n_ctx

    def total_gpu_bytes(self, n_ctx: int) -> int:
        return self.other_bytes + self.blocks * self.block_cost(n_ctx)


class _Reader:
    def __init__(self, f):
        self.f = f

    def take(self, fmt: str):
        size = struct.calcsize(fmt)
        data = self.f.read(size)
        if len(data) != size:
            raise BadModel("the GGUF header ends early: truncated file?")
        return struct.unpack(fmt, data)[0]

    def string(self) -> str:
        n = self.take("<Q")
        if n > 1 << 24:
            raise BadModel("the GGUF header is corrupt (a string longer than 16 MB)")
        return self.f.read(n).decode("utf-8", "replace")

    def skip_string(self) -> None:
        self.f.seek(self.take("<Q"), 1)

    def value(self, kind: int, keep: bool = True):
        if kind in _SCALARS:
            return self.take(_SCALARS[kind])
        if kind == STRING:
            return self.string() if keep else self.skip_string()
        if kind == ARRAY:
            item, count = self.take("<I"), self.take("<Q")
            if count > MAX_COUNT * 100:
                raise BadModel("the GGUF header is corrupt (an array too long)")
            if item in _SCALARS:  # skip without decoding: tokenizer scores and types are big
                self.f.seek(struct.calcsize(_SCALARS[item]) * count, 1)
            else:
                for _ in range(count):
                    self.value(item, keep=False)
            return None
        raise BadModel(f"the GGUF header is corrupt (unknown value type {kind})")


def layout(path: str | os.PathLike) -> Layout:
    """The GPU-relevant shape of a GGUF model. Raises BadModel on a file it cannot read."""
    info = check(path)
    meta: dict = {}
    tensors: list[tuple[str, int]] = []
    with open(path, "rb") as raw:
        import io

        f = io.BufferedReader(raw, 1 << 20)
        f.seek(24)
        r = _Reader(f)
        for _ in range(info["kv"]):
            key = r.string()
            kind = r.take("<I")
            # Arrays (the vocabulary) are skipped, scalars and strings kept.
            meta[key] = r.value(kind, keep=kind != ARRAY)
        for _ in range(info["tensors"]):
            name = r.string()
            dims = r.take("<I")
            if dims > 8:
                raise BadModel("the GGUF tensor table is corrupt")
            f.seek(8 * dims + 4, 1)  # shape and type: sizes come from the offsets
            tensors.append((name, r.take("<Q")))
        align = int(meta.get("general.alignment") or 32)
        data_start = -(-f.tell() // align) * align
    arch = str(meta.get("general.architecture") or "")
    blocks = int(meta.get(f"{arch}.block_count") or 0)
    if not arch or not blocks:
        raise BadModel("the GGUF file does not say its architecture or block count")
    tensors.sort(key=lambda t: t[1])
    data_bytes = info["size"] - data_start
    block_bytes = [0] * blocks
    other = 0
    for i, (name, off) in enumerate(tensors):
        end = tensors[i + 1][1] if i + 1 < len(tensors) else data_bytes
        size = max(end - off, 0)
        parts = name.split(".")
        if parts[0] == "blk" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < blocks:
            block_bytes[int(parts[1])] += size
        else:
            other += size
    heads = int(meta.get(f"{arch}.attention.head_count") or 1)
    kv_heads = int(meta.get(f"{arch}.attention.head_count_kv") or heads)
    embd = int(meta.get(f"{arch}.embedding_length") or 0)
    k_len = int(meta.get(f"{arch}.attention.key_length") or (embd // max(heads, 1)))
    v_len = int(meta.get(f"{arch}.attention.value_length") or k_len)
    kv = 2 * kv_heads * (k_len + v_len)  # f16
    return Layout(arch, blocks, block_bytes, other, kv)
