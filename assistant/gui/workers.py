"""Background workers: each wraps core generators on its own QThread.

Only Qt signals cross threads (queued connections deliver them on the GUI thread). Two threads:
- IndexWorker: the library's one writer (index, forget, status) and the one that first opens
  the heavy parts (embedder, store), so torch/lancedb are never imported on the GUI thread.
- ModelWorker: the one owner of the llama.cpp model (not thread-safe); answers questions.
Cancelling sets a threading.Event that the running generator checks at each event; it is the
only thing the GUI thread touches directly, because the worker's own event loop is busy.
"""
from __future__ import annotations

import logging
import threading
import time
import traceback

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

# The heavy parts are cached properties on Services; build them under one lock so the two
# threads never construct the embedder twice at the same time.
_open_lock = threading.Lock()


def open_library(services):
    with _open_lock:
        return services.retriever


def library_status(services) -> dict:
    """services.status(), each file marked with whether its search vectors are in yet: files
    whose text is written and whose vectors are still owed ("text-only") are found by keyword
    search already, and by meaning once their vectors land."""
    status = services.status()
    try:
        rows = services.store.file_rows()
    except Exception as exc:  # noqa: BLE001 - the states are extra; the status stands without them
        log.warning("reading file rows: %s", exc)
        return status
    for f in status.get("files", []):
        row = rows.get(f["path"])
        f["vectors"] = not (row is not None and str(row.embedder).startswith("text-only:"))
    return status


def user_message(exc: BaseException) -> str:
    """One clear sentence for the user; the traceback goes to the log only."""
    log.debug("worker error", exc_info=exc)
    text = str(exc).strip() or exc.__class__.__name__
    return text.splitlines()[0]


class _Worker(QObject):
    def __init__(self, services, name: str):
        super().__init__()
        self.services = services
        self._cancel = threading.Event()
        self.qthread = QThread()
        self.qthread.setObjectName(name)
        self.moveToThread(self.qthread)

    def start(self) -> None:
        self.qthread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def reset_cancel(self) -> None:
        """Called by the GUI thread just before it queues a job, so that a Stop pressed before
        the job starts is not lost."""
        self._cancel.clear()

    def stop_thread(self, wait_ms: int = 10000) -> bool:
        """True when the thread has ended within wait_ms."""
        self._cancel.set()
        self.qthread.quit()
        return bool(self.qthread.wait(wait_ms))


class IndexWorker(_Worker):
    opened = Signal(dict)  # status()
    warmed = Signal()  # the embedding model is loaded
    open_failed = Signal(str)
    started = Signal()
    event = Signal(object)  # core.indexer events
    finished = Signal(bool)  # True when it ran to the end, False when cancelled
    failed = Signal(str)
    status = Signal(dict)
    vectors = Signal(dict)  # {path: True when its search vectors are in}, during a run
    forgotten = Signal(int)

    def __init__(self, services):
        super().__init__(services, "indexer")

    @Slot()
    def open(self) -> None:
        try:
            open_library(self.services)
            status = library_status(self.services)
            self.status.emit(status)
            self.opened.emit(status)
        except Exception as exc:
            self.open_failed.emit(user_message(exc))
            return
        # Load torch and the embedding model now, while the user looks at the window: importing
        # torch holds the GIL for about a second, which would otherwise freeze the event loop in
        # the middle of the first indexing run or the first question.
        try:
            self.services.embedder.embed(["warm up"])
            # What the first question needs too: the quote scorer's sessions and, for a local
            # library, the vectors search holds in memory.
            self.services.retriever.warm_up()
            self.warmed.emit()
        except Exception as exc:  # noqa: BLE001 - indexing will report it properly
            log.warning("warming up the embedder: %s", exc)

    @Slot()
    def refresh(self) -> None:
        try:
            self.status.emit(library_status(self.services))
        except Exception as exc:
            self.failed.emit(user_message(exc))

    @Slot(list)
    def index(self, targets: list) -> None:
        self.started.emit()
        gen = None
        completed = False
        try:
            open_library(self.services)
            gen = self.services.index(list(targets) or None)
            last_look = time.monotonic()
            for ev in gen:
                if type(ev).__name__ == "Progress" and getattr(ev, "phase", "") == "vectors" \
                        and time.monotonic() - last_look > 2.0:
                    # Which files have their vectors now (a step can finish several): read
                    # every few seconds, so each folder's "adding meaning search" is right.
                    last_look = time.monotonic()
                    self.vectors.emit(self._vector_states())
                if type(ev).__name__ == "Scanned":
                    # The files about to be read are marked pending now: show them as such, so
                    # each folder can say whether it is being read.
                    self.status.emit(library_status(self.services))
                self.event.emit(ev)
                if self._cancel.is_set():
                    break
            else:
                completed = True
        except Exception as exc:
            self.failed.emit(user_message(exc))
        finally:
            if gen is not None:
                # Closing runs the generator's finally blocks: parser pool and writer lock go;
                # files still pending are resumed by the next run.
                try:
                    gen.close()
                except Exception as exc:  # noqa: BLE001
                    log.warning("closing the indexer: %s", exc)
            self.finished.emit(completed)
            self.refresh()
            try:  # the index changed: read its vectors now, not inside the next question
                self.services.retriever.warm_up()
            except Exception as exc:  # noqa: BLE001 - a search will report it properly
                log.warning("warming up search: %s", exc)

    def _vector_states(self) -> dict:
        try:
            rows = self.services.store.file_rows()
        except Exception as exc:  # noqa: BLE001
            log.warning("reading file rows: %s", exc)
            return {}
        return {p: not str(r.embedder).startswith("text-only:") for p, r in rows.items() if r.state == "indexed"}

    @Slot(list)
    def forget(self, targets: list) -> None:
        try:
            open_library(self.services)
            n = self.services.forget(list(targets))
            self.forgotten.emit(n)
        except Exception as exc:
            self.failed.emit(user_message(exc))
        self.refresh()


