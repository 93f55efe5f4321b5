"""Parsing and chunking in a separate process, so a hostile file costs only itself.

A file that hangs hits a wall-clock timeout, one that balloons hits the worker's memory cap,
and one that crashes a native parser (pdfium, lxml) kills only the worker; the parent records
a reason and starts a fresh worker. Running in another process also overlaps parsing with
embedding in the parent.
"""
from __future__ import annotations

import multiprocessing as mp
import time
from collections import deque
from dataclasses import dataclass

from assistant.core.documents.base import CORRUPT, TIMEOUT, TOO_LARGE

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MEMORY_BYTES = 3 * 1024 ** 3


@dataclass
class ParseResult:
    path: str
    ok: bool
    chunks: list[tuple] | None = None  # (text, page, heading, start, end, tokens, terms)
    title: str | None = None
    reason: str | None = None
    detail: str = ""
    parse_s: float = 0.0
    chunk_s: float = 0.0


def _limit_memory(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the timeout still applies


def _worker_main(conn, model_dir: str, spec, memory_bytes: int) -> None:
    import assistant  # noqa: F401  (sets the offline switches in this process too)
    from assistant.core import documents
    from assistant.core.chunking import chunk_document, clip_heading
    from assistant.core.embedding import TokenizerCounter
    from assistant.core.terms import as_document

    _limit_memory(memory_bytes)
    counter = TokenizerCounter(model_dir)
    while True:
        try:
            path = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if path is None:
            return
        t0 = time.perf_counter()
        try:
            doc = documents.load(path)
            t1 = time.perf_counter()
            chunks = chunk_document(doc, counter, spec)
            rows = []
            headings: dict[str | None, str | None] = {}
            for c in chunks:
                if c.heading not in headings:
                    headings[c.heading] = clip_heading(c.heading, counter, spec.heading_tokens)
                h = headings[c.heading]
                rows.append((c.text, c.page, h, c.start, c.end, c.tokens,
                             as_document(f"{h}\n{c.text}" if h else c.text)))
            result = ParseResult(path, True, rows, doc.title, parse_s=t1 - t0,
                                 chunk_s=time.perf_counter() - t1)
        except documents.LoadError as exc:
            result = ParseResult(path, False, reason=exc.reason, detail=exc.detail)
        except MemoryError:
            result = ParseResult(path, False, reason=TOO_LARGE, detail="needed more memory than allowed")
        except RecursionError:
            result = ParseResult(path, False, reason=CORRUPT, detail="nested too deeply")
        except Exception as exc:  # noqa: BLE001 - any parser bug is this file's problem only
            result = ParseResult(path, False, reason=CORRUPT, detail=f"{type(exc).__name__}: {exc}"[:200])
        try:
            conn.send(result)
        except MemoryError:
            conn.send(ParseResult(path, False, reason=TOO_LARGE, detail="too much text"))


class ParserPool:
    """One worker process fed up to `depth` paths ahead; results come back in order."""

    def __init__(self, model_dir: str, spec, timeout_s: float = DEFAULT_TIMEOUT_S,
                 memory_bytes: int = DEFAULT_MEMORY_BYTES, depth: int = 2):
        self.model_dir, self.spec = model_dir, spec
        self.timeout_s, self.memory_bytes, self.depth = timeout_s, memory_bytes, depth
        self._ctx = mp.get_context("spawn")
        self._proc = None
        self._conn = None
        self._inflight: deque[tuple[str, float]] = deque()
        self._last_done = 0.0

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_worker_main, daemon=True, name="assistant-parser",
                                       args=(child, self.model_dir, self.spec, self.memory_bytes))
        self._proc.start()
        child.close()
        self._conn = parent

    def _kill(self) -> None:
        if self._proc is not None:
            try:
                self._proc.kill()
                self._proc.join(5)
            except (AttributeError, OSError, ValueError):
                pass  # never started, or already reaped
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    @property
    def has_room(self) -> bool:
        return len(self._inflight) < self.depth

    @property
    def pending(self) -> int:
        return len(self._inflight)

    def submit(self, path: str) -> None:
        if self._proc is None or not self._proc.is_alive():
            self._kill()
            self._start()
        self._conn.send(path)
        self._inflight.append((path, time.monotonic()))

    def next_result(self) -> ParseResult:
        path, sent = self._inflight[0]
        # The clock for a file starts when the worker could begin it.
        started = max(sent, self._last_done)
        deadline = started + self.timeout_s
        try:
            while True:
                # A result already waiting in the pipe is never a timeout, however long the
                # parent spent embedding before it came to collect it.
                if self._conn.poll(0):
                    return self._collect()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return self._fail_all(TIMEOUT, f"parsing took longer than {self.timeout_s:.0f} s")
                if self._conn.poll(min(remaining, 0.5)):
                    return self._collect()
                if not self._proc.is_alive() and not self._conn.poll(0):
                    return self._fail_all(CORRUPT, "the parser crashed on this file")
        except (EOFError, OSError, ConnectionError):
            return self._fail_all(CORRUPT, "the parser crashed on this file")

    def _collect(self) -> ParseResult:
        result = self._conn.recv()
        self._inflight.popleft()
        self._last_done = time.monotonic()
        return result

    def _fail_all(self, reason: str, detail: str) -> ParseResult:
        """The worker is gone: the head file is to blame; the rest are resubmitted."""
        path, _ = self._inflight.popleft()
        rest = [p for p, _ in self._inflight]
        self._inflight.clear()
        self._kill()
        self._last_done = time.monotonic()
        for p in rest:
            self.submit(p)
        return ParseResult(path, False, reason=reason, detail=detail)

    def close(self) -> None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(None)
                self._proc.join(2)
            except (OSError, BrokenPipeError):
                pass
        self._kill()
        self._inflight.clear()
