"""Parsing and chunking in a separate process, so a hostile file costs only itself.

A file that hangs hits a wall-clock timeout, one that balloons hits the worker's memory cap,
and one that crashes a native parser (pdfium, lxml) kills only the worker; the parent records
a reason and starts a fresh worker. Running in another process also overlaps parsing with
embedding in the parent.
"""
from __future__ import annotations

import multiprocessing as mp
import threading
import time
from collections import deque
from dataclasses import dataclass

from assistant.core.ingest.documents.base import CORRUPT, TIMEOUT, TOO_LARGE

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
    children: list[str] | None = None  # a mail's attachments, written out to be indexed too


def _limit_memory(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the timeout still applies


def _worker_main(conn, model_dir: str, spec, memory_bytes: int, attachments_dir: str | None = None) -> None:
    import assistant  # noqa: F401  (sets the offline switches in this process too)
    from assistant.core.ingest import attachments, documents
    from assistant.core.ingest.chunking import chunk_document, clip_heading
    from assistant.core.search.embedding import TokenizerCounter
    from assistant.core.search.terms import as_document

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
            children = None
            if attachments_dir and attachments.carries(path):
                children = attachments.write(attachments_dir, path, doc.attachments)
            result = ParseResult(path, True, rows, doc.title, parse_s=t1 - t0,
                                 chunk_s=time.perf_counter() - t1, children=children)
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
    """One worker process fed up to `depth` paths ahead; results come back in order.

    A reader thread drains the pipe as results come, so the worker keeps parsing while the
    parent embeds (a result bigger than the pipe's buffer would otherwise block the worker until
    the parent came to collect it), and so the clock of the next file starts when the worker
    really could begin it."""

    def __init__(self, model_dir: str, spec, timeout_s: float = DEFAULT_TIMEOUT_S,
                 memory_bytes: int = DEFAULT_MEMORY_BYTES, depth: int = 64,
                 attachments_dir: str | None = None):
        self.model_dir, self.spec = model_dir, spec
        self.attachments_dir = attachments_dir
        self.timeout_s, self.memory_bytes, self.depth = timeout_s, memory_bytes, depth
        self._ctx = mp.get_context("spawn")
        self._proc = None
        self._conn = None
        self._reader: threading.Thread | None = None
        self._inflight: deque[tuple[str, float]] = deque()
        self._arrived: deque[tuple[ParseResult, float]] = deque()
        self._cond = threading.Condition()
        self._generation = 0  # results of a killed worker are dropped, never paired with a file
        self._last_done = 0.0

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_worker_main, daemon=True, name="assistant-parser",
                                       args=(child, self.model_dir, self.spec, self.memory_bytes,
                                             self.attachments_dir))
        self._proc.start()
        child.close()
        self._conn = parent
        with self._cond:
            self._generation += 1
            generation = self._generation
        self._reader = threading.Thread(target=self._read, args=(parent, generation), daemon=True,
                                        name="assistant-parser-reader")
        self._reader.start()

    def _read(self, conn, generation: int) -> None:
        while True:
            try:
                result = conn.recv()
            except Exception:  # noqa: BLE001 - worker gone, pipe closed, or a result that cannot
                return  # be unpickled: next_result sees a dead worker, or times the file out
            with self._cond:
                if generation != self._generation:
                    return
                self._arrived.append((result, time.monotonic()))
                self._cond.notify_all()

    def _kill(self) -> None:
        with self._cond:
            self._generation += 1
            self._arrived.clear()
        if self._proc is not None:
            try:
                self._proc.kill()
                self._proc.join(5)
            except (AttributeError, OSError, ValueError):
                pass  # never started, or already reaped
        if self._reader is not None:
            self._reader.join(2)  # it sees the end of the pipe once the worker is gone
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = self._reader = None

    @property
    def has_room(self) -> bool:
        return len(self._inflight) < self.depth

    @property
    def ready(self) -> bool:
        """A result is waiting: next_result() will not block."""
        with self._cond:
            return bool(self._arrived)

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
        deadline = max(sent, self._last_done) + self.timeout_s
        with self._cond:
            while True:
                # A result already here is never a timeout, however long the parent spent
                # embedding before it came to collect it.
                if self._arrived:
                    return self._pop()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                self._cond.wait(min(remaining, 0.5))
                if not self._arrived and not self._proc.is_alive():
                    timed_out = False
                    break
        if timed_out:
            return self._fail_all(TIMEOUT, f"parsing took longer than {self.timeout_s:.0f} s")
        # Dead: the reader first takes what the worker sent before it died.
        self._reader.join(2)
        with self._cond:
            if self._arrived:
                return self._pop()
        return self._fail_all(CORRUPT, "the parser crashed on this file")

    def _pop(self) -> ParseResult:
        result, at = self._arrived.popleft()
        self._inflight.popleft()
        self._last_done = at
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
