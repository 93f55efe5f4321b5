"""`assistant index|search|ask|status|forget|models` and, with no command, the desktop app.

Exit codes: 0 ok, 2 usage error, 1 any other error with one line on stderr (traceback only
with --debug). JSON output is one object per line (see ../shared/DESIGN.md's contract).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import assistant  # noqa: F401  (offline switches before any heavy import)

COMMANDS = ("gui", "index", "search", "ask", "status", "forget", "models")


class UserError(Exception):
    """An error a user can meet: printed as one sentence."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="assistant", description="A private, offline assistant for your documents.")
    p.add_argument("--data-dir", help="where the library lives (default: ASSISTANT_DATA_DIR or the user data dir)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("gui", help="open the desktop app (the default)")
    pi = sub.add_parser("index", help="add files/folders to the library and index them")
    pi.add_argument("paths", nargs="*", help="files or folders (default: everything already in the library)")
    ps = sub.add_parser("search", help="search the library")
    ps.add_argument("query", help='the query, or "-" to read one query per line from stdin')
    ps.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    ps.add_argument("--mode", choices=("hybrid", "dense", "fts"), default="hybrid",
                    help="hybrid (default), dense vectors only, or full-text (BM25) only")
    ps.add_argument("--json", action="store_true", help="one JSON object per query")
    pa = sub.add_parser("ask", help="answer a question from the library, with citations")
    pa.add_argument("question")
    pa.add_argument("-k", type=int, default=None, help="number of sources (default from settings)")
    pa.add_argument("--model", help="a GGUF file to use instead of the configured model")
    pa.add_argument("--json", action="store_true")
    pst = sub.add_parser("status", help="the files in the library and their state")
    pst.add_argument("--json", action="store_true")
    pf = sub.add_parser("forget", help="remove files/folders from the library and the index")
    pf.add_argument("paths", nargs="+")
    pm = sub.add_parser("models", help="models found, the one in use, GPU offload support, the catalog")
    pm.add_argument("--json", action="store_true")
    pms = pm.add_subparsers(dest="models_command")
    pd = pms.add_parser("download", help="download a catalog model by name, or a GGUF URL with --sha256 "
                                         "(resumable: run it again to continue)")
    pd.add_argument("target", metavar="NAME|URL")
    pd.add_argument("--sha256", help="the file's expected sha256 (required for a URL)")
    pd.add_argument("--json", action="store_true")
    return p


def _emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _fmt_eta(seconds) -> str:
    if seconds is None:
        return "--"
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


def cmd_index(services, args) -> int:
    show = _IndexProgress()
    events = services.index(args.paths)
    with _CtrlC() as ctrl_c:
        for ev in events:
            if ctrl_c.pressed:
                events.close()  # at a cancel point: what is written stays, the lock is released
                raise KeyboardInterrupt
            show(ev)
    return 0


class _CtrlC:
    """The first Ctrl-C stops indexing at its next event (a cancel point, within a second or
    so): a KeyboardInterrupt raised wherever Python happens to be can land in a finalizer, which
    swallows it, or halfway through a library call. A second Ctrl-C interrupts at once."""

    pressed = False

    def __enter__(self):
        import signal

        try:
            self._old = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: leave Python's default
            self._old = None
        return self

    def _handle(self, signum, frame):
        if self.pressed:
            raise KeyboardInterrupt
        self.pressed = True

    def __exit__(self, *exc):
        import signal

        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


class _IndexProgress:
    """Indexer events -> stderr: one updating line on a terminal, a line every 2 s otherwise."""

    def __init__(self):
        self.tty = sys.stderr.isatty()
        self.last_line = 0.0
        self.failed = []

    def __call__(self, ev) -> None:
        from assistant.core.ingest.indexer import FileDone, Finished, Progress, Scanned

        if isinstance(ev, Scanned):
            print(f"{ev.total} files: {ev.to_index} to index, {ev.unchanged} unchanged, "
                  f"{ev.removed} removed", file=sys.stderr)
        elif isinstance(ev, FileDone) and ev.state == "failed":
            self.failed.append(ev)
        elif isinstance(ev, Progress):
            now = time.monotonic()
            if not self.tty and now - self.last_line < 2:
                return
            self.last_line = now
            width = 24
            # Text first (searchable by keyword as it lands), then the vectors (meaning search).
            if ev.phase in ("text", "ocr"):
                done = int(width * ev.bytes_done / max(ev.bytes_total, 1))
                what = f"reading {ev.files_done}/{ev.files_total} files, {ev.chunks_done} chunks searchable by keyword"
            else:
                done = int(width * ev.vectors_done / max(ev.vectors_total, 1))
                what = f"embedding {ev.vectors_done}/{ev.vectors_total} chunks (keyword search ready)"
            if getattr(ev, "ocr_pages", 0):  # scans are read after everything else, page by page
                what += (f"; OCR of scanned file {ev.ocr_files_done + 1}/{ev.ocr_files_total}"
                         f" ({os.path.basename(ev.ocr_path)}), page {ev.ocr_page}/{ev.ocr_pages}")
            line = f"[{'#' * done}{'.' * (width - done)}] {what}  ETA {_fmt_eta(ev.eta_s)}"
            print(("\r" + line + "\033[K") if self.tty else line, end="" if self.tty else "\n",
                  file=sys.stderr, flush=True)
        elif isinstance(ev, Finished):
            if self.tty:
                print(file=sys.stderr)
            for f in self.failed:
                print(f"failed: {f.path}: {f.reason}", file=sys.stderr)
            print(f"done in {ev.elapsed_s:.1f} s: {ev.files_indexed} indexed, {ev.files_failed} failed, "
                  f"{ev.files_unchanged} unchanged, {ev.files_removed} removed, {ev.chunks_added} chunks added",
                  file=sys.stderr)


def cmd_search(services, args) -> int:
    if args.k < 1:
        raise UserError("-k must be at least 1")
    queries = (line.rstrip("\n") for line in sys.stdin) if args.query == "-" else iter([args.query])
    for q in queries:
        if not q.strip():
            continue
        hits = services.retriever.search(q, k=args.k, mode=args.mode)
        if args.json:
            _emit({"query": q, "hits": [h.to_json() for h in hits]})
        else:
            print(f"# {q}")
            for i, h in enumerate(hits, 1):
                where = f" p.{h.page}" if h.page else (f" — {h.heading}" if h.heading else "")
                snippet = " ".join(h.text.split())[:200]
                print(f"{i:2d}. {h.path}{where}  ({h.score:.4f})\n    {snippet}")
            sys.stdout.flush()
    return 0


def cmd_ask(services, args) -> int:
    from assistant.core.answer import ask as answer_mod
    from assistant.core.answer import quotes as quotes_mod

    if args.model:
        services.settings.model_path = os.path.abspath(args.model)
        services.local_only = True
    k = args.k or services.settings.sources
    # A model that cannot load is reported after the quotes and sources, which do not need it.
    done, streamed, held = None, "", ""
    for ev in answer_mod.answer(args.question, services.retriever, services.llm, k=k,
                                max_tokens=services.settings.max_answer_tokens,
                                temperature=services.settings.temperature):
        if isinstance(ev, answer_mod.QuotesFound) and not args.json and ev.quotes and ev.complete:
            # The user's own sentences first: they are right even when the model is not.
            for q in ev.quotes:
                page = f", page {q.page}" if q.page else ""
                print(f"> \"{quotes_mod.one_line(q.text)}\" [{q.n}] ({os.path.basename(q.path)}{page})")
            print()
            sys.stdout.flush()
        elif isinstance(ev, answer_mod.Token) and not args.json:
            # Hold back trailing whitespace: a citation added after the stream (or the end of
            # the answer) should follow the text on its line, not after a stray newline.
            text = held + ev.text
            shown = text.rstrip()
            held = text[len(shown):]
            streamed += shown
            sys.stdout.write(shown)
            sys.stdout.flush()
        elif isinstance(ev, answer_mod.AnswerDone):
            done = ev
    if args.json:
        _emit({"question": args.question, "answer": done.answer,
               "sources": [s.to_json() for s in done.sources],
               "quotes": [q.to_json() for q in done.quotes],
               "query": done.query, "unsupported": done.unsupported,
               "small_model": done.small_model, "error": done.error,
               "model": services.llm.name,
               "timings": done.timings})
    else:
        # finish() may change what was streamed (a citation added or dropped): when it did,
        # the checked answer is printed again in full.
        final = done.answer.strip()
        if streamed.strip() and final != streamed.strip():
            tail = final[len(streamed.strip()):] if final.startswith(streamed.strip()) else "\n" + final
        else:
            tail = "" if streamed.strip() else final
        print(tail)
        if done.unsupported:
            print("Not found in the documents: " + ", ".join(done.unsupported))
        if done.small_model:
            print("(The model is small or a base model: trust the quotes over its wording; "
                  "give a bigger instruct GGUF with --model, or choose one in Settings → Models.)")
        if done.sources:
            print("\nSources:")
            for s in done.sources:
                mark = "*" if s.cited else " "
                page = f", page {s.page}" if s.page else ""
                print(f"{mark}[{s.n}] {s.path}{page}")
    if done.error:
        print(f"error: {done.error}", file=sys.stderr)
        return 1
    return 0


def cmd_status(services, args) -> int:
    st = services.status()
    if args.json:
        _emit({k: st[k] for k in ("data_dir", "embedder", "chunks", "files", "index", "answers_from")}
              | {"roots": st["roots"]}
              | ({"switch": st["switch"]} if st.get("switch") else {}))
        return 0
    counts: dict[str, int] = {}
    for f in st["files"]:
        counts[f["state"]] = counts.get(f["state"], 0) + 1
    print(f"library: {st['data_dir']}")
    if st["index"] != str(services.data_dir / "index"):
        print(f"index: {st['index']}")
    print(f"answers from: {st['answers_from']}")
    print(f"embedder: {st['embedder']}   chunks: {st['chunks']}   index size: {st['index_bytes'] / 1e6:.1f} MB")
    print("files: " + (", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"))
    if st.get("switch"):
        sw = st["switch"]
        print(f"switching embedder: {sw['files_done']} of {sw['files_total']} files re-embedded for {sw['to']}; "
              f"search uses {sw['from']} until then (run `assistant index` to continue)")
    for f in st["files"]:
        if f["state"] != "indexed":
            why = f": {f['reason']}" + (f" ({f['detail']})" if f.get("detail") else "") if f["reason"] else ""
            print(f"  {f['state']:8s} {f['path']}{why}")
        elif f.get("detail"):  # indexed, with something left out (scanned pages while OCR is off)
            print(f"  {'note':8s} {f['path']}: {f['detail']}")
    return 0


def cmd_forget(services, args) -> int:
    n = services.forget(args.paths)
    print(f"forgot {n} files", file=sys.stderr)
    return 0


def cmd_models(services, args) -> int:
    if getattr(args, "models_command", None) == "download":
        return _download(services, args)
    m = services.models()
    if args.json:
        _emit(m)
        return 0
    print(f"active: {m['active']}   GPU offload: {'yes' if m['gpu_offload'] else 'no'}   "
          f"RAM {m['machine']['ram_bytes'] / 1e9:.0f} GB   GPU {m['machine']['gpu'] or 'none'}")
    if m.get("offload"):
        print(f"  on load: {m['offload']['text']}")
    for x in m["models"]:
        size = f"{x['size_bytes'] / 1e6:.0f} MB" if x["size_bytes"] else "not assembled yet"
        print(f"  {x['name']:40s} {x['source']:8s} {size}  {x['path'] or ''}")
    print("catalog (assistant models download NAME):")
    for c in m["catalog"]:
        size = f"{c['size_bytes'] / 1e9:.1f} GB" if c["size_bytes"] else "size ?"
        ja = {True: "ja", False: "no ja", None: "ja ?"}[c["japanese"]]
        mark = "installed" if c["installed"] else (c["fit"] or "fit ?")
        print(f"  {c['name']:34s} {c['kind']:8s} {size:>8s}  {mark:9s} {ja:5s} licence: {c['license']}")
    return 0


def _download(services, args) -> int:
    from assistant.core.models import download

    tty = sys.stderr.isatty()
    last = 0.0
    try:
        for ev in services.download_model(args.target, args.sha256):
            if isinstance(ev, download.Progress):
                now = time.monotonic()
                if not tty and now - last < 2:
                    continue
                last = now
                total = f" of {ev.total / 1e6:.0f}" if ev.total else ""
                line = f"downloading: {ev.done / 1e6:.0f}{total} MB  {ev.bytes_per_s / 1e6:.1f} MB/s"
                if ev.total and ev.bytes_per_s > 0:
                    left = (ev.total - ev.done) / ev.bytes_per_s
                    line += f"  about {left / 60:.0f} min left" if left >= 90 else f"  about {left:.0f} s left"
                print(("\r" + line + "\033[K") if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
            elif isinstance(ev, download.Retrying):
                print(("\n" if tty else "") + f"{ev.reason}; trying again ({ev.attempt} of {ev.of})",
                      file=sys.stderr, flush=True)
            elif isinstance(ev, download.Done):
                if tty:
                    print(file=sys.stderr)
                if args.json:
                    _emit({"path": str(ev.path), "sha256": ev.sha256, "resumed_from": ev.resumed_from})
                else:
                    print(f"saved {ev.path} (sha256 checked); use it with --model {ev.path} or in Settings")
    except download.DownloadError as exc:
        if tty:
            print(file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    if args.command in (None, "gui"):
        from assistant.gui.app import run

        return run(args.data_dir)
    from assistant.core.models.gguf import BadModel
    from assistant.core.answer.llm import ModelError
    from assistant.core.platform.lock import IndexBusy
    from assistant.core.search.store import LibraryMismatch
    from assistant.core.services import Services

    services = None
    try:
        services = Services(args.data_dir)
        if services.settings_warning:
            print(f"warning: {services.settings_warning}", file=sys.stderr)
        handler = globals()[f"cmd_{args.command}"]
        return handler(services, args)
    except KeyboardInterrupt:
        print("\nstopped; run the same command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except (UserError, IndexBusy, ModelError, BadModel, LibraryMismatch, FileNotFoundError, PermissionError,
            NotADirectoryError) as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the contract: one line, not a traceback
        if args.debug:
            raise
        print(f"error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 1
    finally:
        if services is not None:
            services.close()
