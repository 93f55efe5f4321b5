"""Answer quality on the dev questions: do the quotes, and the model's answer, hold the evidence?

    python -m benchmarks.answer_quality --data-dir DIR [--model FILE.gguf] [--no-model] [--cross] [--fresh]

DIR is a library that has indexed the eval corpus (`assistant --data-dir DIR index CORPUS`, or
the suite's `benchmarks/out/work/ours-data`). For English and Japanese it reports, with the
eval's containment rule (normalize: NFKC, lower case, no whitespace; evidence contained):
  - quotes: the share of questions whose quotes (joined) contain an evidence string, for each
    sentence-scoring variant (the measurement behind quotes.WEIGHTS), and for a plain
    word-overlap ranker over the top 5 passages (the floor to beat);
  - retrieval before and after re-ranking the passages by their best sentence (hit@1, hit@5);
  - with a model: the share of answers whose text contains the evidence, and citation
    precision (cited sources that contain the evidence / cited sources).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks.common import DATA_DIR, OUT_DIR, log, median, set_offline_env

VARIANTS = {
    # name: (lexical, dense, rank, neighbour, shape)
    "lexical": (1.0, 0.0, 0.0, 0.0, 0.0),
    "dense": (0.0, 1.0, 0.0, 0.0, 0.0),
    "lexical+dense": (1.0, 1.0, 0.0, 0.0, 0.0),
    "lexical+dense+rank": (1.0, 1.0, 0.3, 0.0, 0.0),
    "lexical+dense+rank+neighbour": (1.0, 1.0, 0.3, 0.3, 0.0),
    "lexical+dense+rank+neighbour+shape": (1.0, 1.0, 0.3, 0.3, 0.3),
    "lexical+rank+neighbour+shape": (1.0, 0.0, 0.3, 0.3, 0.3),
    "lexical+dense(x0.5)+rank+neighbour+shape": (1.0, 0.5, 0.3, 0.3, 0.3),
}


def _normalize():
    sys.path.insert(0, str(DATA_DIR))
    from corpus_text import normalize  # noqa: E402

    return normalize


# Cross-language: the English dev questions asked in Japanese (translated for this benchmark),
# scored against the English evidence. 18 of 30 are about the PostgreSQL manual, which has no
# Japanese edition; the other 12 are also answered, in Japanese, by the Japanese Debian documents.
CROSS = Path(__file__).with_name("data") / "qa_dev_ja_en.jsonl"
# ... and the Japanese dev questions asked in English (translated for this benchmark), scored
# against the Japanese evidence: all 25 are about the Debian documents, which the library also
# holds in English, so an English answer is found for most; the Japanese edition's sentence is
# what these measure.
CROSS_EN = Path(__file__).with_name("data") / "qa_dev_en_ja.jsonl"
# A check on tuning to the dev questions: 15 English and 16 Japanese questions written on
# 2026-11-30 from pages drawn at random (seeded) from the Debian Reference and FAQ, in a user's
# words, each with its evidence, before anything was measured on them, and not tuned on since.
FRESH = {f"fresh {lang}": Path(__file__).with_name("data") / f"qa_fresh_{lang}.jsonl" for lang in ("en", "ja")}
# ... and 40 written on 2026-12-01 by a helper that saw neither the app's code nor these sets,
# from pages drawn at random (seed 20261201) from all three documents, the PostgreSQL manual too:
# 16 English, 16 Japanese, 4 Japanese about the PostgreSQL manual (English evidence) and 4
# English about the Japanese Debian Reference (Japanese evidence), in a user's words ("パスワード
# って最低何文字くらいにすればいいの？"). The first measure on them was the product as it stood;
# defects found there were mended in the same stop (benchmarks/README.md, stop 24).
FRESH.update({f"blind {name}": Path(__file__).with_name("data") / f"qa_blind_{file}.jsonl"
              for name, file in (("en", "en"), ("ja", "ja"), ("ja->en", "ja_en"), ("en->ja", "en_ja"))})
# ... and 40 more the same way on 2026-12-01 (stop 25; seed 20261203, none of the pages above),
# by another helper blind to the code and to every set. Measured only on the product as stop 25
# found it and as it left it, never read question by question: the truest check on tuning.
FRESH.update({f"blind2 {name}": Path(__file__).with_name("data") / f"qa_blind2_{file}.jsonl"
              for name, file in (("en", "en"), ("ja", "ja"), ("ja->en", "ja_en"), ("en->ja", "en_ja"))})


def load_questions(cross: bool = False, fresh: bool = False) -> dict[str, list[dict]]:
    out = {}
    for lang in ("en", "ja"):
        out[lang] = [json.loads(line) for line in (DATA_DIR / f"qa_dev_{lang}.jsonl").open(encoding="utf-8")]
    if cross:
        out["ja->en"] = [json.loads(line) for line in CROSS.open(encoding="utf-8")]
        out["en->ja"] = [json.loads(line) for line in CROSS_EN.open(encoding="utf-8")]
    if fresh:
        for name, path in FRESH.items():
            out[name] = [json.loads(line) for line in path.open(encoding="utf-8")]
    return out


def overlap_quotes(question: str, passages: list[str], budget: int = 400) -> str:
    """The floor: sentences of the top 5 passages ranked by shared words with the question."""
    from assistant.core.text import sentences
    from assistant.core.answer.quotes import content_terms

    q = content_terms(question)
    scored = []
    for p in passages[:5]:
        for s, e in sentences.split(p):
            scored.append((len(q & content_terms(p[s:e])), p[s:e]))
    scored.sort(key=lambda x: -x[0])
    out, used = [], 0
    for _n, text in scored[:3]:
        if used + len(text) > budget:
            break
        out.append(text)
        used += len(text)
    return " ".join(out)


def measure(data_dir: Path, questions: dict[str, list[dict]], model: str | None = None,
            with_model: bool = True, k: int = 5, max_tokens: int = 160) -> dict:
    set_offline_env()
    import assistant  # noqa: F401
    from assistant.core.answer import ask as answer_mod
    from assistant.core.answer import quotes as quotes_mod
    from assistant.core.services import Services

    normalize = _normalize()

    def holds(text: str, evidence: list[str]) -> bool:
        t = normalize(text)
        return any(normalize(e) in t for e in evidence)

    services = Services(str(data_dir))
    retriever = services.retriever
    retriever.warm_up()
    res: dict = {"variants": {}, "retrieval": {}, "model": None}
    per_q: dict = {}
    for lang, qs in questions.items():
        for name, w in VARIANTS.items():
            weights = quotes_mod.Weights(*w)
            ok = [holds(" ".join(c.text for c in answer_mod.prepare(q["question"], retriever, k=k,
                                                                       weights=weights).chosen), q["evidence"])
                  for q in qs]
            res["variants"].setdefault(name, {})[lang] = sum(ok) / len(qs)
        base_ok, times, more = [], [], []
        before = {"hit@1": 0, "hit@5": 0}
        after = {"hit@1": 0, "hit@5": 0}
        for q in qs:
            hits = retriever.search(q["question"], k=k)
            base_ok.append(holds(overlap_quotes(q["question"], [h.text for h in hits]), q["evidence"]))
            r0 = answer_mod.prepare(q["question"], retriever, k=k, rerank=0.0)
            # Timed as a question asked for the first time: no passage's sentences split yet.
            quotes_mod._units.cache_clear()
            t0 = time.perf_counter()
            r1 = answer_mod.prepare(q["question"], retriever, k=k, counterparts=False)
            t1 = time.perf_counter()
            times.append((t1 - t0) * 1000)  # the quotes on screen
            # ... then a quote's counterpart in the other language, shown a moment later
            r1 = answer_mod.with_counterparts(r1, retriever, k)
            more.append((time.perf_counter() - t1) * 1000)
            for table, prep in ((before, r0), (after, r1)):
                ranks = [i for i, h in enumerate(prep.hits) if holds(h.text, q["evidence"])]
                table["hit@1"] += bool(ranks and ranks[0] == 0)
                table["hit@5"] += bool(ranks and ranks[0] < 5)
            per_q[q["id"]] = {"quotes": [c.text for c in r1.chosen], "relevant": r1.relevant,
                              "quote_ok": holds(" ".join(c.text for c in r1.chosen), q["evidence"])}
        res["variants"].setdefault("the app's default (quotes.WEIGHTS, re-ranking, floors)", {})[lang] = \
            sum(per_q[q["id"]]["quote_ok"] for q in qs) / len(qs)
        res["variants"].setdefault("word overlap, top 5 (floor)", {})[lang] = sum(base_ok) / len(qs)
        res["retrieval"][lang] = {"before": {m: v / len(qs) for m, v in before.items()},
                                  "after": {m: v / len(qs) for m, v in after.items()},
                                  "quotes_ms_p50": median(times), "quotes_ms_max": max(times),
                                  "counterpart_ms_p50": median(more), "counterpart_ms_max": max(more)}
    if with_model:
        if model:
            services.settings.model_path = str(Path(model).resolve())
        llm = services.llm
        out = {"name": llm.name}
        for lang, qs in questions.items():
            ans_ok, cited, cited_ok = [], 0, 0
            for q in qs:
                done = None
                for ev in answer_mod.answer(q["question"], retriever, llm, k=k, max_tokens=max_tokens,
                                            temperature=0.0):
                    if isinstance(ev, answer_mod.AnswerDone):
                        done = ev
                ans_ok.append(holds(done.answer, q["evidence"]))
                for s in done.sources:
                    if s.cited:
                        cited += 1
                        cited_ok += holds(s.text, q["evidence"])
                per_q[q["id"]].update(answer=done.answer, answer_ok=ans_ok[-1])
                log(f"{q['id']}: quote {'ok' if per_q[q['id']]['quote_ok'] else '--'} "
                    f"answer {'ok' if ans_ok[-1] else '--'}: {done.answer[:80]!r}")
            out[lang] = {"answer_contains": sum(ans_ok) / len(qs),
                         "citation_precision": cited_ok / cited if cited else None, "cited": cited}
        res["model"] = out
    services.close()
    res["questions"] = per_q
    return res


def table(res: dict) -> str:
    langs = tuple(res["retrieval"]) or ("en", "ja")
    w = max(9, *(len(lang) + 1 for lang in langs))  # "blind ja->en"
    lines = ["quotes contain the evidence (share of questions)    " + "".join(f"{lang:>{w}s}" for lang in langs)]
    for name, v in res["variants"].items():
        lines.append(f"  {name:<50s}" + "".join(f"{v.get(lang, 0):{w}.3f}" for lang in langs))
    lines.append("passages before / after re-ranking by their best sentence")
    for lang in langs:
        r = res["retrieval"].get(lang)
        if r:
            lines.append(f"  {lang}: hit@1 {r['before']['hit@1']:.3f} -> {r['after']['hit@1']:.3f}   "
                         f"hit@5 {r['before']['hit@5']:.3f} -> {r['after']['hit@5']:.3f}   "
                         f"question -> quotes p50 {r['quotes_ms_p50']:.0f} ms (max {r['quotes_ms_max']:.0f}), "
                         f"other language +{r['counterpart_ms_p50']:.0f} ms (max +{r['counterpart_ms_max']:.0f})")
    m = res.get("model")
    if m:
        lines.append(f"answers by {m['name']}")
        for lang in langs:
            if lang in m:
                cp = m[lang]["citation_precision"]
                lines.append(f"  {lang}: answer contains the evidence {m[lang]['answer_contains']:.3f}   "
                             f"citation precision {'n/a' if cp is None else f'{cp:.3f}'} ({m[lang]['cited']} cited)")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", required=True, type=Path)
    ap.add_argument("--model", help="a GGUF to answer with (default: the library's model)")
    ap.add_argument("--no-model", action="store_true", help="quotes and retrieval only")
    ap.add_argument("--cross", action="store_true",
                    help="also the Japanese questions about English documents (benchmarks/data)")
    ap.add_argument("--fresh", action="store_true",
                    help="also the questions written from random pages (fresh, blind; benchmarks/data)")
    ap.add_argument("--out", type=Path, default=OUT_DIR / "answer_quality.json")
    args = ap.parse_args(argv)
    res = measure(args.data_dir, load_questions(args.cross, args.fresh), args.model, not args.no_model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, ensure_ascii=False, indent=1))
    print(table(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
