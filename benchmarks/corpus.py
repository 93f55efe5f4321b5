"""The evaluation corpus: fetch it (fetch_corpus.sh), load the dev questions, cut a quick subset."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from benchmarks.common import BENCH_DIR, DATA_DIR, log

DEFAULT_CORPUS = BENCH_DIR / "corpus"
QA_FILES = {"en": DATA_DIR / "qa_dev_en.jsonl", "ja": DATA_DIR / "qa_dev_ja.jsonl"}
DOC_SUFFIXES = {".pdf", ".html", ".htm"}


def load_questions() -> dict[str, list[dict]]:
    return {lang: [json.loads(l) for l in path.open(encoding="utf-8") if l.strip()]
            for lang, path in QA_FILES.items()}


def ensure_corpus(path: Path | None) -> Path:
    """An existing corpus dir as given, else benchmarks/corpus/, built by fetch_corpus.sh
    (Debian's doc packages through apt-get download) when it is not there yet."""
    if path is not None:
        path = Path(path).resolve()
        if not path.is_dir():
            raise SystemExit(f"--corpus {path}: no such folder")
        return path
    path = DEFAULT_CORPUS
    if not (path.is_dir() and any(path.rglob("*.html"))):
        log(f"building the corpus in {path} with fetch_corpus.sh")
        subprocess.run(["bash", str(BENCH_DIR / "fetch_corpus.sh"), str(path)], check=True)
    return path


def doc_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES)


def quick_subset(corpus: Path, dest: Path, questions: dict[str, list[dict]], extra_html: int = 3,
                 max_html_bytes: int = 45_000, extra_pages: int = 0) -> tuple[Path, dict[str, list[dict]]]:
    """A small corpus for development runs on a busy 2-core machine (minutes, not an hour),
    and the dev questions it can answer:
    - the questions whose HTML source is at most `max_html_bytes` (the few big PostgreSQL
      pages would dominate the run) and all the PDF questions;
    - their HTML sources, plus `extra_html` other small pages (in name order) as distractors;
    - each PDF cut down (pypdf) to the pages that hold its questions' evidence and the
      `extra_pages` pages after each. Page numbers change, but the scoring rule matches
      evidence text only, so the questions score the same way.
    Rebuilt on every run so it never goes stale; it lives in benchmarks/out (git-ignored)."""
    from pypdf import PdfReader, PdfWriter

    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)

    def small(q):
        src = corpus / q["source"]
        return q["source"].endswith(".pdf") or (src.exists() and src.stat().st_size <= max_html_bytes)

    questions = {lang: [q for q in qs if small(q)] for lang, qs in questions.items()}
    all_q = [q for qs in questions.values() for q in qs]
    sources = {q["source"] for q in all_q}
    html = [p for p in doc_files(corpus) if p.suffix.lower() in (".html", ".htm")]
    chosen = [p for p in html if p.relative_to(corpus).as_posix() in sources]
    extras = [p for p in html if p not in chosen and p.stat().st_size <= max_html_bytes]
    chosen += extras[:extra_html]
    for p in chosen:
        target = dest / p.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(p, target)
    pages: dict[str, set[int]] = {}
    for q in all_q:
        if q["source"].endswith(".pdf") and q.get("page"):
            for i in range(extra_pages + 1):
                pages.setdefault(q["source"], set()).add(q["page"] + i)
    for rel, wanted in sorted(pages.items()):
        src = corpus / rel
        if not src.exists():
            log(f"quick subset: {rel} not in the corpus, its questions will miss")
            continue
        reader = PdfReader(str(src))
        writer = PdfWriter()
        for n in sorted(wanted):
            if 1 <= n <= len(reader.pages):
                writer.add_page(reader.pages[n - 1])
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as f:
            writer.write(f)
    missing = [s for s in sources if not (dest / s).exists()]
    if missing:
        log(f"quick subset: {len(missing)} question sources missing from the corpus: {missing[:3]}")
    return dest, questions
