"""LanceDB on disk: a chunks table (vectors, text, locations) and a files table (one row a file).

Consistency rule that makes every crash recoverable: a file's chunks are written first, under a
fresh `file_id`; only then does its files row point at that id. Chunks whose file_id no files
row points at are orphans from an interrupted run, and `reconcile` deletes them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Iterable, Sequence

import pyarrow as pa

log = logging.getLogger(__name__)

CHUNKS = "chunks"
FILES = "files"
FTS_COLUMN = "terms"
# Below this many chunks an exact (flat) scan is fast enough and needs no training; above it
# an IVF index with int8 scalar-quantized vectors (IVF_SQ) and an exact re-ranking step keeps p95
# latency low. Measured at 1M clustered vectors (benchmarks/README.md): IVF_SQ recall@10 1.000,
# p95 19 ms, built in 64 s; IVF_PQ (48 sub-vectors) only 0.668 at the same probes and re-ranking
# (0.98 needed 60x re-ranking), built in 171 s. SQ takes 384 bytes a vector on disk, PQ 48.
ANN_MIN_ROWS = 50_000
VOCABULARY_ROWS = 300_000  # passages read for the library's Japanese words (vocabulary())
ANN_KIND = "ivfsq"  # as vector_index_kinds() spells it
NPROBES = 24
REFINE_FACTOR = 8


def chunks_schema(dim: int) -> pa.Schema:
    return pa.schema([
        pa.field("vector", pa.list_(pa.float32(), dim)),
        pa.field("text", pa.string()),
        pa.field(FTS_COLUMN, pa.string()),
        pa.field("path", pa.string()),
        pa.field("file_id", pa.string()),
        pa.field("page", pa.int32()),
        pa.field("heading", pa.string()),
        pa.field("start", pa.int32()),
        pa.field("end", pa.int32()),
        pa.field("seq", pa.int32()),
    ])


FILES_SCHEMA = pa.schema([
    pa.field("path", pa.string()),
    pa.field("file_id", pa.string()),
    pa.field("size", pa.int64()),
    pa.field("mtime", pa.float64()),
    pa.field("hash", pa.string()),
    pa.field("state", pa.string()),
    pa.field("reason", pa.string()),
    pa.field("detail", pa.string()),
    pa.field("chunks", pa.int32()),
    pa.field("embedder", pa.string()),
    pa.field("indexed_at", pa.float64()),
])


@dataclass
class FileRow:
    path: str
    file_id: str
    size: int
    mtime: float
    hash: str
    state: str  # indexed | failed | skipped | pending
    reason: str | None  # a stable keyword: encrypted, corrupt, timeout, ...
    detail: str | None  # the human sentence behind it
    chunks: int
    embedder: str
    indexed_at: float


def _retrying(method):
    """On a shared library, a commit that lost the race to another machine's and could not be
    rebased automatically (two index builds, a compaction against a delete) is retried from the
    latest version, a few times with a random pause; the method re-reads what it needs, so an
    index the other machine just built is not built again."""
    import functools
    import random
    import time

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        for attempt in range(8):
            try:
                return method(self, *args, **kwargs)
            except (RuntimeError, OSError, ValueError) as exc:
                # "Too many concurrent writers": Lance's own retries ran out of their 30 s.
                if not self.shared or attempt == 7 or not any(m in str(exc) for m in ("onflict", "oncurrent")):
                    raise
                log.info("commit conflict with another writer (%s); retrying", str(exc).split(",")[0])
                time.sleep(random.uniform(0.05, 0.3) * (attempt + 1))
                for table in (self.chunks, self.files):
                    table.checkout_latest()
    return wrapper


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def is_remote(location) -> bool:
    """s3://, gs://, az://... : an index on object storage rather than in a folder."""
    return "://" in str(location) and not str(location).startswith("file://")


