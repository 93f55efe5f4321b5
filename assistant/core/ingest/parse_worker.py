"""Parsing and chunking in a separate process, so a hostile file costs only itself.

A file that hangs hits a wall-clock timeout, one that balloons hits the worker's memory cap,
and one that crashes a native parser (pdfium, lxml) kills only the worker; the parent records
a reason and starts a fresh worker. Running in another process also overlaps parsing with
embedding in the parent.
"""
from __future__ import annotations

import atexit
import multiprocessing as mp
import os
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass

from assistant.core.ingest.documents.base import CORRUPT, TIMEOUT, TOO_LARGE

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MEMORY_BYTES = 3 * 1024 ** 3
# The timeout is per this much of a file: tokenizing runs at about 0.6 MB/s on a small CPU, so
# a 60 MB log needs minutes where a small file that takes that long is stuck.
BYTES_PER_TIMEOUT = 16 * 1024 ** 2


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
    # Pages without a text layer that OCR is to read: the file comes back later in OCR mode.
    needs_ocr: bool = False
    ocr_pages: dict | None = None  # page -> OcrPage.to_json(), the words the viewer highlights


def job_path(job) -> str:
    """A job is a path (read its text), or (path, "ocr") (read it with OCR too)."""
    return job[0] if isinstance(job, tuple) else job


class _Ocr:
    """The worker's OCR: the engine found once, and a tick to the parent before each page (the
    parent's clock for the file restarts with each tick, so a long scanned book is timed per
    page, and the window can say which page it is on)."""

    def __init__(self, conn):
        self.conn, self._engine, self.missing = conn, None, None
        self.path = ""

    def available(self) -> bool:
        if self._engine is None and self.missing is None:
            from assistant.core.ingest import ocr

            try:
                self._engine = ocr.engine()
            except ocr.OcrUnavailable as exc:
                self.missing = str(exc)
        return self._engine is not None

    def __call__(self, image, scale: float, page: int, pages: int):
        self.conn.send(("tick", self.path, page, pages))
        return self._engine.recognize(image, scale)


def _stderr_path(pid: int) -> str:
    return os.path.join(tempfile.gettempdir(), f"assistant-parser-{pid}.err")


def _capture_stderr() -> None:
    """Native parsers say why they abort only on stderr ("memory allocation of N bytes failed"
    from Rust, std::bad_alloc from C++): keep it in a file the parent reads if the worker dies,
    so a file that hit the memory cap is not called corrupt."""
    path = _stderr_path(os.getpid())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 2)
        os.close(fd)
    except OSError:
        return
    # A worker that ends normally (the parent closed, or went away) leaves nothing behind; one
    # that dies leaves the file to the parent, which reads it and removes it.
    atexit.register(lambda: os.path.exists(path) and os.unlink(path))


_OUT_OF_MEMORY = ("memory allocation of", "bad_alloc", "MemoryError", "Cannot allocate memory",
                  "out of memory")


