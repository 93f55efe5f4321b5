"""A mail's attachments as documents of their own, with the mail as their parent.

Chosen to fit the files table as it is: the parse worker writes each attachment of a supported
format to DATA_DIR/attachments/<hash of the mail's path>/<its file name>, and the indexer indexes
that file like any other. The folder is the link: a file in it belongs to the mail whose path
hashes to the folder's name (parent.txt in it spells the mail's path for people and `status`);
the folder is rewritten when the mail changes and removed, with its files' rows, when the mail
is. A search hit in an attachment so has a real file to open, and names its mail.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil

from assistant.core.ingest import documents

CARRIERS = {".eml", ".msg"}
PARENT_FILE = "parent.txt"
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def carries(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in CARRIERS


def folder(attachments_dir: str, mail: str) -> str:
    return os.path.join(attachments_dir, hashlib.blake2b(mail.encode("utf-8", "surrogatepass"),
                                                         digest_size=8).hexdigest())


def safe_name(name: str) -> str:
    """A file name from a mail, made harmless: no folders, no '..', no control characters."""
    name = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    stem, ext = os.path.splitext(name)
    return (stem[:100] or "attachment") + ext[:16].lower()


def write(attachments_dir: str, mail: str, items: list[tuple[str, bytes]]) -> list[str]:
    """Replace the mail's attachment folder with its current attachments; their paths."""
    where = folder(attachments_dir, mail)
    shutil.rmtree(where, ignore_errors=True)
    wanted = [(safe_name(n), data) for n, data in items if documents.supported(safe_name(n))]
    if not wanted:
        return []
    os.makedirs(where, exist_ok=True)
    with open(os.path.join(where, PARENT_FILE), "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(mail)
    out, used = [], set()
    for name, data in wanted:
        stem, ext = os.path.splitext(name)
        n = 2
        while name.lower() in used:
            name = f"{stem} ({n}){ext}"
            n += 1
        used.add(name.lower())
        path = os.path.join(where, name)
        with open(path, "wb") as f:
            f.write(data)
        out.append(path)
    return out


def on_disk(attachments_dir: str, mail: str) -> list[str]:
    where = folder(attachments_dir, mail)
    try:
        names = sorted(os.listdir(where))
    except OSError:
        return []
    return [os.path.join(where, n) for n in names if n != PARENT_FILE and documents.supported(n)]


def parent(attachments_dir: str, path: str) -> str | None:
    """The mail an attachment came from, or None for any other file."""
    where = os.path.dirname(path)
    if os.path.dirname(where) != os.path.normpath(attachments_dir):
        return None
    try:
        with open(os.path.join(where, PARENT_FILE), encoding="utf-8", errors="surrogateescape") as f:
            return f.read()
    except OSError:
        return None


def descendants(attachments_dir: str, mails: list[str], indexed: set[str]) -> list[str]:
    """Indexed files that came out of these mails, and out of mails attached to them."""
    out, todo = [], [m for m in mails if carries(m)]
    while todo:
        where = folder(attachments_dir, todo.pop())
        prefix = where + os.sep
        kids = [p for p in indexed if p.startswith(prefix)]
        out.extend(kids)
        todo.extend(k for k in kids if carries(k))
    return out


def remove(attachments_dir: str, mails: list[str]) -> None:
    for m in mails:
        if carries(m):
            shutil.rmtree(folder(attachments_dir, m), ignore_errors=True)
