"""Walk library roots and diff what is on disk against the files table (pure where it can be)."""
from __future__ import annotations

import hashlib
import os
import stat as stat_mod
from dataclasses import dataclass, field

from assistant.core.ingest import documents
from assistant.core.search.store import FileRow


@dataclass
class Seen:
    path: str
    size: int
    mtime: float


@dataclass
class Scan:
    files: list[Seen] = field(default_factory=list)
    # Folders or files we could not read: (path, reason, detail).
    problems: list[tuple[str, str, str]] = field(default_factory=list)


def norm(path: str | os.PathLike) -> str:
    return os.path.abspath(os.path.expanduser(os.fspath(path)))


def scan(roots: list[str]) -> Scan:
    out = Scan()
    seen_real: set[str] = set()

    def add(path: str) -> None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return  # vanished between listing and stat: nothing to index
        except OSError as exc:
            out.problems.append((path, documents.PERMISSION, str(exc)))
            return
        if not stat_mod.S_ISREG(st.st_mode):
            return
        real = os.path.realpath(path)
        if real in seen_real:  # the same file reached through a symlink
            return
        seen_real.add(real)
        out.files.append(Seen(path, st.st_size, st.st_mtime))

    for root in roots:
        root = norm(root)
        if os.path.isfile(root):
            if documents.supported(root):
                add(root)
            continue
        if not os.path.isdir(root):
            out.problems.append((root, documents.VANISHED, "no such file or folder"))
            continue

        def onerror(exc: OSError, _root=root) -> None:
            out.problems.append((exc.filename or _root, documents.PERMISSION, exc.strerror or str(exc)))

        # followlinks=False: a symlink loop cannot send us round forever.
        for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.startswith("~$"):
                    continue  # hidden files and Office lock files
                if documents.supported(name):
                    add(os.path.join(dirpath, name))
    return out


def under(path: str, roots: list[str]) -> bool:
    for root in roots:
        root = norm(root)
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            return True
    return False


def content_hash(path: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Diff:
    to_index: list[Seen]
    unchanged: list[str]
    touched: list[FileRow]  # same content, new mtime: only the row changes
    removed: list[FileRow]


def diff(scanned: list[Seen], rows: dict[str, FileRow], roots: list[str], embedder: str) -> Diff:
    to_index, unchanged, touched = [], [], []
    on_disk = set()
    for s in scanned:
        on_disk.add(s.path)
        prev = rows.get(s.path)
        if prev is None or prev.state == "pending" or prev.embedder != embedder:
            to_index.append(s)
        elif prev.size == s.size and prev.mtime == s.mtime:
            unchanged.append(s.path)
        elif prev.size == s.size and prev.state == "indexed":
            # A new mtime alone (a copy, a touch) is not a new document: compare content.
            try:
                same = content_hash(s.path) == prev.hash
            except OSError:
                same = False
            if same:
                touched.append(FileRow(**{**prev.__dict__, "mtime": s.mtime}))
            else:
                to_index.append(s)
        else:
            to_index.append(s)
    removed = [r for p, r in rows.items() if p not in on_disk and under(p, roots)]
    return Diff(to_index, unchanged, touched, removed)
