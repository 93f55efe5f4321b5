"""scan -> diff against the files table -> parse (worker process) -> chunk -> embed -> write.

`Indexer.run` is a generator of typed events; every `yield` is a safe place to stop. Work is
committed in batches (chunks first, then the files rows that point at them), so stopping or
crashing at any moment loses at most the current batch and never leaves duplicates.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from assistant.core import documents
from assistant.core.chunking import ChunkSpec
from assistant.core.embedding import Embedder, passage_text
from assistant.core.parse_worker import ParserPool, ParseResult
from assistant.core.scanning import Seen, content_hash, diff, scan, under
from assistant.core.store import FileRow, Store, chunks_schema


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


@dataclass
class Finished:
    files_indexed: int
    files_failed: int
    files_unchanged: int
    files_removed: int
    chunks_added: int
    elapsed_s: float
    timings: dict = field(default_factory=dict)


Event = Scanned | FileDone | Progress | Finished


class Indexer:
    def __init__(self, store: Store, embedder: Embedder, spec: ChunkSpec | None = None,
                 batch_chunks: int = 512, parse_timeout_s: float = 120.0, excluded: list[str] = ()):
        self.store = store
        self.embedder = embedder
        self.spec = spec or ChunkSpec(max_tokens=embedder_max_tokens(embedder) - 2)
        self.batch_chunks = batch_chunks
        self.parse_timeout_s = parse_timeout_s
        self.excluded = list(excluded)  # files/folders the user removed from inside a root

    def run(self, roots: list[str]):
        t_start = time.perf_counter()
        timings = {"scan": 0.0, "parse": 0.0, "chunk": 0.0, "embed": 0.0, "write": 0.0}
        orphans, _ = self.store.reconcile()
        if orphans:
            self.store.optimize()
        found = scan(roots)
        if self.excluded:  # gone from the scan, so diff() removes them from the index too
            found.files = [s for s in found.files if not under(s.path, self.excluded)]
        rows = self.store.file_rows()
        d = diff(found.files, rows, roots, self.embedder.id)
        now = time.time()
        problems = [FileRow(p, "", -1, -1.0, "", "failed", reason, detail or None,
                            0, self.embedder.id, now) for p, reason, detail in found.problems]
        problem_paths = {p.path for p in problems}
        removed = [r for r in d.removed if r.path not in problem_paths]
        if removed:
            self.store.delete_files([r.path for r in removed])
            self.store.delete_chunks([r.file_id for r in removed])
        # Mark what is about to be (re)indexed as pending, keeping its old chunks searchable
        # until the new ones land; a run that stops early resumes exactly these.
        pending = []
        for s in d.to_index:
            prev = rows.get(s.path)
            pending.append(FileRow(s.path, prev.file_id if prev else "", prev.size if prev else -1,
                                   prev.mtime if prev else -1.0, prev.hash if prev else "", "pending",
                                   None, None, prev.chunks if prev else 0, self.embedder.id, now))
        self.store.upsert_files(d.touched + problems + pending)
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
        pool = ParserPool(str(self.embedder.model_dir), self.spec, timeout_s=self.parse_timeout_s)
        queue = list(d.to_index)
        qi = 0
        try:
            while qi < len(queue) or pool.pending:
                while qi < len(queue) and pool.has_room:
                    pool.submit(queue[qi].path)
                    qi += 1
                seen = queue[qi - pool.pending]
                result = pool.next_result()
                timings["parse"] += result.parse_s
                timings["chunk"] += result.chunk_s
                try:
                    digest = content_hash(seen.path)
                except OSError:
                    digest = ""
                buffer.append((seen, result, digest))
                buffered_chunks += len(result.chunks or [])
                flush = buffered_chunks >= self.batch_chunks or (qi >= len(queue) and not pool.pending)
                if not flush:
                    # A file was read but its batch is not full yet: say so, so that a long first
                    # batch is not a silent wait (and the caller may stop here).
                    elapsed = time.perf_counter() - t_work
                    eta = elapsed * (bytes_total - bytes_done) / bytes_done if bytes_done else None
                    yield Progress(files_done, files_total, chunks_done, elapsed, eta,
                                   chunks_done / elapsed if elapsed > 0 else 0.0, seen.path,
                                   bytes_done, bytes_total)
                if flush:
                    bytes_done += sum(max(s.size, 0) for s, _, _ in buffer)
                    for ev in self._flush(buffer, rows, timings):
                        files_done += 1
                        if ev.state == "indexed":
                            n_ok += 1
                            chunks_done += ev.chunks
                        elif ev.state == "failed":
                            n_failed += 1
                        yield ev
                    buffer, buffered_chunks = [], 0
                    elapsed = time.perf_counter() - t_work
                    rate = chunks_done / elapsed if elapsed > 0 else 0.0
                    # Bytes predict the remaining work better than a file count (one PDF can
                    # outweigh a hundred small pages).
                    eta = elapsed * (bytes_total - bytes_done) / bytes_done if bytes_done else None
                    yield Progress(files_done, files_total, chunks_done, elapsed, eta, rate, seen.path,
                                   bytes_done, bytes_total)
        finally:
            pool.close()
        t0 = time.perf_counter()
        self.store.ensure_fts_index()
        self.store.ensure_vector_index()
        self.store.optimize()
        timings["optimize"] = time.perf_counter() - t0
        yield Finished(n_ok, n_failed, len(d.unchanged) + len(d.touched), len(removed), chunks_done,
                       time.perf_counter() - t_start, timings)

    def _flush(self, buffer, rows, timings):
        """Embed and write one batch: chunks first, then the rows that make them live."""
        texts, columns = [], {k: [] for k in ("text", "terms", "path", "file_id", "page", "heading",
                                              "start", "end", "seq")}
        file_rows, old_ids, events = [], [], []
        now = time.time()
        for seen, result, digest in buffer:
            prev = rows.get(seen.path)
            if prev and prev.file_id:
                old_ids.append(prev.file_id)
            if not result.ok:
                file_rows.append(FileRow(seen.path, "", seen.size, seen.mtime, digest, "failed",
                                         result.reason, result.detail or None, 0, self.embedder.id, now))
                events.append(FileDone(seen.path, "failed", result.reason, 0))
                continue
            if not result.chunks:
                file_rows.append(FileRow(seen.path, "", seen.size, seen.mtime, digest, "skipped",
                                         documents.NO_TEXT, "no text to index (a scanned image?)", 0, self.embedder.id, now))
                events.append(FileDone(seen.path, "skipped", documents.NO_TEXT, 0))
                continue
            file_id = uuid.uuid4().hex
            for seq, (text, page, heading, start, end, _tokens, terms) in enumerate(result.chunks):
                texts.append(passage_text(text, heading))
                columns["text"].append(text)
                columns["terms"].append(terms)
                columns["path"].append(seen.path)
                columns["file_id"].append(file_id)
                columns["page"].append(page)
                columns["heading"].append(heading)
                columns["start"].append(start)
                columns["end"].append(end)
                columns["seq"].append(seq)
            file_rows.append(FileRow(seen.path, file_id, seen.size, seen.mtime, digest, "indexed",
                                     None, None, len(result.chunks), self.embedder.id, now))
            events.append(FileDone(seen.path, "indexed", None, len(result.chunks)))
        t0 = time.perf_counter()
        vectors = self.embedder.embed_passages(texts) if texts else np.zeros((0, self.store.dim), np.float32)
        t1 = time.perf_counter()
        timings["embed"] += t1 - t0
        if texts:
            schema = chunks_schema(self.store.dim)
            arrays = [pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), self.store.dim)]
            arrays += [pa.array(columns[f.name], type=f.type) for f in list(schema)[1:]]
            self.store.add_chunks(pa.Table.from_arrays(arrays, schema=schema))
        self.store.upsert_files(file_rows)
        self.store.delete_chunks(old_ids)
        timings["write"] += time.perf_counter() - t1
        return events


def embedder_max_tokens(embedder: Embedder) -> int:
    """The model's sequence limit, read from its config without loading torch."""
    import json

    try:
        cfg = json.loads((embedder.model_dir / "sentence_bert_config.json").read_text())
        return int(cfg.get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256
