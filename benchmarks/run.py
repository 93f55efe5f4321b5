"""Benchmark suite: our pipeline against the LangChain-tutorial baseline, measured in one run.

    python benchmarks/run.py [--quick] [--corpus DIR] [--only index,quality,latency,answers,startup]
    python -m benchmarks.run ...                         (same thing)

Prints a table and writes benchmarks/out/results.json. See benchmarks/README.md for what each
number means.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make `benchmarks` and `assistant` importable from the checkout.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import OUT_DIR, REPO_ROOT, log, set_offline_env  # noqa: E402

set_offline_env()  # before anything imports huggingface_hub / transformers

SECTIONS = ("index", "quality", "latency", "answers", "startup")


def _args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="small subset: the questions' smaller HTML sources + a few other pages + the PDF "
                         "pages that hold the evidence; 10k-chunk latency only; 3 answers")
    ap.add_argument("--corpus", type=Path, help="an existing corpus folder (default: benchmarks/corpus, "
                                                "built with fetch_corpus.sh when missing)")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "results.json")
    ap.add_argument("--work", type=Path, default=OUT_DIR / "work", help="scratch folder for indexes")
    ap.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections to run")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the cheap measures (start-up, latency queries)")
    ap.add_argument("--index-repeat", type=int, default=1, help="runs of the full indexing (median reported)")
    ap.add_argument("--scales", default=None, help="synthetic chunk counts for latency "
                                                   "(default 10000,100000,1000000; --quick: 10000)")
    ap.add_argument("--latency-queries", type=int, default=None, help="queries per scale (default 50, quick 20)")
    ap.add_argument("--latency-vectors", choices=("random", "clustered"), default="clustered",
                    help="synthetic vectors: uniform random (the worst case for an ANN index) or clustered")
    ap.add_argument("--no-fts-latency", action="store_true", help="skip the full-text latency (and its index build)")
    ap.add_argument("--answer-questions", type=int, default=None, help="questions to ask (default 6, quick 4)")
    ap.add_argument("--max-tokens", type=int, default=None, help="answer length cap (default 128, quick 48)")
    ap.add_argument("--skip-baseline", action="store_true", help="ours only (no ratios)")
    ap.add_argument("--quick-extra-html", type=int, default=3, help="distractor HTML files in the --quick subset")
    ap.add_argument("--index-timeout", type=float, default=None, help="seconds before an indexing run is killed")
    a = ap.parse_args(argv)
    a.only = [s.strip() for s in a.only.split(",") if s.strip()]
    bad = [s for s in a.only if s not in SECTIONS]
    if bad:
        ap.error(f"unknown section(s) {bad}; choose from {SECTIONS}")
    a.scales = [int(float(s)) for s in (a.scales or ("10000" if a.quick else "10000,100000,1000000")).split(",")]
    a.latency_queries = a.latency_queries or (20 if a.quick else 50)
    a.answer_questions = a.answer_questions if a.answer_questions is not None else (4 if a.quick else 6)
    a.max_tokens = a.max_tokens or (48 if a.quick else 128)
    return a


def machine_info() -> dict:
    import psutil

    info = {"python": platform.python_version(), "platform": platform.platform(),
            "cpu": platform.processor() or platform.machine(),
            "logical_cpus": os.cpu_count(), "physical_cores": psutil.cpu_count(logical=False),
            "memory_gb": round(psutil.virtual_memory().total / 1e9, 1),
            "load_avg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None}
    from assistant.core.platform import hardware

    flags = hardware.cpu_flags()
    info["cpu_features"] = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_bf16") if f in flags]
    info["amx_path"] = hardware.has_amx()  # False also when ASSISTANT_NO_AMX forces the ordinary path
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    gpu = shutil.which("nvidia-smi")
    if gpu:
        try:
            info["gpu"] = subprocess.run([gpu, "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                                         text=True, timeout=20).stdout.strip() or None
        except Exception:  # noqa: BLE001
            info["gpu"] = None
    else:
        info["gpu"] = None
    try:
        from importlib.metadata import version

        info["versions"] = {p: version(p) for p in ("lancedb", "sentence-transformers", "torch", "llama_cpp_python",
                                                     "langchain-community", "langchain-huggingface", "pypdf")}
    except Exception:  # noqa: BLE001
        pass
    try:
        info["git_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                            cwd=str(REPO_ROOT)).stdout.strip()
    except OSError:
        pass
    return info


# ---- the table -------------------------------------------------------------------------------
def _f(v, fmt="{:.1f}"):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    return fmt.format(v)


def _ratio(a, b, fmt="{:.2f}x"):
    return fmt.format(a / b) if a is not None and b else "-"


def table(r: dict) -> str:
    rows: list[tuple[str, str, str, str]] = []

    def section(name):
        rows.append((f"== {name}", "", "", ""))

    m = r.get("machine") or {}
    if m:
        section(f"machine: {m.get('cpu')}, {m.get('physical_cores')} cores, {'/'.join(m.get('cpu_features') or [])}; "
                f"AMX path {'on' if m.get('amx_path') else 'off'}; GPU {m.get('gpu') or 'none'}")
    idx = r.get("index")
    if idx:
        o, b = idx["ours"], idx.get("baseline") or {}
        setup = idx.get("ours_setup") or {}
        section(f"indexing: {idx['files']} files, {idx['corpus_bytes'] / 1e6:.1f} MB (end to end, fresh process); "
                f"ours embedder {setup.get('embedder_class', '?')}, passages on {o.get('embedder_backend', '?')}")
        rows.append(("MB/min", _f(o["mb_per_min"], "{:.2f}"), _f(b.get("mb_per_min"), "{:.2f}"),
                     _ratio(o["mb_per_min"], b.get("mb_per_min"))))
        rows.append(("chunks", _f(o["chunks"], "{:d}"), _f(b.get("chunks"), "{:d}"), ""))
        rows.append(("chunks/s", _f(o["chunks_per_s"]), _f(b.get("chunks_per_s")),
                     _ratio(o["chunks_per_s"], b.get("chunks_per_s"))))
        rows.append(("wall s", _f(o["wall_s"]), _f(b.get("wall_s")), _ratio(o["wall_s"], b.get("wall_s"))))
        for stage in ("parse", "chunk", "embed", "write"):
            rows.append((f"  {stage} s", _f(o["timings"].get(stage)), _f((b.get("timings") or {}).get(stage)), ""))
        rows.append(("  optimize/fts s (ours)", _f(o["timings"].get("optimize")), "", ""))
        rows.append(("  model load s (baseline)", "", _f((b.get("timings") or {}).get("model_load")), ""))
        rows.append(("drop -> first text searchable s (ours)", _f(o.get("first_text_searchable_s")), "", ""))
        rows.append(("drop -> every file searchable, ask works s (ours)", _f(o.get("all_text_searchable_s")), "",
                     _ratio(o.get("all_text_searchable_s"), b.get("wall_s"), "{:.1%} of baseline")))
        rows.append(("drop -> fully indexed (ours) / index done (baseline) s", _f(o["wall_s"]), _f(b.get("wall_s")), ""))
        rows.append(("one-time embedder setup s (ours, not in wall)", _f(setup.get("wall_s")), "", ""))
        rows.append(("peak RSS MB (with children)", _f(o["peak_rss_bytes"] / 1e6, "{:.0f}"),
                     _f(b["peak_rss_bytes"] / 1e6 if b else None, "{:.0f}"),
                     _ratio(o["peak_rss_bytes"], b.get("peak_rss_bytes"))))
        rows.append(("index on disk MB", _f(o["index_bytes"] / 1e6), _f(b["index_bytes"] / 1e6 if b else None), ""))
        re = o["reindex"]
        rows.append(("re-index unchanged, wall s", _f(re["wall_s"]), _f(b.get("wall_s")) + " (full)" if b else "-",
                     _ratio(re["wall_s"], b.get("wall_s"))))
        rows.append(("re-index / first run (ours)", _f(re["ratio_to_first"], "{:.3f}"), "", ""))
        if o.get("files_failed") or b.get("failed"):
            rows.append(("files failed", str(o.get("files_failed")), str(len(b.get("failed") or [])), ""))

    q = r.get("quality")
    if q:
        qo, qb = q.get("ours") or {}, q.get("baseline")
        for lang in ("en", "ja", "all"):
            n = (qo.get("hybrid") or qb or {}).get(lang, {}).get("n")
            section(f"retrieval quality, {lang} (n={n}); baseline = similarity_search")
            for metric in ("hit@1", "hit@5", "mrr@10"):
                for mode in ("dense", "fts", "hybrid"):
                    if mode not in qo:
                        continue
                    ov = qo[mode][lang][metric]
                    bv = qb[lang][metric] if qb else None
                    rows.append((f"{metric} ours {mode}", _f(ov, "{:.3f}"), _f(bv, "{:.3f}") if mode == "dense" else "",
                                 _ratio(ov, bv) if mode == "hybrid" else ""))
        section("query latency on the real index (embedding included), ms p50 / p95")
        for mode in ("dense", "fts", "hybrid"):
            if mode in qo:
                lat = qo[mode]["latency_ms"]
                bl = qb["latency_ms"] if qb and mode == "dense" else None
                rows.append((f"ours {mode}", f"{_f(lat['p50'])} / {_f(lat['p95'])}",
                             f"{_f(bl['p50'])} / {_f(bl['p95'])}" if bl else "", ""))

    lat = r.get("latency")
    if lat:
        section("search latency, synthetic chunks in our Store, ms p50 / p95 (no query embedding)")
        for n, v in lat.items():
            ann = "ANN" if v.get("ann_index") else "flat"
            rows.append((f"{int(n):,} dense ({ann}, {v.get('vectors', 'random')}), recall@10 {v['recall@10']:.3f}",
                         f"{_f(v['dense_ms']['p50'], '{:.1f}')} / {_f(v['dense_ms']['p95'], '{:.1f}')}", "", ""))
            if "fts_ms" in v:
                rows.append((f"{int(n):,} full-text", f"{_f(v['fts_ms']['p50'])} / {_f(v['fts_ms']['p95'])}", "", ""))
            rows.append((f"{int(n):,} write s / fts+optimize s / ANN build s",
                         f"{_f(v['write_s'])} / {_f(v['index_build_s'])} / {_f(v.get('vector_index_s'))}", "", ""))
            rows.append((f"{int(n):,} index on disk MB", _f(v.get("index_bytes", 0) / 2**20, "{:.0f}"), "", ""))
            qm = v.get("query_memory") or {}
            if "rss_after_queries_mb" in qm:
                rows.append((f"{int(n):,} query process RSS MB: opened / after {qm['queries']}+{qm['queries']} queries",
                             f"{_f(qm['rss_after_first_query_mb'], '{:.0f}')} / {_f(qm['rss_after_queries_mb'], '{:.0f}')}",
                             "", ""))

    a = r.get("answers")
    if a and "ours" in a:
        section(f"ask ({a['model']}, {a['threads']} threads, {a['generated']}/{a['questions']} answered, "
                f"{a.get('timed', a['generated'])} timed, max {a['max_tokens']} tokens); 'baseline' = raw llama_cpp")
        ao, ar = a["ours"], a["raw"]
        rows.append(("question -> sources shown ms", _f(ao["sources_ms"], "{:.0f}"), "", ""))
        rows.append(("question -> first token ms", _f(ao["first_token_ms"], "{:.0f}"), "", ""))
        rows.append(("prompt -> first token ms", _f(ao["gen_first_token_ms"], "{:.0f}"),
                     _f(ar["first_token_ms"], "{:.0f}"), _ratio(ao["gen_first_token_ms"], ar["first_token_ms"])))
        rows.append(("tokens/s", _f(ao["tokens_per_s"]), _f(ar["tokens_per_s"]),
                     _ratio(ao["tokens_per_s"], ar["tokens_per_s"])))
        rows.append(("overhead first token / tok/s %", f"{_f(a.get('overhead_first_token_pct'))} / "
                                                       f"{_f(a.get('overhead_tokens_per_s_pct'))}", "", ""))
    elif a:
        section("ask")
        rows.append(("not measured", a.get("error", "")[:60], "", ""))

    s = r.get("startup")
    if s:
        section("start-up (fresh process, tiny index)")
        rows.append(("`assistant status` cold s", _f(s["status_cold_s"], "{:.2f}"), "", ""))
        rows.append(("spawn -> first search done s", _f(s["first_search_s"], "{:.2f}"), "", ""))
        rows.append(("spawn -> window shown s", _f(s.get("window_s"), "{:.2f}") if s.get("window_s") else
                     (s.get("window_note") or "-")[:40], "", ""))

    w0 = max((len(x[0]) for x in rows if not x[0].startswith("== ")), default=20) + 2
    lines = [f"{'':{w0}}{'ours':>18}{'baseline':>18}{'ours/base':>12}"]
    for name, o, b, rt in rows:
        if name.startswith("== "):
            lines.append("")
            lines.append(name[3:])
        else:
            lines.append(f"{name:{w0}}{o:>18}{b:>18}{rt:>12}")
    return "\n".join(lines)


# ---- main ------------------------------------------------------------------------------------
def main(argv=None) -> int:
    a = _args(argv)
    from benchmarks import corpus as corpus_mod

    t_start = time.time()
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "quick": a.quick,
                     "machine": machine_info(), "args": {k: (str(v) if isinstance(v, Path) else v)
                                                         for k, v in vars(a).items()}}
    a.work.mkdir(parents=True, exist_ok=True)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    questions = corpus_mod.load_questions()
    # Only indexing and start-up read the corpus (and --quick, to pick its questions): a latency-
    # or answers-only run must not fetch one.
    corpus = None
    if a.quick or a.corpus or {"index", "startup"} & set(a.only):
        corpus = corpus_mod.ensure_corpus(a.corpus)
    if a.quick:
        corpus, questions = corpus_mod.quick_subset(corpus, a.work / "quick-corpus", questions,
                                                    extra_html=a.quick_extra_html)
        results["quick_questions"] = {lang: [q["id"] for q in qs] for lang, qs in questions.items()}
    results["corpus"] = str(corpus) if corpus else None

    def save():
        results["elapsed_s"] = time.time() - t_start
        a.out.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")

    ours_dir = a.work / f"ours-{a.index_repeat - 1}"
    base_dir = a.work / f"baseline-{a.index_repeat - 1}"
    if "index" in a.only:
        from benchmarks import indexing

        results["index"] = indexing.measure(corpus, a.work, repeat=a.index_repeat, timeout=a.index_timeout,
                                            skip_baseline=a.skip_baseline)
        save()
    if "quality" in a.only:
        from benchmarks import quality

        if not ours_dir.exists():
            log(f"quality: no index at {ours_dir}; run with the index section first")
        else:
            use_base = not a.skip_baseline and base_dir.exists()
            res = quality.measure(ours_dir, base_dir if use_base else None, questions, repeat=a.repeat)
            results["quality"] = {"ours": {m: res[f"ours_{m}"] for m in quality.MODES},
                                  "baseline": res.get("baseline")}
            if use_base:
                from benchmarks import baseline

                results["quality"]["baseline_setup"] = baseline.describe()
            save()
    if "latency" in a.only:
        from benchmarks import latency

        results["latency"] = latency.measure(a.scales, queries=a.latency_queries, repeat=a.repeat,
                                             fts=not a.no_fts_latency, workdir=a.work,
                                             vectors=a.latency_vectors)
        save()
    if "answers" in a.only and a.answer_questions > 0:
        from benchmarks.common import run_json_child

        if not ours_dir.exists():
            log(f"answers: no index at {ours_dir}; run with the index section first")
        else:
            # Alternate English and Japanese questions so both scripts are represented.
            en, ja = questions["en"], questions["ja"]
            mixed = [q for pair in zip(en, ja) for q in pair] + en[len(ja):]
            try:
                ids = ",".join(q["id"] for q in mixed[:a.answer_questions])
                log(f"answers: {ids} in a fresh process (a few minutes)")
                results["answers"] = run_json_child(["-m", "benchmarks.answers", "--data-dir", str(ours_dir),
                                                     "--ids", ids, "--max-tokens", str(a.max_tokens)])
            except Exception as exc:  # noqa: BLE001 - e.g. the model package missing: say so, go on
                log(f"answers: failed: {exc}")
                results["answers"] = {"error": f"{type(exc).__name__}: {exc}"}
            save()
    if "startup" in a.only:
        from benchmarks import startup

        tiny = a.work / "tiny"
        shutil.rmtree(tiny, ignore_errors=True)
        if (a.work / "ours-seed" / "models").is_dir():  # the one-time embedder setup, as for indexing
            shutil.copytree(a.work / "ours-seed" / "models", tiny / "models")
        startup.build_tiny_index(corpus, tiny)
        results["startup"] = startup.measure(tiny, repeat=a.repeat)
        save()

    save()
    print(table(results))
    if a.quick:
        print("\n(quick subset: numbers are for development, not for the README's results)")
    print(f"\nresults: {a.out}   ({results['elapsed_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
