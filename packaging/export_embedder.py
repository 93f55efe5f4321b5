"""Build step: export the bundled embedder to ONNX (int8, and the fp32 graph OpenVINO reads)
into DEST, named as the app's cache would name them, so the installed app finds them with
onnx_embedder.prebuilt_dir() and never imports torch.

    python packaging/export_embedder.py build/embedders
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import assistant  # noqa: F401  (offline switches first)
from assistant.core.search.embedding import DEFAULT_EMBEDDER, resolve_model_dir
from assistant.core.search.onnx_embedder import OnnxEmbedder, _export


def main(dest: str) -> int:
    out = Path(dest)
    out.mkdir(parents=True, exist_ok=True)
    # The names come from the embedder itself (they carry the export format's version); the
    # cache folder handed to it is never written.
    with tempfile.TemporaryDirectory() as scratch:
        names = OnnxEmbedder(DEFAULT_EMBEDDER, resolve_model_dir(DEFAULT_EMBEDDER), Path(scratch))
        int8, fp32 = out / names.path.name, out / names.fp32_path.name
    if int8.exists() and fp32.exists():
        print(f"embedder already exported: {int8.name}, {fp32.name}")
        return 0
    for stale in out.glob("*.onnx"):  # an earlier export format
        stale.unlink()
    _export(resolve_model_dir(DEFAULT_EMBEDDER), int8, fp32)
    print(f"exported {int8} ({int8.stat().st_size >> 20} MB) and {fp32} ({fp32.stat().st_size >> 20} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "build/embedders"))
