"""OCR on real scanned pages: the Debian Reference pages that hold the evidence of the development
questions, rendered at 200 and 300 dpi, turned slightly and speckled like a scan, wrapped as
image-only PDFs and indexed by the app; retrieval hit@5 on those questions next to the same
pages with their text layer, the character error rate (CER) of what OCR read against the text
layer, and seconds per page. Optionally (`--engines`) other OCR engines on the same page images.

    .venv/bin/python -m benchmarks.ocr --corpus /path/to/corpus        # minutes per dpi on 2 cores
    .venv/bin/python -m benchmarks.ocr --corpus ... --engines tesseract,rapidocr --engine-pages 5

Too slow for CI (OCR takes seconds a page): a script to run by hand. It needs the Tesseract
program (see README); `--engines rapidocr` needs `pip install rapidocr` (PP-OCRv6 models inside
the wheel), `rapidocr-onnxruntime` the older PP-OCRv4 package.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np

from benchmarks.common import DATA_DIR, OUT_DIR, log, set_offline_env

sys.path.insert(0, str(DATA_DIR))
from score import score  # noqa: E402  (the eval's own scorer)

PDFS = {"en": "debref/debian-reference.en.pdf", "ja": "debref/debian-reference.ja.pdf"}


def norm(text: str) -> str:
    """As the eval's matching rule: NFKC, lower case, no whitespace (line breaks and CJK spacing vary)."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time (the insertion chain as a running minimum)."""
    if not a or not b:
        return len(a) + len(b)
    A = np.frombuffer(a.encode("utf-32-le"), dtype=np.uint32)
    B = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    j = np.arange(len(B) + 1, dtype=np.int64)
    prev = j.copy()
    for i in range(1, len(A) + 1):
        t = np.empty_like(prev)
        t[0] = i
        t[1:] = np.minimum(prev[1:] + 1, prev[:-1] + (B != A[i - 1]))
        prev = np.minimum.accumulate(t - j) + j
    return int(prev[-1])


def cer(ref: str, hyp: str) -> tuple[int, int]:
    r, h = norm(ref), norm(hyp)
    return edit_distance(r, h), len(r)


def scan(page, dpi: int, seed: int):
    """A page as a scanner would give it: grey, turned up to 1.5 degrees, with sensor noise."""
    from PIL import Image

    img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    rng = np.random.default_rng(seed)
    img = img.rotate(float(rng.uniform(-1.5, 1.5)), resample=Image.BICUBIC, fillcolor=255)
    a = np.asarray(img, dtype=np.float32) + rng.normal(0, 12, (img.height, img.width))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def pages_of(questions: list[dict]) -> dict[str, list[int]]:
    out: dict[str, set[int]] = {}
    for q in questions:
        for lang, src in PDFS.items():
            if q["source"] == src and q.get("page"):
                out.setdefault(lang, set()).add(int(q["page"]))
    return {lang: sorted(p) for lang, p in out.items()}


def build(corpus: Path, pages: dict[str, list[int]], work: Path, dpis: list[int]) -> dict[str, Path]:
    """Folders to index: 'text' (the pages with their text layer, cut out with pypdfium2) and
    'scan-<dpi>' (the same pages as image-only PDFs, one PDF per language)."""
    import pypdfium2 as pdfium

    sets = {"text": work / "text", **{f"scan-{d}": work / f"scan-{d}" for d in dpis}}
    for folder in sets.values():
        folder.mkdir(parents=True, exist_ok=True)
    for lang, nums in pages.items():
        src = pdfium.PdfDocument(str(corpus / PDFS[lang]))
        out = pdfium.PdfDocument.new()
        out.import_pages(src, [n - 1 for n in nums])
        out.save(str(sets["text"] / f"debref-{lang}.pdf"))
        for dpi in dpis:
            images = [scan(src[n - 1], dpi, seed=n * 1000 + dpi) for n in nums]
            images[0].save(sets[f"scan-{dpi}"] / f"debref-{lang}.pdf", "PDF", resolution=dpi, save_all=True,
                           append_images=images[1:])
    return sets


