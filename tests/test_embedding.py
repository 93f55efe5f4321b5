"""The embedder as indexing and search use it: passages may be embedded by a different backend
than queries (OpenVINO bf16 on AMX CPUs, ONNX Runtime int8 elsewhere); both must stay close to
the reference sentence-transformers model, or search would quietly get worse."""
import numpy as np
import pytest

from assistant.core.platform import paths
from assistant.core.search.embedding import Embedder, make_embedder

TEXTS = [
    "The warranty covers manufacturing defects for two years from the date of purchase.",
    "To replace the air filter, open the front panel and slide the old filter out.",
    "The tenant must give sixty days written notice before ending the lease.",
    "PostgreSQL creates a B-tree index by default when you run CREATE INDEX.",
]


@pytest.mark.usefixtures("indexed")  # the CLI has exported the embedder into the cache
def test_passage_and_query_vectors_agree_with_the_reference_model():
    fast = make_embedder(cache_dir=paths.cache_dir() / "embedders")
    ref = Embedder().embed(TEXTS)
    passages = fast.embed_passages(TEXTS)
    queries = np.stack([fast.embed_query(t) for t in TEXTS])
    for vecs in (passages, queries):
        assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-3)
        assert (vecs * ref).sum(axis=1).min() > 0.97
    # What a user notices: a reworded question finds its passage first.
    q = fast.embed_query("how long is the guarantee against defects?")
    assert int(np.argmax(passages @ q)) == 0
    q = fast.embed_query("how much notice before moving out of the flat?")
    assert int(np.argmax(passages @ q)) == 2


@pytest.mark.usefixtures("indexed")
def test_a_passage_gets_the_same_vector_whatever_it_is_batched_with():
    """Indexing sorts passages by length and pads each batch (OpenVINO batches to a few fixed
    shapes, with filler rows): none of that may leak into a passage's vector."""
    words = "the lease ends when either party gives written notice to the other".split()
    texts = [" ".join(words[: 3 + i % 11]) + f" clause {i}." * (1 + i % 7) for i in range(37)]
    # Both passage paths, whatever this CPU is: "auto" (OpenVINO bf16 where the CPU has AMX)
    # and the ONNX Runtime int8 path every other CPU takes.
    for backend in ("auto", "onnx-int8"):
        fast = make_embedder(backend=backend, cache_dir=paths.cache_dir() / "embedders")
        together = fast.embed_passages(texts)
        alone = np.stack([fast.embed_passages([t])[0] for t in texts])
        assert (together * alone).sum(axis=1).min() > 0.999, backend
        assert fast.embed_passages([]).shape == (0, together.shape[1])
        if fast.passage_backend == "onnx-int8":
            # A question worded like a passage meets the very same vector.
            queries = np.stack([fast.embed_query(t) for t in texts[:8]])
            assert (queries * together[:8]).sum(axis=1).min() > 0.999


def test_the_export_left_in_a_library_by_earlier_versions_is_removed(tmp_path):
    """The export moved to the shared cache: the ~150 MB copy in an old library's models/
    folder goes, a model the user put there stays."""
    from assistant.core.services import Services

    old = tmp_path / "models" / "embedders"
    old.mkdir(parents=True)
    (old / "all-MiniLM-L6-v2-int8-v2.onnx").write_bytes(b"old export")
    (tmp_path / "models" / "mine.gguf").write_bytes(b"GGUF")
    services = Services(str(tmp_path))
    try:
        services.embedder  # noqa: B018
    finally:
        services.close()
    assert not old.exists()
    assert (tmp_path / "models" / "mine.gguf").exists()


def test_the_ordinary_cpu_path_can_be_forced_on_an_amx_machine():
    """ASSISTANT_NO_AMX=1 takes the path of CPUs without AMX (ONNX Runtime int8), so the suite
    and the benchmark can measure it anywhere."""
    import os
    import subprocess
    import sys

    code = ("from assistant.core.search.embedding import make_embedder; from assistant.core.platform import paths; "
            "print(make_embedder(cache_dir=paths.cache_dir() / 'embedders').passage_backend)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "ASSISTANT_NO_AMX": "1"}, timeout=120)
    assert out.stdout.strip() == "onnx-int8", out.stderr
