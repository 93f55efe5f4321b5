"""Search latency at 10k / 100k / 1M chunks on synthetic data written into our Store.

Vectors are 384-d normalized random float32 (all-MiniLM-L6-v2's size) -- or, with
--latency-vectors clustered, unit vectors scattered around 1,000 random centres, closer to real
embeddings; texts are random
words from a fixed vocabulary with a Zipf-like frequency, so the full-text index has realistic
posting lists. Queries are random unit vectors / two-word queries; the query embedding is not
in these numbers (quality.py reports end-to-end query latency on the real index).

Where the Store builds an approximate (ANN) index -- a future `ensure_vector_index()`, found
with hasattr -- it is built (and timed), and recall@10 is measured against exact top-10 by a
flat numpy dot product. With flat search the recall is still measured: it must be 1.0, which
checks that the harness and the store agree.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import log, median, percentile

DIM = 384
VOCAB_SIZE = 20000
WORDS_PER_CHUNK = 40
BATCH = 50_000


def _vocab(rng) -> np.ndarray:
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    return np.array(["".join(rng.choice(letters, size=rng.integers(3, 10))) for _ in range(VOCAB_SIZE)])


def _unit(rng, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v


class _Clustered:
    """Unit vectors scattered around a fixed set of random centres (a crude stand-in for real
    embeddings, which cluster by topic); queries come from the same distribution."""

    def __init__(self, rng, n_centres: int = 1000, spread: float = 0.6):
        self.centres = _unit(rng, n_centres)
        self.spread = spread

    def __call__(self, rng, n: int) -> np.ndarray:
        c = self.centres[rng.integers(0, len(self.centres), size=n)]
        v = c + self.spread * _unit(rng, n)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        return v.astype(np.float32, copy=False)


def _build(store, n: int, rng, vocab, probs, sample=_unit) -> np.ndarray:
    """Writes n rows in batches; returns all vectors (kept for the exact search)."""
    import pyarrow as pa

    from assistant.core.search.store import chunks_schema

    schema = chunks_schema(DIM)
    all_vecs = np.empty((n, DIM), dtype=np.float32)
    for lo in range(0, n, BATCH):
        m = min(BATCH, n - lo)
        vecs = sample(rng, m)
        all_vecs[lo:lo + m] = vecs
        words = vocab[rng.choice(len(vocab), size=(m, WORDS_PER_CHUNK), p=probs)]
        texts = [" ".join(w) for w in words]
        ids = np.arange(lo, lo + m, dtype=np.int32)
        cols = {
            "text": texts,
            "terms": texts,
            "path": [f"/synthetic/doc{i // 100}.txt" for i in ids],
            "file_id": [f"f{i // 100}" for i in ids],
            "page": pa.nulls(m, pa.int32()),
            "heading": pa.nulls(m, pa.string()),
            "start": ids,  # the row's identity, to compare with the exact search
            "end": ids + 1,
            "seq": ids % 100,
        }
        arrays = [pa.FixedSizeListArray.from_arrays(pa.array(vecs.reshape(-1)), DIM)]
        arrays += [c if isinstance(c, pa.Array) else pa.array(c, type=f.type)
                   for c, f in zip(cols.values(), list(schema)[1:])]
        store.add_chunks(pa.Table.from_arrays(arrays, schema=schema))
    return all_vecs


def measure_scale(n: int, queries: int = 50, repeat: int = 3, fts: bool = True, seed: int = 0,
                  workdir: Path | None = None, vectors: str = "random") -> dict:
    from assistant.core.search.store import Store

    rng = np.random.default_rng(seed)
    vocab = _vocab(rng)
    probs = 1.0 / np.arange(1, VOCAB_SIZE + 1)
    probs /= probs.sum()
    sample = _Clustered(rng) if vectors == "clustered" else _unit
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-latency-{n}-", dir=workdir))
    try:
        store = Store(tmp, DIM)
        t0 = time.perf_counter()
        vecs = _build(store, n, rng, vocab, probs, sample)
        res = {"chunks": n, "vectors": vectors, "write_s": time.perf_counter() - t0}
        t0 = time.perf_counter()
        if fts:
            store.ensure_fts_index()
        store.optimize()
        res["index_build_s"] = time.perf_counter() - t0
        res["ann_index"] = False
        if hasattr(store, "ensure_vector_index"):
            t0 = time.perf_counter()
            store.ensure_vector_index()
            res["vector_index_s"] = time.perf_counter() - t0
            res["ann_index"] = bool(getattr(store, "has_vector_index", lambda: True)())
        res["index_bytes"] = store.size_on_disk()

        qv = sample(rng, queries)
        store.dense(qv[0], 10)  # first query opens files and warms caches: not a steady-state number
        dense_ms, recalls = [], []
        sims = qv @ vecs.T
        top = np.argpartition(-sims, 10, axis=1)[:, :10]  # exact top 10 without sorting 1M columns
        exact = np.take_along_axis(top, np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1), axis=1)
        del sims
        for rep in range(repeat):
            for i in range(queries):
                t0 = time.perf_counter()
                rows = store.dense(qv[i], 10)
                dense_ms.append((time.perf_counter() - t0) * 1000)
                if rep == 0:
                    got = {r["start"] for r in rows}
                    recalls.append(len(got & set(exact[i].tolist())) / 10)
        res["dense_ms"] = {"p50": median(dense_ms), "p95": percentile(dense_ms, 95), "n": len(dense_ms)}
        res["recall@10"] = float(np.mean(recalls))
        if fts:
            # Two words of mid frequency: common enough to match, rare enough to rank.
            qwords = vocab[rng.integers(50, 2000, size=(queries, 2))]
            store.fulltext(" ".join(qwords[0]), 10)
            fts_ms = []
            for _ in range(repeat):
                for w in qwords:
                    t0 = time.perf_counter()
                    store.fulltext(" ".join(w), 10)
                    fts_ms.append((time.perf_counter() - t0) * 1000)
            res["fts_ms"] = {"p50": median(fts_ms), "p95": percentile(fts_ms, 95), "n": len(fts_ms)}
            res["query_memory"] = _query_memory(tmp, qv, [" ".join(w) for w in qwords])
        return res
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _query_memory(store_dir: Path, qv: np.ndarray, terms: list[str]) -> dict:
    """The app's query-time memory at this library size, from a fresh process (query_memory.py)."""
    import json

    from benchmarks.common import run_json_child

    qfile, tfile = store_dir.with_suffix(".queries.npy"), store_dir.with_suffix(".terms.json")
    np.save(qfile, qv)
    tfile.write_text(json.dumps(terms))
    try:
        return run_json_child(["-m", "benchmarks.query_memory", "--index", str(store_dir),
                               "--queries", str(qfile), "--terms", str(tfile)], timeout=600)
    except Exception as exc:  # noqa: BLE001 - a number missing must not lose the scale's others
        log(f"latency: query memory failed: {exc}")
        return {"error": str(exc)[:500]}
    finally:
        qfile.unlink(missing_ok=True)
        tfile.unlink(missing_ok=True)


def measure(scales: list[int], queries: int = 50, repeat: int = 3, fts: bool = True,
            workdir: Path | None = None, vectors: str = "random") -> dict:
    out = {}
    for n in scales:
        log(f"latency: {n} synthetic chunks ({vectors} vectors)")
        out[str(n)] = measure_scale(n, queries=queries, repeat=repeat, fts=fts, workdir=workdir, vectors=vectors)
    return out