def index_and_score(folder: Path, data: Path, questions: list[dict], ref: dict, order: dict) -> dict:
    """Index `folder` with the app, search every question, score hit@k, and compare the OCRed
    page text (from the word-box files) with the text layer."""
    from assistant.core.ingest import ocr
    from assistant.core.ingest.indexer import Finished
    from assistant.core.services import Services

    services = Services(data)
    t0 = time.perf_counter()
    c0 = _cpu()
    finished = None
    for ev in services.index([str(folder)]):
        if isinstance(ev, Finished):
            finished = ev
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    services.retriever.warm_up()
    results = {q["id"]: [h.text for h in services.retriever.search(q["question"], k=10)] for q in questions}
    by_lang = {lang: score([q for q in questions if q["lang"] == lang], results) for lang in ("en", "ja")}
    by_lang["all"] = score(questions, results)
    errors = {"en": [0, 0], "ja": [0, 0]}
    n_pages = 0
    for lang, nums in order.items():
        path = str(folder / f"debref-{lang}.pdf")
        for i, n in enumerate(nums, 1):
            page = ocr.load_boxes(services.ocr_dir, path, i)
            if page is None:
                continue
            n_pages += 1
            e, total = cer(ref[(lang, n)], page.text)
            errors[lang][0] += e
            errors[lang][1] += total
    return {"scores": by_lang, "index_wall_s": wall, "index_cpu_s": cpu, "ocr_pages": n_pages,
            "cer": {lang: (e / t if t else None) for lang, (e, t) in errors.items()},
            "files": finished.files_indexed if finished else None}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the parse worker, Tesseract)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


# ---- other engines on the same images ----------------------------------------------------
def _engine(name: str):
    if name.startswith("tesseract"):
        langs = name.partition(":")[2] or "eng+jpn"

        def run(img):
            buf = io.BytesIO()
            img.save(buf, "PNG")
            r = subprocess.run(["tesseract", "-", "-", "-l", langs], input=buf.getvalue(), capture_output=True,
                               env=dict(os.environ, OMP_THREAD_LIMIT="1"))
            return r.stdout.decode("utf-8", "replace")
        return run
    if name == "rapidocr":  # rapidocr 3.x: PP-OCRv6 small, models in the wheel
        from rapidocr import RapidOCR

        eng = RapidOCR(params={"Global.log_level": "error"})
        return lambda img: "\n".join(eng(np.asarray(img.convert("RGB"))).txts or [])
    if name == "rapidocr-onnxruntime":  # 1.4: PP-OCRv4 Chinese/English, models in the wheel
        from rapidocr_onnxruntime import RapidOCR

        eng = RapidOCR()
        return lambda img: "\n".join(x[1] for x in (eng(np.asarray(img.convert("RGB")))[0] or []))
    raise SystemExit(f"unknown engine {name}")