def storage_options(uri: str) -> dict:
    """What LanceDB needs beyond the standard AWS_* variables and ~/.aws files it reads itself:
    an http:// endpoint (an S3-compatible server on the LAN, or on loopback in the tests) must
    be allowed explicitly."""
    import os

    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL") or ""
    if str(uri).startswith(("s3://", "s3+ddb://")) and endpoint.startswith("http://"):
        return {"allow_http": "true"}
    return {}


class LibraryMismatch(Exception):
    """A shared library made with another embedder than this computer's: refused, never rebuilt
    (that would drop everyone's index)."""


def embedder_model(embedder_id: str) -> str:
    """The model in a stored embedder id ("all-MiniLM-L6-v2+onnx-int8+t128", "text-only:..."):
    the backend part differs between machines (OpenVINO on AMX) and does not change the space."""
    return embedder_id.removeprefix("text-only:").split("+")[0]


class Store:
    """The index in a folder, or at an object-store URI (index_uri). On object storage several
    machines may write at once: each Lance commit writes the next manifest with a conditional
    PUT (If-None-Match), so of two commits racing for one version one fails, is rebased on the
    winner and retried (appends and deletes of other rows merge). `shared` marks that case."""

    def __init__(self, directory, dim: int):
        import lancedb

        self.shared = is_remote(directory)
        self.uri = str(directory).rstrip("/") if self.shared else str(Path(directory))
        self.directory = None if self.shared else Path(directory)
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
        self.dim = dim
        # Other machines write a shared library: reads look for their newer versions every few
        # seconds (a local one changes only through this process, or the next start).
        self.db = lancedb.connect(self.uri, storage_options=storage_options(self.uri) or None,
                                  read_consistency_interval=timedelta(seconds=5) if self.shared else None)
        if self.shared:
            tables = set(self.db.table_names())
            names = {n for n in (CHUNKS, FILES) if n in tables}
        else:
            names = {n for n in (CHUNKS, FILES) if (self.directory / f"{n}.lance").is_dir()}
        self.recovered: list[str] = []
        self.chunks = (self._open(CHUNKS) if CHUNKS in names
                       else self._create(CHUNKS, chunks_schema(dim)))
        self.files = (self._open(FILES) if FILES in names
                      else self._create(FILES, FILES_SCHEMA))
        stored_dim = self.chunks.schema.field("vector").type.list_size
        if stored_dim != dim and self.shared:
            raise LibraryMismatch(f"the shared library at {self.uri} holds {stored_dim}-dimensional vectors and "
                                  f"this computer's embedder makes {dim}: choose the embedder the library was "
                                  f"indexed with in Settings → Library")
        if stored_dim != dim:
            # A different embedder: its vectors cannot share the table with the old ones.
            log.info("embedder dimension changed %s -> %s: recreating chunks", stored_dim, dim)
            self.db.drop_table(CHUNKS)
            self.chunks = self.db.create_table(CHUNKS, schema=chunks_schema(dim))
            self.files.delete("true")

    def _create(self, name: str, schema: pa.Schema):
        try:
            return self.db.create_table(name, schema=schema)
        except ValueError:
            if not self.shared:
                raise
            # Another machine created it a moment ago (its first commit won the race).
            return self._open(name)

    def _open(self, name: str):
        """Open a table; if its newest version is unreadable (a damaged manifest or data file),
        roll back to the newest version that reads, instead of failing on every start."""
        try:
            table = self.db.open_table(name)
            table.count_rows()
            table.to_lance().head(1)
            return table
        except Exception as exc:  # noqa: BLE001 - any failure to read is a reason to roll back
            if self.shared:
                # Another machine may be writing: rolling back a shared library is not ours to do.
                raise RuntimeError(f"the library index at {self.uri} cannot be read ({exc})") from None
            log.warning("table %s: newest version unreadable (%s); trying older versions", name, exc)
        import lance

        uri = self.directory / f"{name}.lance"
        manifests = {}
        for manifest in (uri / "_versions").glob("*.manifest"):
            try:
                n = int(manifest.stem)
            except ValueError:
                continue
            # Lance's V2 naming stores u64::MAX - version so the newest sorts first.
            manifests[n if n < 2 ** 63 else 2 ** 64 - 1 - n] = manifest
        for version in sorted(manifests, reverse=True):
            try:
                ds = lance.dataset(str(uri), version=version)
                ds.count_rows()
                ds.head(1)
            except Exception:  # noqa: BLE001
                continue
            # Set the unreadable newer manifests aside (kept, renamed) so this version is the
            # newest again; lance's own restore() cannot, as it reads the broken one first.
            for newer in (v for v in manifests if v > version):
                manifests[newer].rename(manifests[newer].with_suffix(".manifest.damaged"))
            (uri / "_versions" / "latest_version_hint.json").unlink(missing_ok=True)
            try:
                table = self.db.open_table(name)
                table.count_rows()
            except Exception:  # noqa: BLE001
                continue
            self.recovered.append(f"{name}: rolled back to version {version}")
            return table
        raise RuntimeError(f"the library index ({name}) is damaged beyond repair; "
                           f"move {self.directory} away and index again")

    def check_embedder(self, embedder_id: str) -> None:
        """On a shared library, every computer must search and index with the model the library
        was indexed with: vectors of two models in one table make nonsense of meaning search."""
        if not self.shared:
            return
        mine = embedder_model(embedder_id)
        # One column of the indexed rows, not whole rows: this runs at every start, over the network.
        t = self.files.to_lance().to_table(columns=["embedder"], filter="state = 'indexed'")
        theirs = {embedder_model(e) for e in t.column("embedder").to_pylist() if e}
        if theirs and mine not in theirs:
            raise LibraryMismatch(f"the shared library at {self.uri} was indexed with the embedder "
                                  f"{', '.join(sorted(theirs))}, and this computer's is {mine}: choose "
                                  f"{sorted(theirs)[0]} in Settings → Library (embedder in settings.toml)")

    # ---- files ---------------------------------------------------------------------------
    def file_rows(self) -> dict[str, FileRow]:
        table = self.files.to_arrow()
        return {r["path"]: FileRow(**r) for r in table.to_pylist()}

    def file_row(self, path: str) -> FileRow | None:
        t = self.files.to_lance().to_table(filter=f"path = {_sql_list([path])}")
        return FileRow(**t.to_pylist()[0]) if t.num_rows else None

    @_retrying
    def upsert_files(self, rows: Sequence[FileRow]) -> None:
        if not rows:
            return
        data = pa.Table.from_pylist([r.__dict__ for r in rows], schema=FILES_SCHEMA)
        (self.files.merge_insert("path").when_matched_update_all()
         .when_not_matched_insert_all().execute(data))

    @_retrying
    def delete_files(self, paths: Sequence[str]) -> None:
        for i in range(0, len(paths), 500):
            self.files.delete(f"path IN ({_sql_list(paths[i:i + 500])})")

    # ---- chunks --------------------------------------------------------------------------
    @_retrying
    def add_chunks(self, table: pa.Table) -> None:
        if table.num_rows:
            # Null vectors are passages the embedder cannot read (see indexer.embeddable):
            # "null" keeps them null instead of refusing the batch.
            self.chunks.add(table, on_bad_vectors="null")

    @_retrying
    def delete_chunks(self, file_ids: Sequence[str]) -> None:
        ids = [f for f in file_ids if f]
        for i in range(0, len(ids), 500):
            self.chunks.delete(f"file_id IN ({_sql_list(ids[i:i + 500])})")

    def chunk_columns(self, file_ids: Sequence[str]) -> dict[str, dict[str, list]]:
        """The stored chunks of these files, column by column in seq order (vectors left out)."""
        names = ["text", FTS_COLUMN, "path", "file_id", "page", "heading", "start", "end", "seq"]
        out: dict[str, dict[str, list]] = {}
        ids = [f for f in file_ids if f]
        for i in range(0, len(ids), 500):
            t = self.chunks.to_lance().to_table(columns=names, filter=f"file_id IN ({_sql_list(ids[i:i + 500])})")
            for r in sorted(t.to_pylist(), key=lambda r: (r["file_id"], r["seq"])):
                cols = out.setdefault(r["file_id"], {k: [] for k in names})
                for k in names:
                    cols[k].append(r[k])
        return out

    def passage_vectors(self, file_ids: Sequence[str]) -> dict[tuple[str, str | None], "np.ndarray"]:
        """The vectors these files' chunks have, keyed by (text, heading): what an edited file's
        unchanged passages can keep instead of being embedded again. Null vectors are left out."""
        import numpy as np

        out = {}
        ids = [f for f in file_ids if f]
        for i in range(0, len(ids), 500):
            t = self.chunks.to_lance().to_table(columns=["text", "heading", "vector"],
                                                filter=f"file_id IN ({_sql_list(ids[i:i + 500])})")
            col = t.column("vector").combine_chunks()
            if len(col) == 0:
                continue
            # flatten() leaves out the null rows: the matrix has one row per valid vector.
            mat = col.flatten().to_numpy(zero_copy_only=False).astype(np.float32).reshape(-1, self.dim)
            valid = np.flatnonzero(~np.asarray(col.is_null(), dtype=bool))
            texts, headings = t.column("text").to_pylist(), t.column("heading").to_pylist()
            for row, j in enumerate(valid):
                out[(texts[j], headings[j])] = mat[row]
        return out

    def refresh(self) -> None:
        """On a shared library, see the other machines' newest commits now rather than within
        read_consistency_interval: a decision taken on a view seconds old undoes their work."""
        if self.shared:
            for table in (self.chunks, self.files):
                table.checkout_latest()

    @_retrying
    def reconcile(self) -> tuple[int, int]:
        """Make the two tables agree after an interrupted run or a version rollback.

        Chunks no files row points at are deleted (orphans of an interrupted batch); files rows
        whose chunks are missing or incomplete are marked pending, so the next run redoes them.
        Returns (orphan file ids removed, files marked pending).

        On a shared library other machines write meanwhile, in this order per file: row marked
        pending, chunks added, row pointed at them, old chunks deleted. So the rows are read
        before and after the chunks: a chunk is an orphan only if the later rows (which saw
        every step taken before the chunks were read) neither point at it nor are mid-work on
        its file; a row is broken only if it pointed at the same chunks both times (chunks go
        only after their row has moved on, so a count read in between is then a true count)."""
        from collections import Counter

        self.refresh()
        before = self.file_rows()
        self.refresh()
        ids = self.chunks.to_lance().to_table(columns=["file_id", "path"])
        counts = Counter(ids.column("file_id").to_pylist())
        self.refresh()
        rows = self.file_rows() if self.shared else before
        live = {r.file_id: r for r in rows.values() if r.file_id}
        orphans = sorted(set(counts) - set(live))
        if self.shared and orphans:
            # Chunks of a file another machine is (re)indexing right now are its business: it
            # marked the file pending (or its vectors owed) before writing them.
            busy = {p for p, r in rows.items() if r.state == "pending" or r.embedder.startswith("text-only:")}
            owner = dict(zip(ids.column("file_id").to_pylist(), ids.column("path").to_pylist()))
            orphans = [f for f in orphans if owner.get(f) not in busy]
        if orphans:
            self.delete_chunks(orphans)
        steady = {r.file_id for r in before.values() if r.file_id}
        broken = [FileRow(**{**r.__dict__, "state": "pending"}) for fid, r in live.items()
                  if r.state == "indexed" and fid in steady and counts.get(fid, 0) != r.chunks]
        self.upsert_files(broken)
        return len(orphans), len(broken)

    def chunk_count(self) -> int:
        return self.chunks.count_rows()

    # ---- search --------------------------------------------------------------------------
    _COLUMNS = ["text", "path", "file_id", "page", "heading", "start", "end"]

    def dense(self, vector, limit: int) -> list[dict]:
        rows = self.chunks.count_rows()
        if rows == 0:
            return []
        if self._in_memory(rows):
            return self._dense_in_memory(vector, limit)
        q = (self.chunks.search(vector, vector_column_name="vector").distance_type("cosine")
             .select(self._COLUMNS + ["_distance"]).limit(limit))
        if self.has_vector_index():
            # Probe enough partitions and re-rank the candidates by exact distance (see ANN_KIND);
            # on structureless random vectors IVF recall collapses, as for any IVF index. The
            # index has sqrt(rows) partitions: probe at least 5% of them so recall holds as it grows.
            q = q.nprobes(max(NPROBES, round(0.05 * rows ** 0.5))).refine_factor(REFINE_FACTOR)
        return q.to_list()

    def _in_memory(self, rows: int) -> bool:
        return not self.shared and 0 < rows < ANN_MIN_ROWS and not self.has_vector_index()

    def warm_up(self) -> None:
        """Read the vectors into memory now if search will use them and they changed, and note
        whether the library holds Japanese text, which of its documents are editions of each
        other and which Japanese words it has."""
        if self._in_memory(self.chunks.count_rows()):
            self._vector_matrix()
        self.has_japanese()
        if not self.shared:
            self._editions_map()
            self.vocabulary()

    def has_japanese(self) -> bool:
        """Whether any passage has kana, read once per table version (~60 ms for the 16,201
        passages of the eval library): an English-only library skips the search for a quote's
        Japanese counterpart (answer/ask.py)."""
        if self.shared:
            return True  # a shared (object-store) library is not read whole over the network
        version = self.chunks.version
        cached = getattr(self, "_japanese", None)
        if cached is None or cached[0] != version:
            try:
                found = self.chunks.to_lance().scanner(columns=["seq"], filter="regexp_match(text, '[ぁ-ゖァ-ヺ]')",
                                                       limit=1).to_table().num_rows > 0
            except Exception:  # a table that cannot be scanned so: assume it may
                found = True
            cached = self._japanese = (version, found)
        return cached[1]

    def edition_rows(self, path: str, page: int | None, start: int, heading: str | None,
                     japanese: bool | None = None) -> list[dict]:
        """The chunks of the library's other editions of `path` (search/editions.py) around the
        place of its chunk at (page, start, heading), in reading order: of its Japanese
        editions or its others (`japanese`; None: all). [] for a shared library or a file with
        no other edition (~5-10 ms an edition on the eval library)."""
        if self.shared:
            return []
        _version, editions, file_ids = self._editions_map()
        out: list[dict] = []
        for other, first, last in editions.near(path, page, start, heading, japanese):
            t = self.chunks.to_lance().to_table(
                columns=self._COLUMNS + ["seq"],
                filter=f"file_id = {_sql_list([file_ids[other]])} AND seq >= {int(first)} AND seq <= {int(last)}")
            out.extend(sorted(t.to_pylist(), key=lambda r: r["seq"]))
        return out

    def vocabulary(self):
        """The library's Japanese words (search/vocabulary.py), kept per file and read again
        only for the files that changed since (a whole library once: ~0.3 s for the eval
        library's 16,201 passages; a question asked while a folder is indexed waits only for
        the files indexed since the last one). None for a shared library, one without Japanese
        text or one of more than VOCABULARY_ROWS passages."""
        if self.shared or not self.has_japanese():
            return None
        from assistant.core.search.vocabulary import Vocabulary, words_of

        version = self.chunks.version
        cached = getattr(self, "_vocabulary", None)
        if cached is None or cached[0] != version:
            if self.chunks.count_rows() > VOCABULARY_ROWS:
                self._vocabulary = (version, None)
                return None
            ids = {r.file_id for r in self.file_rows().values() if r.chunks}
            known: dict[str, set[str]] = {i: w for i, w in getattr(self, "_file_words", {}).items() if i in ids}
            new = sorted(ids - known.keys())
            ds = self.chunks.to_lance()
            for n in range(0, len(new), 500):
                t = ds.to_table(columns=["file_id", "text"], filter=f"file_id IN ({_sql_list(new[n:n + 500])})")
                texts: dict[str, list[str]] = {}
                for i, text in zip(t.column("file_id").to_pylist(), t.column("text").to_pylist()):
                    texts.setdefault(i, []).append(text)
                for i in new[n:n + 500]:
                    known[i] = words_of(texts.get(i, []))
            self._file_words = known
            cached = self._vocabulary = (version, Vocabulary(set().union(*known.values())))
        return cached[1]

    def _editions_map(self):
        """(version, Editions, file_id by path), read once per table version: only the chunks of
        the files that have another edition, by name (nothing for a library that has none)."""
        from assistant.core.search.editions import Editions, editions_of
        from assistant.core.text.terms import cjk_share

        version = self.chunks.version
        cached = getattr(self, "_editions", None)
        if cached is None or cached[0] != version:
            file_ids = {p: r.file_id for p, r in self.file_rows().items() if r.chunks}
            ids = [file_ids[p] for p in editions_of(file_ids)]
            columns = ["path", "page", "start", "heading", "seq"]
            if ids:
                ds = self.chunks.to_lance()
                t = ds.to_table(columns=columns, filter=f"file_id IN ({_sql_list(ids)})")
                # Each edition's language, from passages spread through it (a manual's first
                # pages are its title and contents, often in Latin letters).
                first = ds.to_table(columns=["path", "text"], filter=f"file_id IN ({_sql_list(ids)}) AND (seq < 3 OR seq % 10 = 0)")
                texts: dict[str, str] = {}
                for p, text in zip(first.column("path").to_pylist(), first.column("text").to_pylist()):
                    texts[p] = texts.get(p, "") + (text or "")
                shares = {p: cjk_share(text) for p, text in texts.items()}
                # Left unknown (read whatever the language) when neither clearly is.
                editions = Editions(*(t.column(c).to_pylist() for c in columns),
                                    japanese={p: sh >= 0.3 for p, sh in shares.items() if sh >= 0.3 or sh < 0.05})
            else:
                editions = Editions([], [], [], [], [])
            cached = self._editions = (version, editions, file_ids)
        return cached

    def _vector_matrix(self):
        """(version, dataset, row positions, unit vectors) of the table's current version."""
        import numpy as np

        version = self.chunks.version
        cached = getattr(self, "_vectors", None)
        if cached is None or cached[0] != version:
            ds = self.chunks.to_lance()
            col = ds.to_table(columns=["vector"]).column("vector").combine_chunks()
            keep = np.flatnonzero(~np.asarray(col.is_null(), dtype=bool)) if col.null_count else np.arange(len(col))
            mat = col.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False).reshape(-1, self.dim)
            mat = mat / np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-12)
            cached = self._vectors = (version, ds, keep, mat)
        return cached

    def _dense_in_memory(self, vector, limit: int) -> list[dict]:
        """Exact cosine search over the vectors held in memory: what Lance's flat scan returns,
        without reading and decoding the whole column for every question (measured on the eval
        library, 17,496 chunks on 2 cores: 27 ms -> 8 ms p50; the copy is read again, ~70 ms,
        after the table changes). Only for a local library below the ANN threshold: at most
        ANN_MIN_ROWS x dim floats (77 MB for 384 dimensions at 50,000 chunks)."""
        import numpy as np

        _version, ds, keep, mat = self._vector_matrix()
        if not len(keep):
            return []
        q = np.asarray(vector, dtype=np.float32)
        # einsum, not a BLAS product: BLAS threads spin on after the call and take the cores
        # from ONNX Runtime (measured: sentence embedding 8 -> 20 ms p50 right after).
        sims = np.einsum("ij,j->i", mat, q / max(float(np.linalg.norm(q)), 1e-12))
        k = min(limit, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        positions = keep[top]
        order = np.argsort(positions)
        got = ds.take(positions[order], columns=self._COLUMNS).to_pylist()
        out: list[dict] = [{}] * k
        for slot, row in zip(order, got):
            out[slot] = {**row, "_distance": 1.0 - float(sims[top[slot]])}
        return out

    def fulltext(self, query_terms: str, limit: int) -> list[dict]:
        if not query_terms.strip() or not self.has_fts_index():
            return []
        q = (self.chunks.search(query_terms, query_type="fts", fts_columns=FTS_COLUMN)
             .select(self._COLUMNS + ["_score"]).limit(limit))
        return q.to_list()

    def _index_names(self) -> set[str]:
        return {i.name for i in self.chunks.list_indices()}

    def has_fts_index(self) -> bool:
        return any(FTS_COLUMN in i.columns for i in self.chunks.list_indices())

    def vector_index_kinds(self) -> set[str]:
        """"ivfsq", "ivfpq"...: lancedb has spelled them "IVF_SQ" and "IvfSq"; compare one way."""
        return {str(i.index_type).replace("_", "").lower()
                for i in self.chunks.list_indices() if "vector" in i.columns}

    def has_vector_index(self) -> bool:
        return any("vector" in i.columns for i in self.chunks.list_indices())

    # ---- maintenance ---------------------------------------------------------------------
    @_retrying
    def ensure_fts_index(self) -> None:
        if self.has_fts_index() or self.chunks.count_rows() == 0:
            return
        # Terms are pre-tokenized (see terms.py): split on whitespace, then lowercase and stem
        # the Latin words. Stop words stay: "not", "no" and "where" matter in questions.
        from lancedb.index import FTS

        self.chunks.create_index(FTS_COLUMN, config=FTS(
            base_tokenizer="whitespace", language="English", stem=True, remove_stop_words=False,
            lower_case=True, ascii_folding=True, max_token_length=64, with_position=False))

    @_retrying
    def ensure_vector_index(self, min_rows: int = ANN_MIN_ROWS, force: bool = False) -> bool:
        """Build the ANN index once the library is big enough; optimize() keeps it current."""
        n = self.chunks.count_rows()
        if (n < min_rows and not force) or (self.vector_index_kinds() == {ANN_KIND} and not force):
            return False
        # An index of another kind (IVF_PQ from an earlier version) is rebuilt as IVF_SQ.
        import math

        from lancedb.index import IvfSq

        partitions = max(16, int(math.sqrt(n)))
        self.chunks.create_index("vector", config=IvfSq(distance_type="cosine", num_partitions=partitions),
                                 replace=True)
        return True

    @_retrying
    def optimize(self) -> None:
        """Compact small fragments, fold new rows into the indices, drop old versions.

        The last minutes of versions are kept: a damaged newest version can then be rolled
        back (see _open) while old ones still do not pile up."""
        for table in (self.chunks, self.files):
            try:
                table.optimize(cleanup_older_than=timedelta(minutes=5))
            except RuntimeError as exc:
                if table is not self.chunks or not self.has_vector_index():
                    raise
                # Lance cannot fold new rows into the IVF index when every new vector is
                # null (a run that added only passages the embedder cannot read): rebuild it.
                log.warning("vector index update failed (%s); rebuilding it", exc)
                self.ensure_vector_index(force=True)
                table.optimize(cleanup_older_than=timedelta(minutes=5))

    def size_on_disk(self) -> int:
        """Bytes of the live index: each table's current data and indices. Old versions (kept
        a few minutes for roll-back, then cleaned up by optimize) are left out: counting them
        made the size jump up and down (20 -> 10 -> 22 MB) with no change to the library."""
        total = 0
        for table in (self.chunks, self.files):
            try:
                total += int(table.stats()["total_bytes"])
                total += sum(int(getattr(ix, "size_bytes", 0) or 0) for ix in table.list_indices())
            except Exception:  # noqa: BLE001 - a size is not worth failing status() for
                if self.directory is None:
                    continue
                folder = self.directory / f"{table.name}.lance"
                total += sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        return total
