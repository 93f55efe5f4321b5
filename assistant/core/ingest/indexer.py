"""scan -> diff against the files table -> parse (worker process) -> chunk -> embed -> write.

`Indexer.run` is a generator of typed events; every `yield` is a safe place to stop. Work is
committed in batches (chunks first, then the files rows that point at them), so stopping or
crashing at any moment loses at most the current batch and never leaves duplicates.
"""
from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from assistant.core.ingest import attachments, documents, ocr
from assistant.core.ingest.chunking import ChunkSpec
from assistant.core.search.embedding import Embedder, passage_text
from assistant.core.text.terms import boilerplate_share
from assistant.core.text.terms import cjk_share
from assistant.core.ingest.parse_worker import ParserPool, ParseResult
from assistant.core.ingest.scanning import Seen, content_hash, diff, scan, under
from assistant.core.search.store import FileRow, Store, chunks_schema


@dataclass
class Scanned:
    total: int
    to_index: int
    unchanged: int
    removed: int


@dataclass
class FileDone:
    path: str
    state: str
    reason: str | None
    chunks: int


@dataclass
class Progress:
    files_done: int
    files_total: int
    chunks_done: int
    elapsed_s: float
    eta_s: float | None
    chunks_per_s: float
    current: str = ""
    # Bytes of the files written so far / of all files to index: a better measure of the work
    # than files (one PDF can outweigh a hundred small pages).
    bytes_done: int = 0
    bytes_total: int = 0
    # "text": parsing and writing text (keyword search works for what is written);
    # "vectors": adding the embeddings (search becomes hybrid file by file).
    phase: str = "text"
    vectors_done: int = 0  # chunks
    vectors_total: int = 0
    # Files with pages without a text layer are read by OCR after all the others ("ocr" phase):
    # how many of them are done, and the page OCR is on in which file.
    ocr_files_done: int = 0
    ocr_files_total: int = 0
    ocr_path: str = ""
    ocr_page: int = 0
    ocr_pages: int = 0


@dataclass
class Finished:
    files_indexed: int
    files_failed: int
    files_unchanged: int
    files_removed: int
    chunks_added: int
    elapsed_s: float
    timings: dict = field(default_factory=dict)


# Share of CJK characters above which an English-only embedder cannot read a passage: its
# WordPiece vocabulary maps most kanji/kana to [UNK] or single characters without meaning.
CJK_UNREADABLE = 0.3

Event = Scanned | FileDone | Progress | Finished


