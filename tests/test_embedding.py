"""The embedder as indexing and search use it: passages may be embedded by a different backend
than queries (OpenVINO bf16 on AMX CPUs, ONNX Runtime int8 elsewhere); both must stay close to
the reference sentence-transformers model, or search would quietly get worse."""
import numpy as np

from assistant.core.embedding import Embedder, make_embedder

TEXTS = [
    "The warranty covers manufacturing defects for two years from the date of purchase.",
    "To replace the air filter, open the front panel and slide the old filter out.",
    "The tenant must give sixty days written notice before ending the lease.",
    "PostgreSQL creates a B-tree index by default when you run CREATE INDEX.",
]


def test_passage_and_query_vectors_agree_with_the_reference_model(indexed):
    _, data = indexed
    fast = make_embedder(cache_dir=data / "models" / "embedders")
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
