"""`ask` speed: our answer generator vs raw llama-cpp-python on the very same prompt.

For each question, ours runs assistant.core.answer.ask.answer() with services.llm (the bundled
model unless the settings name another) and we record:
  - sources_ms: question -> SourcesFound event (retrieval + model load on the first question;
    the "sources on screen" moment in the GUI),
  - first_token_ms (end to end): question -> first Token event,
  - gen_first_token_ms / tokens_per_s: from AnswerDone.timings (generation only).
The prompt and stop strings ours sent are captured, and a plain llama_cpp.Llama with the same
n_ctx / threads / GPU layers runs create_completion(stream=True) on them with the same sampling
settings. Overhead % = ours generation first-token time / raw first-token time - 1.
Both models stay loaded across questions, so both get llama.cpp's prefix (KV) reuse alike,
and they run question by question in alternating order so machine load hits both alike.
The first question of each pays the model load: it is reported apart and left out of medians.
"""
from __future__ import annotations

import time
from pathlib import Path

from benchmarks.common import OUT_DIR, log, median

SAMPLING = dict(temperature=0.2, top_p=0.95, top_k=40, repeat_penalty=1.1)


class _Recorder:
    """Wraps LocalLLM: records the prompt and stops that answer() sends to stream()."""

    def __init__(self, llm):
        self._llm = llm
        self.prompts: list[tuple[str, list[str]]] = []

    def stream(self, prompt, stops, **kw):
        self.prompts.append((prompt, list(stops)))
        return self._llm.stream(prompt, stops, **kw)

    def __getattr__(self, name):
        return getattr(self._llm, name)


def _raw_run(llama, prompt: str, stops: list[str], max_tokens: int) -> dict:
    t0 = time.perf_counter()
    t_first = None
    n = 0
    for part in llama.create_completion(prompt, max_tokens=max_tokens, stop=stops, stream=True, **SAMPLING):
        n += 1
        if t_first is None:
            t_first = time.perf_counter()
    t_end = time.perf_counter()
    return {"first_token_ms": (t_first - t0) * 1000 if t_first else None,
            "tokens": n, "tokens_per_s": (n - 1) / (t_end - t_first) if t_first and n > 1 else None}