class Indexer:
    def __init__(self, store: Store, embedder: Embedder, spec: ChunkSpec | None = None,
                 batch_chunks: int = 512, parse_timeout_s: float = 120.0, excluded: list[str] = (),
                 attachments_dir: str | None = None, ocr: bool = False, ocr_dir: str | None = None,
                 reread: tuple[set[str], float] | None = None):
        self.store = store
        # (formats, time): files of these formats indexed before that time are read again, as
        # if changed (the readers improved since; services.reader_upgrade).
        self.reread = reread
        self.embedder = embedder
        self.spec = spec or ChunkSpec(max_tokens=chunk_tokens(embedder))
        self.batch_chunks = batch_chunks
        self.parse_timeout_s = parse_timeout_s
        self.excluded = list(excluded)  # files/folders the user removed from inside a root
        self.attachments_dir = attachments_dir  # where mails' attachments are written; None: not
        self.ocr = ocr  # read pages without a text layer (scans, photos) with OCR
        self.ocr_dir = ocr_dir  # where OCRed pages' word boxes are kept for the viewer
        # Vectors of a partly scanned PDF's text pages, embedded before its OCR reading was
        # written: that reading has the same passages, which keep them (path -> reuse map).
        self._carried: dict[str, dict] = {}

    def run(self, roots: list[str]):
        t_start = time.perf_counter()
        timings = {"scan": 0.0, "parse": 0.0, "chunk": 0.0, "embed": 0.0, "write": 0.0}
        orphans, _ = self.store.reconcile()
        if orphans:
            self.store.optimize()
        found = scan(roots)
        if self.excluded:  # gone from the scan, so diff() removes them from the index too
            found.files = [s for s in found.files if not under(s.path, self.excluded)]
        self.store.refresh()
        rows = self.store.file_rows()
        folders = self._found_attachments(found) if self.attachments_dir else []
        text_only = text_only_id(self.embedder.id)
        # Files whose text is in but whose vectors are not (a run stopped between the phases)
        # count as indexed for the diff; unchanged ones only need their vectors.
        as_indexed = {p: (FileRow(**{**r.__dict__, "embedder": self.embedder.id}) if r.embedder == text_only else r)
                      for p, r in rows.items()}
        # Files to read again though they did not change are marked pending for the diff: read
        # again if they are still there, removed from the index if they are gone.
        if self.ocr:  # OCR turned on, or installed, since: the scans (and scanned pages) left unread
            again = {p for p, r in as_indexed.items() if r.state in ("skipped", "indexed") and ocr.retry_later(r.detail)}
        else:  # a run stopped before reading scanned pages, and OCR is off now: say so instead
            again = {p for p, r in as_indexed.items() if (r.detail or "").startswith(ocr.OCR_PENDING)}
        if self.reread:
            kinds, before = self.reread
            again |= {p for p, r in as_indexed.items() if r.state in ("indexed", "skipped")
                      and r.indexed_at < before and documents.kind(p) in kinds}
        as_indexed = {p: (FileRow(**{**r.__dict__, "state": "pending"}) if p in again else r)
                      for p, r in as_indexed.items()}
        d = diff(found.files, as_indexed, list(roots) + folders, self.embedder.id)
        now = time.time()
        problems = [FileRow(p, "", -1, -1.0, "", "failed", reason, detail or None,
                            0, self.embedder.id, now) for p, reason, detail in found.problems]
        problem_paths = {p.path for p in problems}
        removed = [r for r in d.removed if r.path not in problem_paths]
        if self.attachments_dir:  # a mail that goes takes its attachments with it
            gone = [r.path for r in removed]
            kids = attachments.descendants(self.attachments_dir, gone, set(rows))
            removed += [rows[p] for p in kids if p not in set(gone)]
            attachments.remove(self.attachments_dir, gone + kids)
        if removed:
            self.store.delete_files([r.path for r in removed])
            self.store.delete_chunks([r.file_id for r in removed])
            if self.ocr_dir:
                ocr.forget_boxes(self.ocr_dir, [r.path for r in removed])
        # Mark what is about to be (re)indexed as pending, keeping its old chunks searchable
        # until the new ones land; a run that stops early resumes exactly these.
        pending = []
        for s in d.to_index:
            prev = rows.get(s.path)
            pending.append(FileRow(s.path, prev.file_id if prev else "", prev.size if prev else -1,
                                   prev.mtime if prev else -1.0, prev.hash if prev else "", "pending",
                                   None, None, prev.chunks if prev else 0, self.embedder.id, now))
        touched = [FileRow(**{**t.__dict__, "embedder": rows[t.path].embedder}) for t in d.touched]
        self.store.upsert_files(touched + problems + pending)
        redo = {s.path for s in d.to_index}
        # Vectors still owed from an interrupted run, for files that did not change meanwhile.
        latest = {t.path: t for t in touched}
        # On a shared library only this run's folders: a text-only row elsewhere may be another
        # machine's file between its two phases, and embedding it too made both rewrite its row.
        owed = [latest.get(p, r) for p, r in rows.items()
                if r.embedder == text_only and r.state == "indexed" and p not in redo
                and (not self.store.shared or under(p, list(roots) + folders))]
        timings["scan"] = time.perf_counter() - t_start
        yield Scanned(len(found.files), len(d.to_index), len(d.unchanged) + len(d.touched), len(removed))

        n_ok = n_failed = chunks_done = 0
        files_total = len(d.to_index)
        files_done = 0
        bytes_total = sum(max(s.size, 0) for s in d.to_index) or 1
        bytes_done = 0
        buffer: list[tuple[Seen, ParseResult, str]] = []
        buffered_chunks = 0
        t_work = time.perf_counter()
        # Phase 1 writes text (keyword search works at once), phase 2 adds vectors; the two
        # interleave: text first whenever the parser has a result ready, vectors meanwhile.
        embed_queue: list[_Owed] = [_Owed(r, None) for r in owed]
        vectors_total = sum(r.chunks for r in owed)
        vectors_done = 0
        embed_s = 0.0
        last_text_flush = time.perf_counter()
        pool = ParserPool(str(self.embedder.model_dir), self.spec, timeout_s=self.parse_timeout_s,
                          attachments_dir=self.attachments_dir, ocr=self.ocr)
        queue = list(d.to_index)
        qi = 0
        # Indices in queue of files sent back to be read with OCR: appended to the queue when
        # their first reading found scanned pages, so they come after the files with text.
        ocr_jobs: set[int] = set()
        ocr_done = 0
        # Partly scanned PDFs whose text pages are written ahead of their OCR reading: that
        # first write is not the file's result (not counted, no FileDone), the second replaces it.
        ahead: set[str] = set()

        def progress(current: str, phase: str) -> Progress:
            elapsed = time.perf_counter() - t_work
            # Bytes predict the text phase (one PDF can outweigh a hundred small pages); the
            # vectors left, at the rate measured so far, predict the rest.
            left_text = elapsed * max(bytes_total - bytes_done, 0) / bytes_done if bytes_done else None
            rate = vectors_done / embed_s if embed_s > 0 else None
            left_vec = max(vectors_total - vectors_done, 0) / rate if rate else None
            eta = None if left_text is None and left_vec is None else (left_text or 0.0) + (left_vec or 0.0)
            tick = pool.tick or ("", 0, 0)
            return Progress(files_done, files_total, chunks_done, elapsed, eta,
                            chunks_done / elapsed if elapsed > 0 else 0.0, current, bytes_done, bytes_total,
                            phase, vectors_done, vectors_total, ocr_done, len(ocr_jobs),
                            *(tick if len(ocr_jobs) > ocr_done else ("", 0, 0)))

        try:
            while qi < len(queue) or pool.pending or buffer or embed_queue:
                while qi < len(queue) and pool.has_room:
                    pool.submit(queue[qi].path, ocr=qi in ocr_jobs)
                    qi += 1
                # While a long OCR job runs, what was read before it is written first.
                ocr_waits = pool.pending and pool.head_is_ocr and not pool.ready
                if pool.pending and (pool.ready or not embed_queue) and not (ocr_waits and buffer):
                    at = qi - pool.pending
                    seen = queue[at]
                    result = pool.next_result(block_s=1.0 if ocr_waits else None)
                    if result is None:  # OCR is on a page: say which (and the caller may stop)
                        yield progress(seen.path, "ocr")
                        continue
                    if result.needs_ocr:
                        ocr_jobs.add(len(queue))
                        queue.append(seen)
                        if not result.chunks:
                            continue
                        ahead.add(seen.path)  # its text pages: written now, searchable meanwhile
                        bytes_total += max(seen.size, 0)  # read twice: now, then with OCR
                    if at in ocr_jobs:
                        ocr_done += 1
                        if seen.path in ahead:
                            # Its text pages may still wait in the buffer: then they are never written.
                            buffer = [b for b in buffer if b[0].path != seen.path]
                            vectors_total -= self._replace_ahead(seen.path, rows, embed_queue)
                    if self.ocr_dir:  # the viewer's word boxes: this reading's, or none
                        ocr.save_boxes(self.ocr_dir, seen.path, result.ocr_pages or {})
                    timings["parse"] += result.parse_s
                    timings["chunk"] += result.chunk_s
                    if self.attachments_dir and attachments.carries(seen.path):
                        for kid in self._attachments_of(seen.path, result, rows, queue):
                            queue.append(kid)
                            files_total += 1
                            bytes_total += max(kid.size, 0)
                    try:
                        digest = content_hash(seen.path)
                    except OSError:
                        digest = ""
                    buffer.append((seen, result, digest))
                    buffered_chunks += len(result.chunks or [])
                    idle = not pool.pending or (not pool.ready and time.perf_counter() - last_text_flush > 1.0)
                    if buffered_chunks < self.batch_chunks and not idle:
                        # Read but not written yet: say so, so a long batch is not a silent wait
                        # (and the caller may stop here).
                        yield progress(seen.path, "text")
                        continue
                if buffer:
                    bytes_done += sum(max(s.size, 0) for s, _, _ in buffer)
                    for ev, owed_file in self._write_text(buffer, rows, timings):
                        if (ev.path in ahead and ev.state == "indexed"
                                and (owed_file.row.detail or "").startswith(ocr.OCR_PENDING)):
                            embed_queue.append(owed_file)  # vectors for its text pages meanwhile
                            vectors_total += ev.chunks
                            continue
                        files_done += 1
                        if ev.state == "indexed":
                            n_ok += 1
                            chunks_done += ev.chunks
                            embed_queue.append(owed_file)
                            vectors_total += ev.chunks
                        elif ev.state == "failed":
                            n_failed += 1
                        yield ev
                    current = buffer[-1][0].path
                    buffer, buffered_chunks = [], 0
                    last_text_flush = time.perf_counter()
                    yield progress(current, "text")
                    continue
                if embed_queue:
                    t0 = time.perf_counter()
                    # Small steps while files are still being read, so text read meanwhile is
                    # not kept waiting behind a long embedding batch.
                    limit = self.batch_chunks if qi >= len(queue) and not pool.pending else min(64, self.batch_chunks)
                    # Said before the step: the text written so far is searchable, the step
                    # is about to add vectors to it (and a caller may stop here).
                    yield progress(embed_queue[0].row.path, "vectors")
                    t0 = time.perf_counter()
                    vectors_done += self._embed_step(embed_queue, limit, timings)
                    embed_s += time.perf_counter() - t0
        finally:
            pool.close()
        t0 = time.perf_counter()
        self.store.ensure_fts_index()
        self.store.ensure_vector_index()
        self.store.optimize()
        timings["optimize"] = time.perf_counter() - t0
        yield Finished(n_ok, n_failed, len(d.unchanged) + len(d.touched), len(removed), chunks_done,
                       time.perf_counter() - t_start, timings)

    def _found_attachments(self, found) -> list[str]:
        """The attachments already written out for the mails found count as found files; their
        folders are diffed like roots, so an attachment whose file vanished is removed."""
        folders, todo = [], [s.path for s in found.files if attachments.carries(s.path)]
        # A library folder may hold the data folder itself (a whole home folder on macOS).
        known = {s.path for s in found.files}
        while todo:
            mail = todo.pop()
            folders.append(attachments.folder(self.attachments_dir, mail))
            for path in attachments.on_disk(self.attachments_dir, mail):
                if path in known:
                    continue
                known.add(path)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                found.files.append(Seen(path, st.st_size, st.st_mtime))
                if attachments.carries(path):
                    todo.append(path)
        return folders

    def _attachments_of(self, mail: str, result: ParseResult, rows, queue) -> list[Seen]:
        """A mail was read: drop the rows of attachments it no longer has, and return its
        attachments to index (written out by the parse worker)."""
        kids = set(result.children or [])
        if not result.ok:
            attachments.remove(self.attachments_dir, [mail])
        prefix = attachments.folder(self.attachments_dir, mail) + os.sep
        stale = [rows[p] for p in rows if p.startswith(prefix) and p not in kids]
        if stale:
            gone = [r.path for r in stale]
            deeper = attachments.descendants(self.attachments_dir, gone, set(rows))
            stale += [rows[p] for p in deeper]
            self.store.delete_files([r.path for r in stale])
            self.store.delete_chunks([r.file_id for r in stale if r.file_id])
            for r in stale:
                rows.pop(r.path, None)
        queued = {s.path for s in queue}
        out = []
        for path in sorted(kids - queued):
            try:
                st = os.stat(path)
            except OSError:
                continue
            out.append(Seen(path, st.st_size, st.st_mtime))
        return out

    def _replace_ahead(self, path: str, rows, embed_queue: list["_Owed"]) -> int:
        """Before a partly scanned PDF's OCR reading is written: its row as the store has it now
        (the text pages written ahead, maybe embedded since), so that write replaces those chunks;
        and its vectors still queued are dropped (chunks already written under a new id go too,
        their vectors kept for the new reading). Returns the chunks no longer owed vectors."""
        stale = [o for o in embed_queue if o.row.path == path]
        for o in stale:
            embed_queue.remove(o)
        written = [o.new_id for o in stale if o.new_id]
        if written:
            self._carried[path] = self.store.passage_vectors(written)
        self.store.delete_chunks(written)
        now = self.store.file_row(path)
        if now is not None:
            rows[path] = now
        return sum(max(o.row.chunks - o.offset, 0) for o in stale)

    def _write_text(self, buffer, rows, timings):
        """Phase 1 for one batch: the chunks without vectors, then the rows that make them live
        (marked text-only), then the replaced chunks go. Yields (FileDone, _Owed | None)."""
        columns = {k: [] for k in ("text", "terms", "path", "file_id", "page", "heading", "start", "end", "seq")}
        file_rows, old_ids, events = [], [], []
        now = time.time()
        reuse = self._old_vectors(buffer, rows)
        for seen, result, digest in buffer:
            prev = rows.get(seen.path)
            if prev and prev.file_id:
                old_ids.append(prev.file_id)
            if not result.ok:
                file_rows.append(FileRow(seen.path, "", seen.size, seen.mtime, digest, "failed",
                                         result.reason, result.detail or None, 0, self.embedder.id, now))
                events.append((FileDone(seen.path, "failed", result.reason, 0), None))
                continue
            if not result.chunks:
                file_rows.append(FileRow(seen.path, "", seen.size, seen.mtime, digest, "skipped", documents.NO_TEXT,
                                         result.detail or "no text to index (a scanned image?)", 0,
                                         self.embedder.id, now))
                events.append((FileDone(seen.path, "skipped", documents.NO_TEXT, 0), None))
                continue
            file_id = uuid.uuid4().hex
            first = len(columns["text"])
            for seq, (text, page, heading, start, end, _tokens, terms) in enumerate(result.chunks):
                for key, value in (("text", text), ("terms", terms), ("path", seen.path), ("file_id", file_id),
                                   ("page", page), ("heading", heading), ("start", start), ("end", end),
                                   ("seq", seq)):
                    columns[key].append(value)
            # Indexed with a note: pages OCR could not read (off, or Tesseract missing).
            row = FileRow(seen.path, file_id, seen.size, seen.mtime, digest, "indexed", None, result.detail or None,
                          len(result.chunks), text_only_id(self.embedder.id), now)
            file_rows.append(row)
            part = {k: v[first:] for k, v in columns.items()}
            events.append((FileDone(seen.path, "indexed", None, len(result.chunks)),
                           _Owed(row, part, reuse=reuse.get(seen.path))))
        t0 = time.perf_counter()
        if columns["text"]:
            self.store.add_chunks(self._table(columns, None))
        self.store.upsert_files(file_rows)
        self.store.delete_chunks(old_ids)
        if columns["text"] and not self.store.has_fts_index():
            self.store.ensure_fts_index()  # newer rows are searched unindexed until optimize()
        timings["write"] += time.perf_counter() - t0
        return events

    def _old_vectors(self, buffer, rows) -> dict[str, dict]:
        """path -> {(text, heading): vector} of the version of each file about to be replaced,
        read before its chunks are deleted. An edited file keeps the vectors of the passages it
        still has: one changed paragraph costs its own chunks, not the whole document again."""
        found = {}
        for seen, result, _digest in buffer:
            prev = rows.get(seen.path)
            if result.ok and result.chunks and prev and prev.file_id and prev.embedder == self.embedder.id:
                found[seen.path] = self.store.passage_vectors([prev.file_id])
        for seen, _result, _digest in buffer:
            carried = self._carried.pop(seen.path, None)
            if carried:
                found[seen.path] = {**carried, **found.get(seen.path, {})}
        return found

    def _embed_step(self, queue: list["_Owed"], limit: int, timings) -> int:
        """Phase 2, one step: embed up to `limit` chunks from the head of the queue and write
        them again, with vectors, under each file's new file_id. A file whose chunks are all
        written gets its row pointed at them and its text-only copies dropped; a crash before
        that leaves orphans that reconcile() removes, and the row still text-only (resumed).
        Returns the number of chunks done."""
        missing = [o for o in queue[:64] if o.columns is None]
        if missing:
            stored = self.store.chunk_columns([o.row.file_id for o in missing])
            for o in missing:
                o.columns = stored.get(o.row.file_id) or {}
        columns = {k: [] for k in ("text", "terms", "path", "file_id", "page", "heading", "start", "end", "seq")}
        reuse: list[dict | None] = []  # per chunk: its file's old vectors, if any
        rows, old_ids, done = [], [], 0
        while queue and done < limit:
            o = queue[0]
            cols = o.columns
            n = len(cols.get("text", []))
            if n != o.row.chunks:
                # Its chunks are not all there (a damaged table): index the file again.
                rows.append(FileRow(**{**o.row.__dict__, "state": "pending", "embedder": self.embedder.id}))
                queue.pop(0)
                continue
            if o.offset == 0 and not any(embeddable(passage_text(t, h), self.embedder)
                                         for t, h in zip(cols["text"], cols["heading"])):
                # Nothing this embedder can read: the text-only chunks are final as they are.
                rows.append(FileRow(**{**o.row.__dict__, "embedder": self.embedder.id}))
                queue.pop(0)
                done += n
                continue
            o.new_id = o.new_id or uuid.uuid4().hex
            take = min(n - o.offset, limit - done)
            part = slice(o.offset, o.offset + take)
            for key in columns:
                columns[key].extend([o.new_id] * take if key == "file_id" else cols[key][part])
            reuse.extend([o.reuse] * take)
            o.offset += take
            done += take
            if o.offset >= n:
                rows.append(FileRow(**{**o.row.__dict__, "file_id": o.new_id, "embedder": self.embedder.id}))
                old_ids.append(o.row.file_id)
                queue.pop(0)
        t0 = time.perf_counter()
        texts = [passage_text(t, h) for t, h in zip(columns["text"], columns["heading"])]
        # Passages the embedder cannot read (Japanese for an English-only model) get no vector:
        # their cosine would be noise, and embedding them was half the indexing time on a
        # bilingual library. Full-text search still finds them; dense search skips null vectors.
        vectors = np.zeros((len(texts), self.store.dim), np.float32)
        readable = [i for i, t in enumerate(texts) if embeddable(t, self.embedder)]
        todo = []
        for i in readable:
            old = reuse[i].get((columns["text"][i], columns["heading"][i])) if reuse[i] else None
            if old is not None:
                vectors[i] = old
            else:
                todo.append(i)
        if todo:
            vectors[todo] = self.embedder.embed_passages([texts[i] for i in todo])
        t1 = time.perf_counter()
        timings["embed"] += t1 - t0
        if texts:
            mask = np.ones(len(texts), dtype=bool)
            mask[readable] = False
            self.store.add_chunks(self._table(columns, (vectors, mask)))
        self.store.upsert_files(rows)
        self.store.delete_chunks(old_ids)
        timings["write"] += time.perf_counter() - t1
        return done

    def _table(self, columns: dict, vectors) -> pa.Table:
        schema = chunks_schema(self.store.dim)
        n = len(columns["text"])
        if vectors is None:
            vec, mask = np.zeros((n, self.store.dim), np.float32), np.ones(n, dtype=bool)
        else:
            vec, mask = vectors
        arrays = [pa.FixedSizeListArray.from_arrays(pa.array(vec.reshape(-1)), self.store.dim, mask=pa.array(mask))]
        arrays += [pa.array(columns[f.name], type=f.type) for f in list(schema)[1:]]
        return pa.Table.from_arrays(arrays, schema=schema)


