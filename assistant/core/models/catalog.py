"""The model catalog shipped with the app (core/data/catalog.json) and the fit of each model
for this machine: RAM (and VRAM when an NVIDIA GPU reports it) against what the model needs.

The catalog's facts come from the models' published cards and file listings; a value that
could not be confirmed is null, and the note says why. Sizes are the GGUF file sizes: a
quantized model needs about its file size in memory plus the KV cache and the app itself.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

CATALOG = Path(__file__).parent / "data" / "catalog.json"
HUB = "https://huggingface.co"
OVERHEAD_BYTES = 1_500_000_000  # KV cache at the default context, the embedder, the app, the OS's share


@dataclass
class Entry:
    name: str
    kind: str  # "llm" | "embedder"
    repo: str
    file: str | None
    revision: str | None
    size_bytes: int | None
    sha256: str | None
    license: str | None
    parameters: int | None
    context: int | None
    japanese: bool | None
    note: str = ""
    prefixes: dict = field(default_factory=dict)

    @property
    def url(self) -> str | None:
        """resolve/<revision>/<file> when the revision is pinned; else the branch, and then the
        sha256 is what guards against a re-upload (a different file fails the check)."""
        if not self.file:
            return None
        return f"{HUB}/{self.repo}/resolve/{self.revision or 'main'}/{self.file}"

    @property
    def downloadable(self) -> bool:
        return bool(self.file and (self.revision or self.sha256))

    def to_json(self, fit: str | None, installed: bool) -> dict:
        return {"name": self.name, "kind": self.kind, "size_bytes": self.size_bytes, "sha256": self.sha256,
                "license": self.license, "fit": fit, "installed": installed, "repo": self.repo,
                "file": self.file, "revision": self.revision, "parameters": self.parameters,
                "context": self.context, "japanese": self.japanese, "note": self.note}


def load(path: Path = CATALOG) -> list[Entry]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    fields = set(Entry.__dataclass_fields__)
    return [Entry(**{k: v for k, v in m.items() if k in fields}) for m in raw["models"]]


def find(name: str) -> Entry | None:
    return next((e for e in load() if e.name == name.strip().lower()), None)


@dataclass
class Machine:
    ram_bytes: int
    gpu: str | None = None
    vram_bytes: int | None = None  # free VRAM


# Metal lets the GPU use about this share of unified memory ("recommendedMaxWorkingSetSize" is
# ~65-75% of RAM on Apple Silicon); the rest stays with macOS and the app.
APPLE_GPU_SHARE = 0.65


def machine() -> Machine:
    import platform

    import psutil

    mem = psutil.virtual_memory()
    m = Machine(int(mem.total))
    if platform.system() == "Darwin" and platform.machine() == "arm64":
        # Unified memory: what the GPU can take is what macOS has available, within Metal's share.
        m.gpu = "Apple Silicon GPU (unified memory)"
        m.vram_bytes = int(min(mem.available, APPLE_GPU_SHARE * mem.total))
        return m
    smi = shutil.which("nvidia-smi")
    if smi:
        try:
            out = subprocess.run([smi, "--query-gpu=name,memory.free", "--format=csv,noheader,nounits"],
                                 capture_output=True, text=True, timeout=10).stdout.strip().splitlines()
            if out:
                name, free = [p.strip() for p in out[0].split(",")[:2]]
                m.gpu, m.vram_bytes = name, int(float(free) * 1024 * 1024)
        except (OSError, ValueError, subprocess.SubprocessError):
            pass
    return m


def fit(entry: Entry, m: Machine) -> str | None:
    """'fits', 'tight' or 'too big' for this machine (None when the size is unknown). A model
    fits in VRAM (fully offloaded) or in RAM with room to spare; 'tight' runs but leaves the rest
    of the computer little memory."""
    if entry.size_bytes is None:
        return None
    need = entry.size_bytes + OVERHEAD_BYTES
    if m.vram_bytes and entry.size_bytes * 1.2 <= m.vram_bytes:
        return "fits"
    if need <= 0.5 * m.ram_bytes:
        return "fits"
    if need <= 0.8 * m.ram_bytes:
        return "tight"
    return "too big"


def recommend(rows: list[dict], japanese: bool = False) -> dict | None:
    """The model to offer on first start, from `assistant models --json`'s catalog rows: the
    largest instruct model that fits this machine and can be downloaded with a checked hash,
    one that reads Japanese when the user works in Japanese."""
    ok = [r for r in rows if r.get("kind") == "llm" and r.get("fit") == "fits" and r.get("sha256")
          and r.get("size_bytes") and not r.get("installed")]
    if japanese and any(r.get("japanese") for r in ok):
        ok = [r for r in ok if r.get("japanese")]
    return max(ok, key=lambda r: r["size_bytes"], default=None)
