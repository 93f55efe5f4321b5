"""What object storage adds to query latency: one synthetic library (latency.py's data, clustered
vectors, full-text and IVF_SQ indices built as the app builds them) searched from a local folder
and from an S3-compatible server, the same files uploaded as they are.

The server is moto in its own process (so it does not share our GIL) on loopback, started by
benchmarks/moto_ranged.py so that a ranged GET reads only its range (moto itself reads the whole
object for each one):
the numbers are S3 request handling and Lance's request pattern, with no network in between.
A real LAN or cloud link adds its round-trip time to every request Lance makes on the first,
cold query, and to each one it makes on later queries (few: indices stay cached in memory).

    python -m benchmarks.object_store [--chunks 100000] [--queries 50] [--repeat 3] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import log, median, percentile
from benchmarks.latency import VOCAB_SIZE, _build, _Clustered, _vocab


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _served(count_file: Path | None) -> tuple[int, int]:
    """(requests, bytes) the S3 server has answered so far."""
    try:
        r, b = count_file.read_text().split()
        return int(r), int(b)
    except (AttributeError, OSError, ValueError):
        return 0, 0


def _queries(store, qv, words, repeat: int, count_file: Path | None = None) -> dict:
    out = {}
    t0 = time.perf_counter()
    store.dense(qv[0], 10)
    out["first_dense_ms"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    store.fulltext(words[0], 10)
    out["first_fts_ms"] = (time.perf_counter() - t0) * 1000
    dense, fts = [], []
    for _ in range(repeat):
        for v, w in zip(qv, words):
            t0 = time.perf_counter()
            store.dense(v, 10)
            dense.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            store.fulltext(w, 10)
            fts.append((time.perf_counter() - t0) * 1000)
    out["dense_ms"] = {"p50": median(dense), "p95": percentile(dense, 95), "n": len(dense)}
    out["fts_ms"] = {"p50": median(fts), "p95": percentile(fts, 95), "n": len(fts)}
    if count_file is not None:
        # Requests (and bytes) a warm query makes, each kind on its own.
        for kind, run_one in (("dense", lambda i: store.dense(qv[i], 10)), ("fts", lambda i: store.fulltext(words[i], 10))):
            r0, b0 = _served(count_file)
            for i in range(len(qv)):
                run_one(i)
            r1, b1 = _served(count_file)
            out[f"{kind}_requests_per_query"] = (r1 - r0) / len(qv)
            out[f"{kind}_kb_per_query"] = (b1 - b0) / len(qv) / 1024
    return out


def run(chunks: int, queries: int, repeat: int) -> dict:
    from assistant.core.search.store import Store

    rng = np.random.default_rng(0)
    vocab = _vocab(rng)
    probs = 1.0 / np.arange(1, VOCAB_SIZE + 1)
    probs /= probs.sum()
    sample = _Clustered(rng)
    work = Path(tempfile.mkdtemp(prefix="bench-objstore-"))
    port = _free_port()
    count_file = work.with_suffix(".served")
    server = subprocess.Popen([sys.executable, "-m", "benchmarks.moto_ranged", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "MOTO_COUNT_FILE": str(count_file)})
    try:
        local = work / "index"
        t0 = time.perf_counter()
        store = Store(local, 384)
        _build(store, chunks, rng, vocab, probs, sample)
        store.ensure_fts_index()
        store.optimize()
        store.ensure_vector_index()
        store.optimize()
        res = {"chunks": chunks, "build_s": time.perf_counter() - t0, "index_bytes": store.size_on_disk(),
               "vector_index": sorted(store.vector_index_kinds())}
        del store
        qv = sample(rng, queries)
        words = [" ".join(w) for w in vocab[rng.integers(50, 2000, size=(queries, 2))]]

        endpoint = f"http://127.0.0.1:{port}"
        os.environ.update({"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "bench",
                           "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1"})
        import boto3

        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        for _ in range(100):
            try:
                s3.create_bucket(Bucket="bench")
                break
            except Exception:  # noqa: BLE001 - the server is still starting
                time.sleep(0.2)
        t0 = time.perf_counter()
        files = [p for p in local.rglob("*") if p.is_file()]
        for p in files:
            s3.upload_file(str(p), "bench", f"lib/index/{p.relative_to(local).as_posix()}")
        res["upload_s"] = time.perf_counter() - t0
        res["objects"] = len(files)

        for name, where in (("local", local), ("s3", "s3://bench/lib/index")):
            t0 = time.perf_counter()
            st = Store(where, 384)
            opened = (time.perf_counter() - t0) * 1000
            res[name] = {"open_ms": opened, **_queries(st, qv, words, repeat, count_file if name == "s3" else None)}
            log(f"object store: {name}: {json.dumps(res[name])}")
            del st
        return res
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
        count_file.unlink(missing_ok=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    res = run(a.chunks, a.queries, a.repeat)
    text = json.dumps(res, indent=2)
    print(text)
    if a.json:
        a.json.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
