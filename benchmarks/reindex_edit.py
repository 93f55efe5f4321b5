"""Re-indexing an edited document: what one changed paragraph costs.

    python -m benchmarks.reindex_edit [--file DOC.html] [--rounds 3]

A copy of one long real document (default: the PostgreSQL manual's psql page from the eval
corpus) is indexed into a fresh library; then, round after round, a different paragraph is
inserted in its middle and the library re-indexed. Reported: wall time of the first indexing
and of each re-index (median), the passages the embedder was given each time, and the ratio.
The first indexing of the file is the baseline: it is what a re-index cost before unchanged
passages kept their vectors (every passage of a changed file was embedded again). In-process,
after one warm-up indexing, so both sides have the models loaded.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import OUT_DIR, log, median, ratio, set_offline_env

set_offline_env()

NEW_PARAGRAPH = ("<p>Round {n} note: the team keeps its connection defaults in a shared file, and "
                 "everyone reviews it on the first Monday of each quarter before upgrading psql.</p>")


def _edited(html: str, n: int) -> str:
    """The document with a new paragraph after the paragraph in its middle."""
    ends = [i for i in range(len(html)) if html.startswith("</p>", i)]
    at = ends[len(ends) // 2] + 4
    return html[:at] + NEW_PARAGRAPH.format(n=n) + html[at:]


def _counting(services, counted: list) -> None:
    """Note every passage the embedder is given (the real embedder still embeds it)."""
    real = services.embedder.embed_passages

    def embed(texts, *a, **kw):
        counted.extend(texts)
        return real(texts, *a, **kw)

    services.embedder.embed_passages = embed


def _index(services, folder: Path, counted: list) -> tuple[float, int]:
    t0 = time.perf_counter()
    before = len(counted)
    for _ev in services.index([str(folder)]):
        pass
    return time.perf_counter() - t0, len(counted) - before


def measure(doc: Path, rounds: int) -> dict:
    from benchmarks.run import machine_info
    from assistant.core.services import Services

    work = Path(tempfile.mkdtemp(prefix="reindex-edit-"))
    try:
        original = doc.read_text(encoding="utf-8", errors="replace")
        # Warm-up: models loaded and sessions made, so the timed runs compare indexing alone.
        warm = work / "warm"
        warm.mkdir()
        (warm / "w.html").write_text(_edited(original, 0), encoding="utf-8")
        counted: list[str] = []
        services = Services(str(work / "data-warm"))
        _counting(services, counted)
        _index(services, warm, counted)
        services.close()

        firsts, edits, embedded_first, embedded_edit = [], [], [], []
        for r in range(rounds):
            folder = work / f"docs-{r}"
            folder.mkdir()
            target = folder / doc.name
            target.write_text(original, encoding="utf-8")
            services = Services(str(work / f"data-{r}"))
            _counting(services, counted)
            wall, n = _index(services, folder, counted)
            firsts.append(wall)
            embedded_first.append(n)
            target.write_text(_edited(original, r + 1), encoding="utf-8")
            wall, n = _index(services, folder, counted)
            edits.append(wall)
            embedded_edit.append(n)
            chunks = services.store.file_rows()[str(target)].chunks
            services.close()
            log(f"round {r + 1}: first {firsts[-1]:.2f} s ({embedded_first[-1]} passages embedded), "
                f"after the edit {edits[-1]:.2f} s ({embedded_edit[-1]} embedded), {chunks} chunks")
        return {"machine": machine_info(), "file": str(doc), "bytes": doc.stat().st_size, "chunks": chunks,
                "rounds": rounds, "first_wall_s": firsts, "edit_wall_s": edits,
                "first_embedded": embedded_first, "edit_embedded": embedded_edit,
                "first_wall_s_median": median(firsts), "edit_wall_s_median": median(edits),
                "ratio": ratio(median(edits), median(firsts))}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=Path(__file__).resolve().parent / "corpus" / "pg" / "app-psql.html")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    if not a.file.is_file():
        raise SystemExit(f"--file {a.file}: not found (build the eval corpus with benchmarks/fetch_corpus.sh, "
                         "or name any long HTML file)")
    res = measure(a.file, a.rounds)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "reindex_edit.json").write_text(json.dumps(res, indent=1))
    m = res["machine"]
    print(f"machine: {m['cpu']}, {m['logical_cpus']} cores, {'/'.join(m['cpu_features']) or '-'}; "
          f"AMX path {'on' if m['amx_path'] else 'off'}")
    print(f"{Path(res['file']).name}: {res['bytes'] / 1e3:.0f} kB, {res['chunks']} chunks; "
          f"median of {res['rounds']} rounds")
    print(f"  first indexing        {res['first_wall_s_median']:.2f} s, "
          f"{median(res['first_embedded']):.0f} passages embedded")
    print(f"  re-index after edit   {res['edit_wall_s_median']:.2f} s, "
          f"{median(res['edit_embedded']):.0f} passages embedded   ratio {res['ratio']:.2f}x")


if __name__ == "__main__":
    main()
