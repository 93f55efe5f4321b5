"""Retrieval quality on the dev questions: hit@1, hit@5, hit@10, MRR@10, English and Japanese.

Scored with the shared eval's own rule, loaded from the copies in benchmarks/data/
(corpus_text.normalize + score.first_relevant_rank/score): a ranked passage is relevant when its
normalized text contains one of the question's evidence strings. The rule ignores chunk
boundaries and pages, so our token-sized chunks and the baseline's 1000-character chunks are
scored the same way.
"""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

from benchmarks.common import DATA_DIR, log, median, percentile

MODES = ("dense", "fts", "hybrid")


def _scorer():
    """score.py does `from corpus_text import normalize`: put data/ on the path for that import."""
    if str(DATA_DIR) not in sys.path:
        sys.path.insert(0, str(DATA_DIR))
    spec = importlib.util.spec_from_file_location("bench_eval_score", DATA_DIR / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def measure(ours_dir: Path | None, base_dir: Path | None, questions: dict[str, list[dict]],
            repeat: int = 1, k: int = 10) -> dict:
    """Scores every system on every question and times each query (query embedding included).

    The systems are interleaved question by question (ours dense, fts, hybrid, baseline, next
    question...) so that load from other processes on a shared machine hits all of them alike;
    with repeat > 1 the timing pass runs again (scores come from the first pass: retrieval is
    deterministic)."""
    systems, closers = {}, []
    if ours_dir is not None:
        import assistant  # noqa: F401
        from assistant.core.services import Services

        services = Services(str(ours_dir))
        retriever = services.retriever
        retriever.search("warm up", k=k, mode="hybrid")  # model load is start-up, not query time
        for mode in MODES:
            systems[f"ours_{mode}"] = lambda q, m=mode: [h.text for h in retriever.search(q, k=k, mode=m)]
        closers.append(services.close)
    if base_dir is not None:
        from benchmarks.baseline import BaselineSearch

        base = BaselineSearch(base_dir)
        base.search("warm up")
        systems["baseline"] = lambda q: base.search(q, k=k)

    sc = _scorer()
    everything = [q for qs in questions.values() for q in qs]
    results = {name: {} for name in systems}
    lat = {name: [] for name in systems}
    for rep in range(max(1, repeat)):
        log(f"quality: pass {rep + 1}/{max(1, repeat)}, {len(everything)} questions x {len(systems)} systems")
        for q in everything:
            for name, search in systems.items():
                t0 = time.perf_counter()
                hits = search(q["question"])[:k]
                lat[name].append((time.perf_counter() - t0) * 1000)
                if rep == 0:
                    results[name][q["id"]] = hits
    for close in closers:
        close()

    out = {}
    for name in systems:
        res = {lang: sc.score(qs, results[name]) for lang, qs in questions.items()}
        res["all"] = sc.score(everything, results[name])
        res["latency_ms"] = {"p50": median(lat[name]), "p95": percentile(lat[name], 95), "n": len(lat[name])}
        res["ranks"] = {q["id"]: sc.first_relevant_rank(results[name][q["id"]], q["evidence"]) for q in everything}
        out[name] = res
    return out
