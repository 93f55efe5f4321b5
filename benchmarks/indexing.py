"""Indexing speed and memory: ours (first run and an unchanged re-run) vs the baseline.

Throughput is end to end: the wall time of a fresh process from spawn to exit, so imports,
model loading, parsing, chunking, embedding, writing and index building are all in it, as a
user waits for all of them. The stage breakdown comes from inside each run (ours: the
Finished event's timings; parse and chunk run in the parse worker process, overlapped with
embedding, so the stages can add up to more than the wall time).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from benchmarks.common import child_env, log, median, ratio, run_json_child
from benchmarks.corpus import doc_files


def _throughput(run: dict, corpus_bytes: int, chunks_key: str) -> dict:
    wall = run["wall_s"]
    chunks = run.get(chunks_key) or 0
    return {"mb_per_min": corpus_bytes / 1e6 / (wall / 60) if wall else None,
            "chunks_per_s": chunks / wall if wall else None}


def _pick_median(runs: list[dict]) -> dict:
    """The run with the median wall time (keeps one run's numbers consistent with each other)."""
    runs = sorted(runs, key=lambda r: r["wall_s"])
    return runs[(len(runs) - 1) // 2]


def measure(corpus: Path, work: Path, repeat: int = 1, timeout: float | None = None,
            skip_baseline: bool = False) -> dict:
    files = doc_files(corpus)
    corpus_bytes = sum(p.stat().st_size for p in files)
    result = {"corpus": str(corpus), "files": len(files), "corpus_bytes": corpus_bytes, "repeat": repeat}

    # One-time embedder setup (the ONNX export, when that backend is on) into an empty embedder
    # cache of the benchmark's own, reported apart: a user pays it once per machine (the cache
    # is per user, shared by all libraries), not per indexing run. The runs (and the later
    # sections, which inherit the variable) use that cache, each with a fresh data dir.
    cache = work / "embedder-cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["ASSISTANT_CACHE_DIR"] = str(cache)
    seed = work / "ours-seed"
    shutil.rmtree(seed, ignore_errors=True)
    log("indexing (ours): one-time embedder setup")
    result["ours_setup"] = run_json_child(["-m", "benchmarks.index_worker", "prepare", "--data-dir", str(seed)],
                                          timeout=timeout, env=child_env())
    log(f"  {result['ours_setup']['wall_s']:.1f} s ({result['ours_setup'].get('embedder_class')})")

    ours_first, ours_again = [], []
    for i in range(repeat):
        data_dir = work / f"ours-{i}"
        shutil.rmtree(data_dir, ignore_errors=True)
        log(f"indexing (ours) run {i + 1}/{repeat}: {len(files)} files, {corpus_bytes / 1e6:.1f} MB")
        args = ["-m", "benchmarks.index_worker", "ours", "--corpus", str(corpus), "--data-dir", str(data_dir)]
        first = run_json_child(args, timeout=timeout, env=child_env())
        log(f"  {first['wall_s']:.1f} s, {first['chunks']} chunks; re-indexing the unchanged corpus")
        again = run_json_child(args, timeout=timeout, env=child_env())
        ours_first.append(first)
        ours_again.append(again)
        if i < repeat - 1:
            shutil.rmtree(data_dir, ignore_errors=True)
    first = _pick_median(ours_first)
    again = _pick_median(ours_again)
    result["ours"] = {
        **first,
        **_throughput(first, corpus_bytes, "chunks"),
        "wall_s_runs": [r["wall_s"] for r in ours_first],
        "data_dir": str(work / f"ours-{repeat - 1}"),
        "reindex": {"wall_s": again["wall_s"], "elapsed_s": again["elapsed_s"],
                    "peak_rss_bytes": again["peak_rss_bytes"], "files_unchanged": again["files_unchanged"],
                    "chunks_added": again["chunks_added"], "wall_s_runs": [r["wall_s"] for r in ours_again],
                    "ratio_to_first": ratio(median([r["wall_s"] for r in ours_again]),
                                            median([r["wall_s"] for r in ours_first]))},
    }

    if not skip_baseline:
        base_runs = []
        for i in range(repeat):
            db = work / f"baseline-{i}"
            shutil.rmtree(db, ignore_errors=True)
            log(f"indexing (baseline) run {i + 1}/{repeat}")
            base_runs.append(run_json_child(["-m", "benchmarks.index_worker", "baseline", "--corpus", str(corpus),
                                             "--db", str(db)], timeout=timeout, env=child_env()))
            log(f"  {base_runs[-1]['wall_s']:.1f} s, {base_runs[-1]['chunks']} chunks")
            if i < repeat - 1:
                shutil.rmtree(db, ignore_errors=True)
        base = _pick_median(base_runs)
        result["baseline"] = {**base, **_throughput(base, corpus_bytes, "chunks"),
                              "wall_s_runs": [r["wall_s"] for r in base_runs],
                              "db_dir": str(work / f"baseline-{repeat - 1}")}
        o, b = result["ours"], result["baseline"]
        result["ratios"] = {
            "mb_per_min": ratio(o["mb_per_min"], b["mb_per_min"]),
            "wall_s": ratio(o["wall_s"], b["wall_s"]),
            "peak_rss": ratio(o["peak_rss_bytes"], b["peak_rss_bytes"]),
            # The baseline has no incremental mode: its re-index is a full rebuild.
            "reindex_wall_s": ratio(o["reindex"]["wall_s"], b["wall_s"]),
        }
    return result
