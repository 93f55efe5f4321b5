"""The one place that builds the core's parts from settings; the CLI and the GUI share it."""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from assistant.core.platform import config, paths
from assistant.core.platform.lock import WriterLock


def norm(path):
    # scanning imports the store (pyarrow); the GUI builds Services before its window shows.
    from assistant.core.ingest.scanning import norm as _norm

    return _norm(path)


def under(path, roots):
    from assistant.core.ingest.scanning import under as _under

    return _under(path, roots)


class Services:
    def __init__(self, data_dir: str | os.PathLike | None = None):
        self.data_dir = paths.data_dir(data_dir)
        self.settings, self.settings_warning = config.load(self.data_dir)

    def save_settings(self) -> None:
        config.save(self.data_dir, self.settings)

    # ---- parts, built on first use -------------------------------------------------------
    @cached_property
    def embedder(self):
        """The embedder the settings name: the one indexing writes with."""
        old = self.data_dir / "models" / "embedders"
        if old.is_dir():  # where earlier versions kept the export (~150 MB): now in the shared cache
            import shutil

            shutil.rmtree(old, ignore_errors=True)
        return self._make_embedder(self.settings.embedder)

    def _make_embedder(self, name: str):
        """A catalog embedder (e5, ruri-v3) from the models folder, with the prefixes and languages
        its card states; the bundled one; or a local sentence-transformers folder."""
        from assistant.core.models import catalog
        from assistant.core.search.embedding import Profile, make_embedder

        profile = None
        entry = catalog.find(name) if name else None
        if entry is not None and entry.kind == "embedder":
            folder = paths.models_dir(self.data_dir) / entry.name
            if not (folder / "config.json").exists():
                raise FileNotFoundError(
                    f"the embedder {entry.name} is not in {folder}: put its sentence-transformers folder "
                    f"({entry.repo}) there, or choose another embedder in Settings")
            name = str(folder)
            pre = entry.prefixes or {}
            profile = Profile(pre.get("query", ""), pre.get("passage", ""), bool(entry.japanese))
        return make_embedder(name, self.settings.embedder_backend, paths.cache_dir() / "embedders", profile)

    def _index_location(self, embedder_name: str) -> Path:
        """Each embedder's vectors live in their own index: the bundled one's in index/, another's
        beside it (index-<name>/), so a switch builds the new one while the old one answers."""
        from assistant.core.search.embedding import is_default

        if self.index_uri():
            return self.index_uri()  # a shared library on object storage: one embedder's vectors
        base = paths.index_dir(self.data_dir)
        if is_default(embedder_name):
            return base
        slug = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(embedder_name).name)
        return base.with_name(f"{base.name}-{slug}")

    @cached_property
    def store(self):
        """The index of the settings' embedder: indexing writes here."""
        from assistant.core.search.store import Store

        store = Store(self._index_location(self.settings.embedder), self.embedder.dim)
        store.check_embedder(self.embedder.id)
        return store

    # ---- index.json: which embedder search uses, which readers read the files -----------------
    def _index_meta(self) -> dict:
        import json

        try:
            meta = json.loads((self.data_dir / "index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    def _write_index_meta(self, **changes) -> None:
        import json

        from assistant.core.platform import atomic

        atomic.write_text(self.data_dir / "index.json", json.dumps({**self._index_meta(), **changes}))

    def reader_upgrade(self) -> tuple[set[str], float] | None:
        """(formats, time) when this library's files were read by older readers: the files of
        the formats that changed since, indexed before that time, are read again by this run and
        the next ones until each is done (a stopped run does not start over). A new library is
        read by the current readers and needs nothing. Not for a shared library: each computer
        would read the whole library again."""
        import time

        from assistant.core.ingest import documents

        if self.index_uri():
            return None
        meta = self._index_meta()
        # A library exists when index.json names its embedder or the bundled embedder's index is
        # there (libraries made before index.json); the first run of a new one has neither.
        existing = "embedder" in meta or paths.index_dir(self.data_dir).is_dir()
        try:
            had = int(meta.get("reader", 1)) if existing else documents.READER_VERSION
        except (TypeError, ValueError):
            had = 1
        if had < documents.READER_VERSION:
            kinds = sorted(documents.changed_kinds(had) | set(meta.get("reread", [])))
            # The embedder search uses is recorded first: index.json without it reads as a
            # library made before index.json.
            self._write_index_meta(embedder=meta.get("embedder", self._searching_name()),
                                   reader=documents.READER_VERSION, reread=kinds, reread_before=time.time())
            meta = self._index_meta()
        elif "reader" not in meta:
            self._write_index_meta(reader=documents.READER_VERSION)
        try:
            return (set(meta["reread"]), float(meta.get("reread_before", 0.0))) if meta.get("reread") else None
        except (TypeError, ValueError):  # hand-edited: read nothing again rather than fail to index
            return None

    # ---- switching embedders ---------------------------------------------------------------
    # index.json names the embedder whose index search uses. It changes only when the index of
    # a newly chosen embedder holds every file with its vectors; until then search, quotes and
    # answers use the old one, and indexing fills the new one (with progress, resumable).
    def _searching_name(self) -> str:
        from assistant.core.search.embedding import DEFAULT_EMBEDDER

        name = self._index_meta().get("embedder")
        if name:
            return str(name)
        # Libraries made before index.json: index/ holds the bundled embedder's vectors.
        return DEFAULT_EMBEDDER if paths.index_dir(self.data_dir).is_dir() else self.settings.embedder

    @property
    def switching_from(self) -> str | None:
        """The embedder search still uses while the settings' one is being built, else None."""
        old = self._searching_name()
        if self.index_uri() or old == self.settings.embedder or not self._index_location(old).is_dir():
            return None
        return old

    @cached_property
    def search_embedder(self):
        old = self.switching_from
        return self._make_embedder(old) if old is not None else self.embedder

    @cached_property
    def search_store(self):
        from assistant.core.search.store import Store

        old = self.switching_from
        if old is None:
            return self.store
        return Store(self._index_location(old), self.search_embedder.dim)

    def switch_progress(self) -> dict | None:
        """{"from", "to", "files_done", "files_total"} while a switch is under way."""
        old = self.switching_from
        if old is None:
            return None
        want = {p for p, r in self.search_store.file_rows().items() if r.state == "indexed"}
        rows = self.store.file_rows()
        done = sum(1 for p in want if p in rows and rows[p].state == "indexed"
                   and not str(rows[p].embedder).startswith("text-only:"))
        return {"from": old, "to": self.settings.embedder, "files_done": done, "files_total": len(want)}

    def _finish_switch(self) -> bool:
        """Search moves to the new index once it holds every file the old one did, with vectors."""
        import json

        from assistant.core.platform import atomic

        progress = self.switch_progress()
        if progress is None:
            if "embedder" not in self._index_meta():  # record which embedder the index holds
                self._write_index_meta(embedder=self.settings.embedder)
            return False
        rows = self.store.file_rows().values()
        if progress["files_done"] < progress["files_total"] or any(
                r.state == "pending" or str(r.embedder).startswith("text-only:") for r in rows):
            return False
        self._write_index_meta(embedder=self.settings.embedder)
        # The old index goes at the next run or start (sweep_indexes): a search running right now
        # may still be reading it.
        self.forget_parts()
        return True

    def sweep_indexes(self) -> None:
        """Remove indexes of embedders that are neither searched nor being built."""
        import shutil

        if self.index_uri():
            return  # a shared index on object storage: its local predecessor is the user's to remove
        keep = {self._index_location(self._searching_name()), self._index_location(self.settings.embedder)}
        base = paths.index_dir(self.data_dir)
        if not base.parent.is_dir():
            return
        for d in [base, *base.parent.glob(base.name + "-*")]:
            if d.is_dir() and d not in keep:
                shutil.rmtree(d, ignore_errors=True)  # Windows may hold it open: the next time then

    def forget_parts(self) -> None:
        """Drop the built embedder, stores and retriever (the embedder setting changed); the next
        use builds them again from the settings."""
        for name in ("embedder", "store", "search_store", "search_embedder", "retriever"):
            self.__dict__.pop(name, None)

    @cached_property
    def retriever(self):
        from assistant.core.search.retrieval import Retriever

        return Retriever(self.search_store, self.search_embedder)

    def open(self) -> "Services":
        """Build the embedder, store and retriever and load the embedding model now (off the
        GUI thread): the first import of torch/onnxruntime holds the GIL for a while."""
        self.sweep_indexes()
        self.retriever.warm_up()
        return self

    def model_path(self) -> Path:
        from assistant.core.answer.llm import bundled_model_path

        if self.settings.model_path:
            return Path(self.settings.model_path).expanduser()
        return bundled_model_path(paths.models_dir(self.data_dir))

    @cached_property
    def llm(self):
        from assistant.core.answer.llm import LocalLLM

        s = self.settings
        if self.llm_url():
            from assistant.core.answer.remote_llm import RemoteLLM

            return RemoteLLM(self.llm_url(), config.remote(s, "llm_model"), config.remote(s, "llm_api") or "chat",
                             n_ctx=s.context_length)
        return LocalLLM(self.model_path(), n_ctx=s.context_length, gpu_layers=s.gpu_layers, threads=s.threads)

    def local_path(self, path: str) -> str:
        """Where a file the library recorded is on this computer (settings' path_map: a shared
        library indexed on another computer records that computer's paths)."""
        return paths.local_path(path, self.settings.path_map)

    def index_uri(self) -> str:
        """s3://bucket/prefix (ASSISTANT_INDEX_URI or index_uri) when the library's index lives
        on object storage, else "" (the data dir's index/)."""
        return config.remote(self.settings, "index_uri")

    # An explicit local model (ask --model) wins over a configured answer server.
    local_only = False

    def llm_url(self) -> str:
        """The OpenAI-compatible server answers come from, or "" for the local model."""
        return "" if self.local_only else config.remote(self.settings, "llm_url")

    def answers_from(self) -> str:
        """Where answers come from, as the window and `status` say it."""
        url = self.llm_url()
        if not url:
            return "this computer"
        from assistant.core.answer.remote_llm import describe

        model = self.llm.model if "llm" in self.__dict__ else config.remote(self.settings, "llm_model")
        return describe(url, model)

    def close(self) -> None:
        if "llm" in self.__dict__:
            self.llm.close()

    # ---- library -------------------------------------------------------------------------
    def add_roots(self, targets: list[str]) -> list[str]:
        roots = list(self.settings.roots)
        for t in map(norm, targets):
            if not any(t == r or under(t, [r]) for r in roots):
                roots = [r for r in roots if not under(r, [t])] + [t]
        # Adding a file (or a folder holding files) the user had removed takes it back.
        excluded = [e for e in self.settings.excluded if not under(e, list(map(norm, targets)))]
        if roots != self.settings.roots or excluded != self.settings.excluded:
            self.settings.roots, self.settings.excluded = roots, excluded
            self.save_settings()
        return roots

    def index(self, targets: list[str] | None = None):
        """Generator of indexer events; holds the writer lock while it runs."""
        from assistant.core.ingest.indexer import Indexer

        if targets:
            missing = [t for t in targets if not os.path.exists(t)]
            if missing:
                raise FileNotFoundError(f"no such file or folder: {missing[0]}")
        lock = WriterLock(self.data_dir).acquire()
        try:
            if targets:
                self.add_roots(targets)
            scope = [norm(t) for t in targets] if targets else list(self.settings.roots)
            # ASSISTANT_INDEX_BATCH: chunks per commit; small values make more, smaller commits
            # (the crash tests use it to have many points to kill at).
            batch = int(os.environ.get("ASSISTANT_INDEX_BATCH", "512"))
            timeout = float(os.environ.get("ASSISTANT_PARSE_TIMEOUT", "120"))
            self.sweep_indexes()
            reread = self.reader_upgrade()

            def run(store, embedder, where):
                return Indexer(store, embedder, batch_chunks=batch, parse_timeout_s=timeout,
                               excluded=self.settings.excluded, attachments_dir=self.attachments_dir,
                               ocr=self.settings.ocr, ocr_dir=self.ocr_dir, reread=reread).run(where)

            if self.switching_from is not None:
                # The old index keeps answering meanwhile, so it gets this run's changes first;
                # then the new embedder's index is built for the whole library, and takes over
                # when it is complete (a stopped run resumes where it stopped).
                yield from run(self.search_store, self.search_embedder, scope)
                scope = list(self.settings.roots)
            yield from run(self.store, self.embedder, scope)
            self._finish_switch()
        finally:
            lock.release()

    def forget(self, targets: list[str]) -> int:
        with WriterLock(self.data_dir):
            targets = [norm(t) for t in targets]
            rows = self.store.file_rows()
            gone = [r for p, r in rows.items() if under(p, targets)]
            from assistant.core.ingest import attachments  # a mail's attachments go with it

            kids = attachments.descendants(self.attachments_dir, [r.path for r in gone], set(rows))
            attachments.remove(self.attachments_dir, [r.path for r in gone] + kids)
            gone += [rows[p] for p in kids if not under(p, targets)]
            from assistant.core.ingest import ocr  # and the word boxes of its scanned pages

            ocr.forget_boxes(self.ocr_dir, [r.path for r in gone])
            stores = [self.store] + ([self.search_store] if self.switching_from is not None else [])
            dropped = {r.path for r in gone}
            for store in stores:  # while switching embedders, the old index forgets them too
                these = gone if store is self.store else [
                    r for p, r in store.file_rows().items() if p in dropped or under(p, targets)]
                if these:
                    store.delete_files([r.path for r in these])
                    store.delete_chunks([r.file_id for r in these])
                    store.optimize()
            # A file or folder inside a library folder stays out of it from now on; removing a
            # whole library folder also drops what was excluded inside it.
            inside = [t for t in targets if any(t != r and under(t, [r]) for r in self.settings.roots)]
            self.settings.roots = [r for r in self.settings.roots if not under(r, targets)]
            self.settings.excluded = [e for e in self.settings.excluded + inside
                                      if any(under(e, [r]) for r in self.settings.roots)]
            self.settings.excluded = list(dict.fromkeys(self.settings.excluded))
            self.save_settings()
            return len(gone)

    @property
    def ocr_dir(self) -> str:
        """Where the word boxes of OCRed pages are kept for the viewer (ingest/ocr.py)."""
        return str(self.data_dir / "ocr")

    @property
    def attachments_dir(self) -> str:
        """Where mails' attachments are written out to be indexed (ingest/attachments.py)."""
        return str(self.data_dir / "attachments")

    def status(self) -> dict:
        rows = self.store.file_rows()
        from assistant.core.ingest.attachments import parent

        files = [{"path": r.path, "state": r.state, "reason": r.reason, "detail": r.detail, "chunks": r.chunks,
                  **({"parent": m} if (m := parent(self.attachments_dir, r.path)) else {})}
                 for r in sorted(rows.values(), key=lambda r: r.path)]
        return {"data_dir": str(self.data_dir), "embedder": self.embedder.id,
                "chunks": self.store.chunk_count(), "files": files, "roots": list(self.settings.roots),
                "index_bytes": self.store.size_on_disk(),
                "index": self.store.uri, "answers_from": self.answers_from(),
                # While a new embedder's index is built: what search still uses, and how far along.
                "switch": self.switch_progress()}

    def models(self) -> dict:
        from assistant.core.answer.llm import BUNDLED_NAME, gpu_offload_supported

        found = []
        bundled = paths.models_dir(self.data_dir) / BUNDLED_NAME
        found.append({"name": BUNDLED_NAME, "path": str(bundled) if bundled.exists() else None,
                      "size_bytes": bundled.stat().st_size if bundled.exists() else None, "source": "bundled"})
        seen = {str(bundled)}
        user_dirs = [paths.models_dir(self.data_dir), Path.cwd() / "models"]
        if self.settings.model_path:
            user_dirs.append(Path(self.settings.model_path).expanduser().parent)
        for d in user_dirs:
            if not d.is_dir():
                continue
            for f in sorted(d.glob("*.gguf")):
                if str(f) not in seen:
                    seen.add(str(f))
                    found.append({"name": f.name, "path": str(f), "size_bytes": f.stat().st_size,
                                  "source": "user"})
        active = Path(self.settings.model_path).name if self.settings.model_path else BUNDLED_NAME
        from assistant.core.models import catalog

        here = catalog.machine()
        files = {x["name"] for x in found}
        entries = [e.to_json(catalog.fit(e, here), bool(e.file and e.file in files)) for e in catalog.load()]
        return {"active": active, "gpu_offload": gpu_offload_supported(), "models": found, "catalog": entries,
                "machine": {"ram_bytes": here.ram_bytes, "gpu": here.gpu, "vram_free_bytes": here.vram_bytes},
                "offload": self._offload_plan(here)}

    def _offload_plan(self, here) -> dict | None:
        """The GPU layers the active model would get on this machine, as `load` would choose them.
        The GGUF's tensor table is read only when a GPU could take layers (it costs ~0.7 s for a
        model with a large vocabulary, and this runs at every start)."""
        from assistant.core.answer.llm import gpu_offload_supported
        from assistant.core.models import gguf, offload

        off = str(self.settings.gpu_layers).strip().lower() in ("off", "0", "cpu", "none")
        if off or not gpu_offload_supported():
            why = ("GPU offload is off in the settings" if off else
                   "this llama.cpp build has no GPU support (reinstall llama-cpp-python with "
                   'CMAKE_ARGS="-DGGML_CUDA=on")' if here.gpu else "no GPU found")
            return {"layers": 0, "blocks": None, "text": f"CPU ({why})"}
        try:
            p = offload.plan(gguf.layout(self.model_path()), here.vram_bytes, self.settings.context_length)
        except gguf.BadModel:
            return None
        return {"layers": p.layers, "blocks": p.blocks, "text": p.describe()}

    def download_model(self, name_or_url: str, sha256: str | None = None):
        """Generator of download.Progress events, then download.Done: a catalog model by name, or
        any URL with its sha256, into the library's models/ folder (resumable)."""
        from urllib.parse import unquote, urlparse

        from assistant.core.models import catalog, download

        entry = catalog.find(name_or_url)
        if entry is not None:
            if entry.kind != "llm" or not entry.file:
                raise download.DownloadError(f"{entry.name} cannot be downloaded as one file yet ({entry.note})")
            if not entry.downloadable and not sha256:
                raise download.DownloadError(f"{entry.name} has no confirmed sha256 in the catalog; "
                                             "give one with --sha256")
            url, size, digest, fname = entry.url, entry.size_bytes, sha256 or entry.sha256, entry.file
            facts = download.hub_facts(url)
            download.cross_check(facts, size, digest, fname)
            size = size or facts.size
            if entry.revision is None and facts.commit:
                # No revision confirmed for the catalog: fetch the bytes from the commit the branch
                # points at now, so a re-upload mid-download cannot mix two files (sha256 checks it).
                url = url.replace("/resolve/main/", f"/resolve/{facts.commit}/", 1)
        elif urlparse(name_or_url).scheme in ("http", "https"):
            url, size, digest = name_or_url, None, sha256
            fname = Path(unquote(urlparse(name_or_url).path)).name
            if not fname.endswith(".gguf"):
                raise download.DownloadError("the URL does not name a .gguf file")
        else:
            raise download.DownloadError(f"{name_or_url!r} is neither a catalog model nor an http(s) URL; "
                                         "`assistant models` lists the catalog")
        yield from download.download(url, paths.models_dir(self.data_dir) / fname, digest, size)
