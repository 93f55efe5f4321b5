"""The installed app (packaging/) ships the embedder already exported to ONNX and no torch: it must
load that folder, embed exactly as the exported cache does, and never need torch or write a cache."""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from assistant.core.platform import paths
from assistant.core.search.embedding import make_embedder

_NO_TORCH = r"""
import json, sys
# What a bundle without torch looks like to Python: these imports fail.
for name in ("torch", "sentence_transformers", "transformers"):
    sys.modules[name] = None
import assistant
from pathlib import Path
from assistant.core.search.embedding import make_embedder
e = make_embedder(cache_dir=Path(sys.argv[1]))
print(json.dumps({"id": e.id, "path": str(e.path), "vec": e.embed_query(sys.argv[2]).tolist()}))
"""


@pytest.mark.usefixtures("indexed")  # the CLI has exported the embedder into the user's cache
def test_a_prebuilt_onnx_folder_is_used_without_torch(tmp_path):
    cache = paths.cache_dir() / "embedders"
    reference = make_embedder(cache_dir=cache)
    prebuilt = tmp_path / "prebuilt"
    prebuilt.mkdir()
    for f in cache.glob(f"{reference.name}-*.onnx"):
        shutil.copy(f, prebuilt / f.name)
    empty_cache = tmp_path / "cache"
    query = "How often should the machine be descaled?"
    out = subprocess.run([sys.executable, "-c", _NO_TORCH, str(empty_cache), query], capture_output=True,
                         text=True, timeout=300, env={**os.environ, "ASSISTANT_PREBUILT_EMBEDDERS": str(prebuilt)})
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["path"].startswith(str(prebuilt))
    # Same id: a library indexed by the pip-installed app is not re-embedded by the bundle.
    assert got["id"] == reference.id
    assert np.allclose(got["vec"], reference.embed_query(query), atol=1e-5)
    assert not list(empty_cache.glob("*.onnx"))  # nothing exported, nothing cached


def test_without_torch_or_a_prebuilt_graph_the_export_fails_with_a_sentence(tmp_path):
    out = subprocess.run([sys.executable, "-c", _NO_TORCH, str(tmp_path / "cache"), "hello"], capture_output=True,
                         text=True, timeout=300, env={**os.environ, "ASSISTANT_PREBUILT_EMBEDDERS": str(tmp_path / "none")})
    assert out.returncode != 0
    assert "must be converted to ONNX once, which needs PyTorch" in out.stderr