def _limit_memory(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not on this platform: the timeout still applies


def _worker_main(conn, model_dir: str, spec, memory_bytes: int, attachments_dir: str | None = None,
                 ocr_on: bool = False) -> None:
    import assistant  # noqa: F401  (sets the offline switches in this process too)
    from assistant.core.ingest import attachments, documents
    from assistant.core.ingest.chunking import chunk_document, clip_heading
    from assistant.core.search.embedding import TokenizerCounter
    from assistant.core.text.terms import as_document

    from assistant.core.ingest import ocr

    # Ctrl-C in a terminal reaches the whole process group: the indexer decides when to stop
    # (and closes this worker), so a file being parsed is not cut off and called broken.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_memory(memory_bytes)
    _capture_stderr()
    counter = TokenizerCounter(model_dir)
    reader = _Ocr(conn)
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        path, with_ocr = job_path(job), isinstance(job, tuple)
        reader.path = path
        t0 = time.perf_counter()
        try:
            doc = documents.load(path, reader if with_ocr else None)
            empty_detail = ""
            needs_ocr = False
            if doc.needs_ocr:
                partly = any(sec.text.strip() for sec in doc.sections)
                pages = ", ".join(map(str, doc.needs_ocr[:12])) + (", …" if len(doc.needs_ocr) > 12 else "")
                pages = f"page{'s' if len(doc.needs_ocr) > 1 else ''} {pages}"
                if ocr_on and reader.available():
                    # Read it again after the files with a text layer: OCR is slow. A partly
                    # scanned one sends its text pages now, searchable meanwhile.
                    if not partly:
                        conn.send(ParseResult(path, True, needs_ocr=True, parse_s=time.perf_counter() - t0))
                        continue
                    needs_ocr, empty_detail = True, f"{ocr.OCR_PENDING} ({pages})"
                else:
                    empty_detail = ocr.OCR_OFF if not ocr_on else reader.missing
                    if partly:  # say which pages
                        empty_detail += f" ({pages} not read)"
            elif with_ocr and doc.ocr_pages and not any(p.text.strip() for p in doc.ocr_pages.values()):
                empty_detail = "OCR found no text on its pages"
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
            result = ParseResult(path, True, rows, doc.title, detail=empty_detail, needs_ocr=needs_ocr,
                                 parse_s=t1 - t0,
                                 chunk_s=time.perf_counter() - t1, children=children,
                                 ocr_pages={k: v.to_json() for k, v in doc.ocr_pages.items()} or None)
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
                 attachments_dir: str | None = None, ocr: bool = False):
        self.model_dir, self.spec = model_dir, spec
        self.attachments_dir = attachments_dir
        self.ocr = ocr
        # The page OCR is on: (path, page, pages), and when the worker said so.
        self.tick: tuple[str, int, int] | None = None
        self._tick_at = 0.0
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
                                             self.attachments_dir, self.ocr))
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
                if isinstance(result, tuple) and result and result[0] == "tick":
                    self.tick, self._tick_at = tuple(result[1:]), time.monotonic()
                    continue
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
            if self._proc.pid:
                try:
                    os.unlink(_stderr_path(self._proc.pid))
                except OSError:
                    pass
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

    def submit(self, path: str, ocr: bool = False) -> None:
        """Read `path`; with `ocr`, read its pages without a text layer with OCR too."""
        if self._proc is None or not self._proc.is_alive():
            self._kill()
            self._start()
        job = (path, "ocr") if ocr else path
        self._conn.send(job)
        self._inflight.append((job, time.monotonic()))

    @property
    def head_is_ocr(self) -> bool:
        return bool(self._inflight) and isinstance(self._inflight[0][0], tuple)

    def _limit(self, path: str) -> float:
        """Seconds the head file may take: the timeout for each 16 MB of it."""
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0
        return self.timeout_s * max(1.0, size / BYTES_PER_TIMEOUT)

    def next_result(self, block_s: float | None = None) -> ParseResult | None:
        """The head file's result; None when `block_s` passed first (the file is still within
        its time: OCR of a long scan, for which the caller reports progress meanwhile)."""
        _job, sent = self._inflight[0]
        limit = self._limit(job_path(_job))
        give_up = None if block_s is None else time.monotonic() + block_s
        with self._cond:
            while True:
                # A result already here is never a timeout, however long the parent spent
                # embedding before it came to collect it.
                if self._arrived:
                    return self._pop()
                # The clock for a file starts when the worker could begin it, and again at
                # each page OCR begins.
                tick_at = self._tick_at if self.tick and self.tick[0] == job_path(_job) else 0.0
                deadline = max(sent, self._last_done, tick_at) + limit
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                if give_up is not None and time.monotonic() >= give_up:
                    return None
                self._cond.wait(min(remaining, 0.5, max(0.01, give_up - time.monotonic()) if give_up else 0.5))
                if not self._arrived and not self._proc.is_alive():
                    timed_out = False
                    break
        if timed_out:
            what = "OCR of one page" if self.head_is_ocr else "parsing"
            return self._fail_all(TIMEOUT, f"{what} took longer than {limit:.0f} s")
        # Dead: the reader first takes what the worker sent before it died.
        self._reader.join(2)
        with self._cond:
            if self._arrived:
                return self._pop()
        return self._fail_all(*self._why_dead())

    def _why_dead(self) -> tuple[str, str]:
        """Which limit a worker that died without a word hit: memory, when its last words say
        an allocation failed; otherwise the file crashed the parser."""
        path = _stderr_path(self._proc.pid)
        try:
            with open(path, "rb") as f:
                f.seek(max(0, os.path.getsize(path) - 8192))
                tail = f.read().decode("utf-8", "replace")
        except OSError:
            tail = ""
        if any(sign in tail for sign in _OUT_OF_MEMORY):
            return TOO_LARGE, (f"needed more than the parser's memory limit "
                               f"({self.memory_bytes / 1024 ** 3:.1f} GB) to read")
        return CORRUPT, "the parser crashed on this file"

    def _pop(self) -> ParseResult:
        result, at = self._arrived.popleft()
        self._inflight.popleft()
        self._last_done = at
        return result

    def _fail_all(self, reason: str, detail: str) -> ParseResult:
        """The worker is gone: the head file is to blame; the rest are resubmitted."""
        job, _ = self._inflight.popleft()
        rest = [j for j, _ in self._inflight]
        self._inflight.clear()
        self._kill()
        self._last_done = time.monotonic()
        for j in rest:
            self.submit(job_path(j), ocr=isinstance(j, tuple))
        return ParseResult(job_path(job), False, reason=reason, detail=detail)

    def close(self) -> None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(None)
                self._proc.join(2)
            except (OSError, BrokenPipeError):
                pass
        self._kill()
        self._inflight.clear()