@dataclass
class _Owed:
    """A file whose text is written and whose vectors are not; columns None = read them back."""
    row: FileRow
    columns: dict | None
    new_id: str | None = None  # where its chunks with vectors are being written
    offset: int = 0  # chunks of it written with vectors so far
    reuse: dict | None = None  # (text, heading) -> vector of the version it replaces


def text_only_id(embedder_id: str) -> str:
    """The embedder mark of a file whose chunks are in without vectors (keyword search only)."""
    return f"text-only:{embedder_id}"


def embeddable(text: str, embedder) -> bool:
    """Whether a passage is worth a vector: not a table of contents or an index page; and the
    embedder can read it (any text for a multilingual model; for an English-only one such as
    all-MiniLM-L6-v2, passages that are not mostly Japanese/Chinese)."""
    # Table-of-contents and index pages carry no meaning to embed (and are down-ranked at
    # search time anyway); keyword search still finds them. 17% of the English passages of
    # the Debian Reference + FAQ.
    if boilerplate_share(text) >= 0.5:
        return False
    if getattr(embedder, "multilingual", False):
        return True
    return cjk_share(text) < CJK_UNREADABLE


# Long-context embedders (ruri-v3 reads 8192 tokens) still get passages of about this size: a
# citation should point at a paragraph, not a chapter, and quotes are picked within passages.
MAX_CHUNK_TOKENS = 256


def chunk_tokens(embedder: Embedder) -> int:
    """Chunk size in the embedder's tokens: within its limit with [CLS]/[SEP] and the passage
    prefix it is given ("passage: " for e5), so nothing is silently truncated."""
    prefix = getattr(getattr(embedder, "profile", None), "passage_prefix", "")
    extra = embedder.counter.count([prefix])[0] if prefix else 0
    return min(embedder_max_tokens(embedder), MAX_CHUNK_TOKENS) - 2 - extra


def embedder_max_tokens(embedder: Embedder) -> int:
    """The model's sequence limit, read from its config without loading torch."""
    import json

    try:
        cfg = json.loads((embedder.model_dir / "sentence_bert_config.json").read_text())
        return int(cfg.get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256
