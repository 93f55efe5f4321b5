"""Query-time memory of a library, in a fresh process: open the Store the app would open, run
the queries, report resident memory after opening and after the queries.

    python -m benchmarks.query_memory --index DIR --queries Q.npy --terms T.json

latency.py calls it at each scale: if memory grew with the library (vectors or text pulled into
RAM), the 1M number would be far above the 10k one; the ANN index's own partitions and codes
are what should account for the difference.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from benchmarks.common import set_offline_env

set_offline_env()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=Path, required=True)
    ap.add_argument("--terms", type=Path, required=True)
    a = ap.parse_args()
    import psutil

    from assistant.core.search.store import Store

    me = psutil.Process()
    base = me.memory_info().rss
    qv = np.load(a.queries)
    terms = json.loads(a.terms.read_text())
    t0 = time.perf_counter()
    store = Store(a.index, qv.shape[1])
    store.dense(qv[0], 10)
    store.fulltext(terms[0], 10)
    first_ms = (time.perf_counter() - t0) * 1000
    opened = me.memory_info().rss
    for v, t in zip(qv, terms):
        store.dense(v, 10)
        store.fulltext(t, 10)
    after = me.memory_info().rss
    print(json.dumps({"rss_before_open_mb": base / 2**20, "rss_after_first_query_mb": opened / 2**20,
                      "rss_after_queries_mb": after / 2**20, "open_and_first_query_ms": first_ms,
                      "queries": len(qv)}))


if __name__ == "__main__":
    main()