def compare_engines(corpus: Path, pages: dict[str, list[int]], engines: list[str], dpis: list[int],
                    per_lang: int) -> list[dict]:
    from PIL import Image
    import pypdfium2 as pdfium

    runners = {e: _engine(e) for e in engines}
    for run in runners.values():  # model loading is not a page's time
        run(Image.new("L", (200, 60), 255))
    rows = []
    for lang, nums in pages.items():
        src = pdfium.PdfDocument(str(corpus / PDFS[lang]))
        picked = nums[:: max(1, len(nums) // per_lang)][:per_lang]
        for n in picked:
            ref = src[n - 1].get_textpage().get_text_range()
            for dpi in dpis:
                img = scan(src[n - 1], dpi, seed=n * 1000 + dpi)
                for name, run in runners.items():
                    c0, t0 = _cpu_all(), time.perf_counter()
                    text = run(img)
                    wall, cpu = time.perf_counter() - t0, _cpu_all() - c0
                    e, total = cer(ref, text)
                    rows.append({"lang": lang, "page": n, "dpi": dpi, "engine": name, "errors": e, "chars": total,
                                 "wall_s": wall, "cpu_s": cpu})
                    log(f"{name:22s} {lang} p{n} {dpi}dpi CER {e / max(total, 1):.3f} {wall:.1f} s ({cpu:.1f} CPU s)")
    return rows


def _cpu_all() -> float:
    return time.process_time() + sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f)
                                     for f in ("ru_utime", "ru_stime"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="the eval corpus (holds debref/*.pdf)")
    ap.add_argument("--dpi", default="200,300")
    ap.add_argument("--work", type=Path, default=OUT_DIR / "ocr")
    ap.add_argument("--engines", default="", help="also compare these engines: tesseract[:langs],rapidocr,"
                                                  "rapidocr-onnxruntime")
    ap.add_argument("--engine-pages", type=int, default=5, help="pages per language for --engines")
    ap.add_argument("--skip-index", action="store_true", help="only --engines")
    args = ap.parse_args()
    set_offline_env()
    dpis = [int(d) for d in args.dpi.split(",")]
    questions = [json.loads(line) for name in ("qa_dev_en.jsonl", "qa_dev_ja.jsonl")
                 for line in (DATA_DIR / name).open(encoding="utf-8") if line.strip()]
    questions = [q for q in questions if q["source"] in PDFS.values()]
    pages = pages_of(questions)
    log(f"{len(questions)} questions on {sum(map(len, pages.values()))} pages: "
        + ", ".join(f"{lang} {p}" for lang, p in pages.items()))
    from assistant.core.ingest import ocr

    out: dict = {"ocr_dpi": ocr.DPI, "machine": {"cpu": _cpu_name(), "cores": os.cpu_count(), "python": platform.python_version(),
                             "tesseract": _tesseract_version()}, "questions": len(questions), "pages": pages}
    if not args.skip_index:
        import pypdfium2 as pdfium
        import shutil

        if args.work.exists():
            shutil.rmtree(args.work)
        sets = build(args.corpus, pages, args.work / "docs", dpis)
        ref = {}
        for lang, nums in pages.items():
            src = pdfium.PdfDocument(str(args.corpus / PDFS[lang]))
            for n in nums:
                ref[(lang, n)] = src[n - 1].get_textpage().get_text_range()
        out["sets"] = {}
        for name, folder in sets.items():
            log(f"indexing {name}")
            r = index_and_score(folder, args.work / f"data-{name}", questions, ref, pages)
            out["sets"][name] = r
            s = r["scores"]
            log(f"{name}: hit@5 en {s['en']['hit@5']:.3f} ja {s['ja']['hit@5']:.3f} all {s['all']['hit@5']:.3f}; "
                f"CER en {r['cer']['en']} ja {r['cer']['ja']}; {r['index_wall_s']:.0f} s, {r['index_cpu_s']:.0f} CPU s")
    if args.engines:
        out["engines"] = compare_engines(args.corpus, pages, args.engines.split(","), dpis, args.engine_pages)
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "results.json").write_text(json.dumps(out, indent=1, ensure_ascii=False))
    print(table(out))


def table(out: dict) -> str:
    lines = []
    if out.get("sets"):
        pages = sum(map(len, out["pages"].values()))
        lines += ["| pages | hit@5 en | hit@5 ja | hit@5 all | MRR@10 all | CER en | CER ja | index s/page (wall / CPU) |",
                  "|---|---|---|---|---|---|---|---|"]
        for name, r in out["sets"].items():
            s = r["scores"]
            c = r["cer"]
            lines.append(f"| {name} | {s['en']['hit@5']:.3f} | {s['ja']['hit@5']:.3f} | {s['all']['hit@5']:.3f} | "
                         f"{s['all']['mrr@10']:.3f} | {_pct(c['en'])} | {_pct(c['ja'])} | "
                         f"{r['index_wall_s'] / pages:.1f} / {r['index_cpu_s'] / pages:.1f} |")
    if out.get("engines"):
        agg: dict = {}
        for row in out["engines"]:
            a = agg.setdefault((row["engine"], row["dpi"]), {"en": [0, 0], "ja": [0, 0], "wall": [], "cpu": []})
            a[row["lang"]][0] += row["errors"]
            a[row["lang"]][1] += row["chars"]
            a["wall"].append(row["wall_s"])
            a["cpu"].append(row["cpu_s"])
        lines += ["", "| engine | dpi | CER en | CER ja | s/page wall | CPU s/page |", "|---|---|---|---|---|---|"]
        for (engine, dpi), a in sorted(agg.items()):
            lines.append(f"| {engine} | {dpi} | {_pct(a['en'][0] / a['en'][1] if a['en'][1] else None)} | "
                         f"{_pct(a['ja'][0] / a['ja'][1] if a['ja'][1] else None)} | "
                         f"{np.mean(a['wall']):.1f} | {np.mean(a['cpu']):.1f} |")
    return "\n".join(lines)


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _cpu_name() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _tesseract_version() -> str | None:
    try:
        r = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
        return (r.stdout or r.stderr).splitlines()[0]
    except (OSError, IndexError):
        return None


if __name__ == "__main__":
    main()