def measure(data_dir: Path, questions: list[dict], max_tokens: int = 128) -> dict:
    import assistant  # noqa: F401
    from assistant.core.answer import ask as answer_mod
    from assistant.core.answer.llm import bundled_model_path
    from assistant.core.services import Services

    services = Services(str(data_dir))
    if not services.settings.model_path:
        # Assemble the bundled model once into benchmarks/out/models, not into every fresh
        # data dir (assembling is a one-time install step, not part of answering).
        services.settings.model_path = str(bundled_model_path(OUT_DIR / "models"))
    retriever = services.retriever
    retriever.search("warm up", k=5)  # embedder load belongs to start-up, not to asking
    rec = _Recorder(services.llm)
    llm = services.llm.load()
    settings = dict(model_path=str(llm.path), n_ctx=llm.n_ctx, n_gpu_layers=llm.offload_layers,
                    n_threads=getattr(llm._llm, "n_threads", None))

    import llama_cpp

    from assistant.core.platform.hardware import physical_cores

    threads = settings["n_threads"] or physical_cores()
    t0 = time.perf_counter()
    # The same weight buffers as ours (see llm._without_amx_buffers), so only our code differs.
    from assistant.core.platform import hardware
    from assistant.core.answer.llm import _without_amx_buffers

    with _without_amx_buffers(hardware.has_amx()):
        llama = llama_cpp.Llama(model_path=settings["model_path"], n_ctx=settings["n_ctx"],
                                n_gpu_layers=settings["n_gpu_layers"], n_threads=threads,
                                n_threads_batch=threads, verbose=False)
    raw_load_ms = (time.perf_counter() - t0) * 1000

    def run_ours(q):
        t0 = time.perf_counter()
        row = {"id": q["id"], "sources_ms": None, "first_token_ms": None}
        n_prompts = len(rec.prompts)
        for ev in answer_mod.answer(q["question"], retriever, rec, k=services.settings.sources,
                                    max_tokens=max_tokens, temperature=SAMPLING["temperature"]):
            now = (time.perf_counter() - t0) * 1000
            if isinstance(ev, answer_mod.SourcesFound):
                row["sources_ms"] = now
                row["n_sources"] = len(ev.sources)
            elif isinstance(ev, answer_mod.Token) and row["first_token_ms"] is None:
                row["first_token_ms"] = now
            elif isinstance(ev, answer_mod.AnswerDone):
                row["grounded"] = ev.grounded
                row["gen_first_token_ms"] = ev.timings.get("first_token_ms")
                row["tokens_per_s"] = ev.timings.get("tokens_per_s")
                row["tokens"] = ev.timings.get("tokens")
        row["generated"] = len(rec.prompts) > n_prompts
        return row

    # Ours and raw run question by question, in alternating order, both models loaded, so that
    # load from other processes on a shared machine hits both alike. Raw needs ours' prompt, so
    # "raw first" reuses the prompt ours built for the same question in a dry pass: the prompt
    # depends only on retrieval, which is deterministic.
    ours, raw = [], []
    for i, q in enumerate(questions):
        if i % 2 == 0:
            row = run_ours(q)
            p = rec.prompts[-1] if row["generated"] else None
            r = _raw_run(llama, p[0], p[1], max_tokens) if p else None
        else:
            prep = answer_mod.prepare(q["question"], retriever, k=services.settings.sources)
            p = None
            if prep.relevant:
                llm.load()
                found = [answer_mod.Source(i + 1, h.path, h.page, h.heading, h.text, h.start, h.end)
                         for i, h in enumerate(prep.hits)]
                quotes = answer_mod.make_quotes(prep.chosen, found)
                p = answer_mod.build_prompt(llm, q["question"], prep, quotes, None, max_tokens)[2:]
            r = _raw_run(llama, p[0], p[1], max_tokens) if p else None
            row = run_ours(q)
            if row["generated"] and p is not None and rec.prompts[-1] != (p[0], list(p[1])):
                row["prompt_differs"] = True  # answer() changed how it builds prompts: say so
        if r is not None:
            r["id"] = q["id"]
        ours.append(row)
        raw.append(r)
        def ms(v):  # None: no token (answered "not found" without the model)
            return "-" if v is None else f"{v:.0f}"

        log(f"answers: {q['id']} sources {ms(row.get('sources_ms'))} ms, first token ours "
            f"{ms(row.get('first_token_ms'))} ms / raw {ms(r['first_token_ms'] if r else None)} ms, "
            f"tok/s ours {row.get('tokens_per_s') or 0:.1f} / raw {(r or {}).get('tokens_per_s') or 0:.1f}")
    llama.close()
    services.close()

    # Skip the first generated question on both sides: it pays the model load / cold caches.
    # Only questions both sides answered with a few tokens are timed: a model that stops at once
    # (a stop string first) has no first token to time and a meaningless tokens/s.
    pairs = [(o, r) for o, r in zip(ours, raw) if r is not None and o.get("first_token_ms") is not None
             and (o.get("tokens") or 0) >= 2 and r.get("first_token_ms") is not None]
    steady = pairs[1:] if len(pairs) > 1 else pairs
    res = {
        "model": Path(settings["model_path"]).name,
        "threads": threads,
        "gpu_layers": settings["n_gpu_layers"],
        "max_tokens": max_tokens,
        "questions": len(questions),
        "generated": sum(1 for o in ours if o["generated"]),
        "timed": len(pairs),
        "ours": {
            "sources_ms": median([o["sources_ms"] for o in ours[1:]] or [ours[0]["sources_ms"]]),
            "first_sources_ms": ours[0]["sources_ms"] if ours else None,
            "first_token_ms": median([o["first_token_ms"] for o, _ in steady]),
            "gen_first_token_ms": median([o["gen_first_token_ms"] for o, _ in steady]),
            "tokens_per_s": median([o["tokens_per_s"] for o, _ in steady]),
            "first_question_first_token_ms": pairs[0][0]["first_token_ms"] if pairs else None,
        },
        "raw": {
            "load_ms": raw_load_ms,
            "first_token_ms": median([r["first_token_ms"] for _, r in steady]),
            "tokens_per_s": median([r["tokens_per_s"] for _, r in steady]),
        },
        "per_question": {"ours": ours, "raw": raw},
    }
    o, r = res["ours"], res["raw"]
    if o["gen_first_token_ms"] and r["first_token_ms"]:
        res["overhead_first_token_pct"] = (o["gen_first_token_ms"] / r["first_token_ms"] - 1) * 100
    if o["tokens_per_s"] and r["tokens_per_s"]:
        res["overhead_tokens_per_s_pct"] = (r["tokens_per_s"] / o["tokens_per_s"] - 1) * 100
    return res


def main() -> None:
    """`python -m benchmarks.answers --data-dir D --ids ID,ID --max-tokens N`: run() in a fresh
    process, so that what earlier sections left in the parent (PyTorch and ONNX Runtime thread
    pools, LanceDB's runtime, two embedders) cannot slow one side of the comparison."""
    import argparse
    import json

    from benchmarks.common import set_offline_env
    from benchmarks.corpus import load_questions

    set_offline_env()
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", required=True, type=Path)
    ap.add_argument("--ids", required=True)
    ap.add_argument("--max-tokens", type=int, default=128)
    a = ap.parse_args()
    by_id = {q["id"]: q for qs in load_questions().values() for q in qs}
    questions = [by_id[i] for i in a.ids.split(",")]
    print(json.dumps(measure(a.data_dir, questions, max_tokens=a.max_tokens), default=str))


if __name__ == "__main__":
    main()