class ModelWorker(_Worker):
    loading = Signal()
    loaded = Signal(dict)  # {"name", "device", "note"}
    load_failed = Signal(str)
    models = Signal(dict)  # services.models()
    sources = Signal(int, list, str)  # request id, [Source], what was searched
    quotes = Signal(int, list)  # request id, [quotes.Quote]: shown before any token
    token = Signal(int, str)
    done = Signal(int, object)  # request id, AnswerDone
    failed = Signal(int, str)
    ask_load_failed = Signal(str)  # the model could not load while answering (quotes still shown)

    def __init__(self, services):
        super().__init__(services, "model")

    def _info(self) -> dict:
        llm = self.services.llm
        return {"name": llm.name, "device": llm.device, "note": llm.note}

    @Slot()
    def describe(self) -> None:
        # services.models() imports llama_cpp to ask about GPU support: keep it off the GUI thread.
        try:
            self.models.emit(self.services.models())
        except Exception as exc:
            log.warning("listing models: %s", exc)

    @Slot()
    def load(self) -> None:
        self.loading.emit()
        try:
            self.services.llm.load()
            self.loaded.emit(self._info())
        except Exception as exc:
            self._drop_llm()
            self.load_failed.emit(user_message(exc))

    def _drop_llm(self) -> None:
        llm = self.services.__dict__.pop("llm", None)
        if llm is not None:
            llm.close()

    @Slot()
    def reload(self) -> None:
        """Settings changed: close the model and load the new one on this same thread."""
        self._drop_llm()
        self.load()

    @Slot(int, str, list)
    def ask(self, request: int, question: str, history: list | None = None) -> None:
        """Answer one question; `history` holds the chat's recent (question, answer) pairs, so
        a follow-up is searched and answered in its context."""
        from assistant.core.answer.ask import AnswerDone, QuotesFound, SourcesFound, Token, answer

        s = self.services.settings
        try:
            retriever = open_library(self.services)
            llm = self.services.llm
            was_loaded = llm.loaded
            gen = answer(question, retriever, llm, k=s.sources, max_tokens=s.max_answer_tokens,
                         temperature=s.temperature, cancel=self._cancel.is_set,
                         history=[(str(q), str(a)) for q, a in (history or [])])
            for ev in gen:
                if isinstance(ev, SourcesFound):
                    self.sources.emit(request, list(ev.sources), ev.query or "")
                elif isinstance(ev, QuotesFound):
                    self.quotes.emit(request, list(ev.quotes))
                elif isinstance(ev, Token):
                    if not was_loaded and llm.loaded:
                        was_loaded = True
                        self.loaded.emit(self._info())
                    self.token.emit(request, ev.text)
                elif isinstance(ev, AnswerDone):
                    if ev.error:
                        # The quotes and sources were shown; the model is dropped so the next
                        # question (or a new choice in Settings) tries again from scratch.
                        self._drop_llm()
                        self.ask_load_failed.emit(user_message(RuntimeError(ev.error)))
                    elif not was_loaded and llm.loaded:
                        self.loaded.emit(self._info())
                    self.done.emit(request, ev)
        except Exception as exc:
            if not isinstance(exc, (RuntimeError, OSError, ValueError)):
                log.debug("%s", traceback.format_exc())
            self.failed.emit(request, user_message(exc))

    def stop_thread(self, wait_ms: int = 10000) -> bool:
        ended = super().stop_thread(wait_ms)
        return ended
