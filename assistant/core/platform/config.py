"""User settings <-> settings.toml in the data dir.

A missing or corrupt file never stops the app: it falls back to defaults and says why.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.platform import atomic

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
FILENAME = "settings.toml"


@dataclass
class Settings:
    # Path to a GGUF file, or "" for the bundled Gemma 3 270M.
    model_path: str = ""
    context_length: int = 4096
    # "auto" offloads every layer when llama.cpp has GPU support; "off" or a number of layers.
    gpu_layers: str = "auto"
    # 0 means the machine's physical core count.
    threads: int = 0
    temperature: float = 0.2
    max_answer_tokens: int = 384
    sources: int = 5
    embedder: str = "all-MiniLM-L6-v2"
    # "auto" (ONNX Runtime int8, exported locally on first use; indexing on OpenVINO bf16 where
    # the CPU has AMX), "onnx-int8" (ONNX Runtime only) or "torch" (sentence-transformers fp32).
    embedder_backend: str = "auto"
    # "" follows the system locale.
    language: str = ""
    # Library roots: folders and files the user added.
    roots: list[str] = field(default_factory=list)
    # Files the user removed from inside a library folder: not indexed again until added again.
    excluded: list[str] = field(default_factory=list)
    # Read scanned PDF pages and photos of pages (PNG, JPEG, TIFF, HEIC) with OCR (Tesseract,
    # English and Japanese); off: they are listed as skipped, saying OCR is off.
    ocr: bool = True
    # Remote parts (see remote()): "" keeps the index in the data dir and answers on this machine.
    # index_uri: s3://bucket/prefix (or another object store LanceDB knows); llm_url: an
    # OpenAI-compatible base URL (http://host:port/v1) with its model name; llm_api "chat" for
    # instruct models (the server applies the template), "completions" for base models (our
    # own plain prompt). The API key is never stored here (ASSISTANT_LLM_API_KEY or the keyring).
    index_uri: str = ""
    llm_url: str = ""
    llm_model: str = ""
    llm_api: str = "chat"
    # A shared library indexed on another computer records that computer's paths: where its
    # folders are on this one ("/mnt/nas/docs" = "/Volumes/docs"), so citations open here.
    path_map: dict = field(default_factory=dict)
    # The first start offers a model that fits this computer (the bundled one is tiny) once.
    model_offer_shown: bool = False
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def _coerce(raw: dict) -> Settings:
    defaults = Settings()
    kwargs = {}
    for f in dataclasses.fields(Settings):
        if f.name not in raw:
            continue
        value = raw[f.name]
        expected = type(getattr(defaults, f.name))
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected):
            log.warning("settings: ignoring %s=%r (expected %s)", f.name, value, expected.__name__)
            continue
        kwargs[f.name] = value
    return Settings(**kwargs)


_ENV = {"index_uri": "ASSISTANT_INDEX_URI", "llm_url": "ASSISTANT_LLM_URL",
        "llm_model": "ASSISTANT_LLM_MODEL", "llm_api": "ASSISTANT_LLM_API"}


def remote(settings: Settings, name: str) -> str:
    """A remote-part setting with its environment variable winning; read at use time so an
    environment value is never written back into settings.toml."""
    return (os.environ.get(_ENV[name]) or getattr(settings, name) or "").strip()


def load(data_dir: Path) -> tuple[Settings, str | None]:
    """Returns the settings and a warning when the file could not be used."""
    path = Path(data_dir) / FILENAME
    if not path.exists():
        return Settings(), None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        # Keep the broken file for the user to inspect instead of silently overwriting it.
        backup = path.with_suffix(".toml.corrupt")
        try:
            path.replace(backup)
        except OSError:
            pass
        return Settings(), f"settings file was unreadable ({exc}); using defaults, old file kept as {backup.name}"
    return _coerce(raw), None


def save(data_dir: Path, settings: Settings) -> None:
    import tomli_w

    atomic.write_text(Path(data_dir) / FILENAME, tomli_w.dumps(settings.to_dict()))
