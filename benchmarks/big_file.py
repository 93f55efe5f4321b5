"""One big ordinary file through the parse worker: time, the worker's peak memory, the outcome.

    python benchmarks/big_file.py [--mb 60] [--kind oneline|lines|html|csv]

Makes the file in a temporary folder (a log or an export: one long line by default), parses and
chunks it in the real worker process under its real limits, and samples the worker's resident
memory every 50 ms.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

WORDS = ("invoice tenant engine filter lease payment module sensor garden contract warranty "
         "request status error timeout user session").split()


def make(path: Path, mb: int, kind: str) -> Path:
    rng = random.Random(1)
    target = mb * 1024 * 1024
    with open(path, "w", encoding="utf-8") as f:
        written = 0
        if kind == "html":
            f.write("<html><body><h1>Export</h1>")
        while written < target:
            if kind == "oneline":
                piece = " ".join(rng.choice(WORDS) for _ in range(2000)) + " "
            elif kind == "csv":
                piece = "\n".join(f"{i},{rng.choice(WORDS)},{rng.randrange(10**6)},{rng.choice(WORDS)}"
                                  for i in range(500)) + "\n"
            elif kind == "html":
                piece = "".join(f"<p>{' '.join(rng.choice(WORDS) for _ in range(40))}</p>" for _ in range(50))
            else:
                piece = "\n".join(f"2025-01-01T00:00:{i % 60:02d} {' '.join(rng.choice(WORDS) for _ in range(12))}"
                                  for i in range(500)) + "\n"
            f.write(piece)
            written += len(piece)
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=60)
    ap.add_argument("--kind", default="oneline", choices=["oneline", "lines", "html", "csv"])
    args = ap.parse_args()
    import psutil

    import assistant  # noqa: F401
    from assistant.core.ingest.chunking import ChunkSpec
    from assistant.core.ingest.parse_worker import ParserPool
    from assistant.core.search.embedding import resolve_model_dir

    suffix = {"oneline": ".txt", "lines": ".log", "html": ".html", "csv": ".csv"}[args.kind]
    with tempfile.TemporaryDirectory() as tmp:
        path = make(Path(tmp) / f"big{suffix}", args.mb, args.kind)
        pool = ParserPool(str(resolve_model_dir("")), ChunkSpec(), timeout_s=600)
        peak = [0]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                try:
                    peak[0] = max(peak[0], psutil.Process(pool._proc.pid).memory_info().rss)
                except (psutil.Error, AttributeError):
                    pass
                time.sleep(0.05)

        try:
            pool.submit(str(path))
            threading.Thread(target=sample, daemon=True).start()
            t0 = time.perf_counter()
            res = pool.next_result()
            elapsed = time.perf_counter() - t0
        finally:
            stop.set()
            pool.close()
        outcome = f"{len(res.chunks)} chunks" if res.ok else f"failed: {res.reason} ({res.detail})"
        print(f"{args.mb} MB {args.kind}{suffix}: {outcome}; {elapsed:.1f} s in the worker "
              f"(parse {res.parse_s:.1f} s, chunk {res.chunk_s:.1f} s); worker peak RSS "
              f"{peak[0] / 1024 ** 2:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
