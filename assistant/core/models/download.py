"""Model downloads that never corrupt: resumable, checked, and honest about the disk.

The only network access the app makes, and only when the user asks for a model. The file
grows as `<name>.part` beside its destination; a re-run continues it with an HTTP Range request
(a server that answers 200 instead of 206 is read from the start again; 416 means the part is
already whole). Redirects are followed (the hub sends downloads to a CDN). The sha256 is
checked before the file is moved into place; a bad hash deletes the part and says so. Free
disk space is checked before starting and while writing, so a full disk is a sentence, not a
crash. A dropped or stalled connection is retried from where it stopped. `download()` is a
generator of progress events; each yield is a cancel point.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20
MARGIN_BYTES = 64 * 1024 * 1024  # left free on the disk, for everything else
STALL_S = 30.0  # no byte for this long: the connection is dead; try again from where it stopped
RETRIES = 3


class DownloadError(Exception):
    """One sentence for the user; the .part file is kept unless the sentence says otherwise."""


@dataclass
class Progress:
    done: int
    total: int | None
    bytes_per_s: float


@dataclass
class Done:
    path: Path
    sha256: str
    resumed_from: int


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _free(path: Path) -> int:
    return shutil.disk_usage(path).free


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class Retrying:
    attempt: int
    of: int
    reason: str


class _Transient(Exception):
    """The connection dropped, stalled or the server hiccuped (5xx): worth another try."""


def download(url: str, dest: Path, sha256: str | None, size: int | None = None, timeout: float = STALL_S,
             free_space=_free, retries: int = RETRIES, backoff_s: float = 1.0):
    """Yields Progress (and Retrying) events, then Done. Raises DownloadError with a sentence.

    A dropped or stalled connection (no byte for `timeout` seconds) is retried `retries` times
    from where it stopped, with a growing pause; after that the .part stays for a later run."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        raise DownloadError(f"{dest.name} is already in {dest.parent}")
    if not sha256:
        raise DownloadError("no sha256 to check the file against: give one with --sha256")
    sha256 = sha256.lower()
    part = part_path(dest)
    have = part.stat().st_size if part.exists() else 0
    if size is not None and have > size:
        part.unlink()  # longer than the whole file: not ours
        have = 0
    if size is not None and size - have + MARGIN_BYTES > free_space(dest.parent):
        need = (size - have) / 1e9
        raise DownloadError(f"not enough disk space in {dest.parent}: {need:.1f} GB more is needed")
    resumed_from = have
    attempt = 0
    while size is None or have < size:
        try:
            restarted = yield from _fetch(url, part, have, size, timeout, free_space)
            if restarted:
                resumed_from = 0
            break
        except _Transient as exc:
            have = part.stat().st_size if part.exists() else 0
            attempt += 1
            if attempt > retries:
                raise DownloadError(f"{exc}; run it again to resume") from exc
            yield Retrying(attempt, retries, str(exc))  # a cancel point before the pause, too
            time.sleep(backoff_s * 2 ** (attempt - 1))
    digest = _sha256(part)
    if digest != sha256:
        part.unlink(missing_ok=True)
        raise DownloadError(f"the downloaded file does not match its sha256 (got {digest[:12]}…, "
                            f"expected {sha256[:12]}…); it was deleted")
    os.replace(part, dest)
    yield Done(dest, digest, resumed_from)


@dataclass
class HubFacts:
    size: int | None
    sha256: str | None
    commit: str | None = None  # X-Repo-Commit: the revision a branch name resolved to


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the hub's own answer carries the facts
        return None


def hub_facts(url: str, timeout: float = 15.0) -> HubFacts:
    """What the model hub says of a file before it redirects to its CDN: X-Linked-Size and
    X-Linked-ETag (the sha256 of an LFS file). Empty facts when the server says nothing."""
    req = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "assistant-model-download"})
    try:
        resp = urllib.request.build_opener(_NoRedirect).open(req, timeout=timeout)  # noqa: S310
    except urllib.error.HTTPError as exc:
        resp = exc  # a 302 arrives here without the redirect handler; its headers are the facts
    except (urllib.error.URLError, OSError):
        return HubFacts(None, None)
    with resp:
        h = resp.headers
        size = h.get("X-Linked-Size")
        etag = (h.get("X-Linked-ETag") or "").strip().strip('"').removeprefix("W/").strip('"').lower()
        commit = (h.get("X-Repo-Commit") or "").strip().lower()
    hexa = set("0123456789abcdef")
    return HubFacts(int(size) if size and size.isdigit() else None,
                    etag if len(etag) == 64 and set(etag) <= hexa else None,
                    commit if len(commit) == 40 and set(commit) <= hexa else None)


def cross_check(facts: HubFacts, size: int | None, sha256: str | None, name: str) -> None:
    """The catalog and the hub must agree: a difference means a re-upload or a stale catalog,
    and the user should know before gigabytes arrive."""
    if facts.size is not None and size is not None and facts.size != size:
        raise DownloadError(f"the hub's {name} is {facts.size} bytes but the catalog says {size}: the file "
                            "changed since the catalog was made; not downloading it")
    if facts.sha256 and sha256 and facts.sha256 != sha256.lower():
        raise DownloadError(f"the hub's {name} has sha256 {facts.sha256[:12]}… but the catalog says "
                            f"{sha256[:12]}…: the file changed since the catalog was made; not downloading it")


def _fetch(url: str, part: Path, have: int, size: int | None, timeout: float, free_space):
    """One request from byte `have`; returns True when the server ignored Range (a restart)."""
    headers = {"User-Agent": "assistant-model-download"}
    if have:
        headers["Range"] = f"bytes={have}-"
    req = urllib.request.Request(url, headers=headers)
    try:
        resp = urllib.request.urlopen(req, timeout=timeout)  # noqa: S310 - the user's URL
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:
            return False  # the part is already complete: check it
        if exc.code >= 500:
            raise _Transient(f"the server had an error (HTTP {exc.code})") from exc
        raise DownloadError(f"the server refused the download (HTTP {exc.code})") from exc
    except (TimeoutError, ConnectionError) as exc:
        raise _Transient(f"the server did not answer ({exc})") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (TimeoutError, ConnectionError)):
            raise _Transient(f"the server did not answer ({reason})") from exc
        raise DownloadError(f"could not reach the server: {reason}") from exc
    with resp:
        restarted = bool(have and resp.status != 206)
        if restarted:
            have = 0  # the server ignored Range: start again
        length = resp.headers.get("Content-Length")
        total = (have + int(length)) if length and length.isdigit() else size
        if size is not None and total is not None and total != size:
            raise DownloadError(f"the server's file is {total} bytes, not the expected {size}")
        yield from _write(resp, part, have, total, free_space)
    return restarted


def _write(resp, part: Path, have: int, total: int | None, free_space):
    mode = "ab" if have else "wb"
    done = have
    t0, last = time.monotonic(), time.monotonic()
    checked = 0
    with open(part, mode) as f:
        while True:
            try:
                block = resp.read(CHUNK)
            except (OSError, TimeoutError) as exc:
                what = "stalled" if isinstance(exc, TimeoutError) else "stopped"
                raise _Transient(f"the download {what} at {done / 1e6:.0f} MB ({exc})") from exc
            if not block:
                break
            if done - checked >= 4 * CHUNK or checked == 0:  # statvfs every 4 MB is cheap
                checked = done or 1
                if free_space(part.parent) < len(block) + MARGIN_BYTES:
                    f.flush()
                    raise DownloadError(f"the disk is full ({part.parent}); free some space and run it "
                                        "again to resume")
            try:
                f.write(block)
            except OSError as exc:
                raise DownloadError(f"could not write {part.name}: {exc.strerror or exc}; free some space "
                                    "and run it again to resume") from exc
            done += len(block)
            now = time.monotonic()
            if now - last >= 0.25:
                last = now
                yield Progress(done, total, (done - have) / max(now - t0, 1e-6))
    if total is not None and done < total:
        raise _Transient(f"the connection closed at {done / 1e6:.0f} of {total / 1e6:.0f} MB")
    yield Progress(done, total, (done - have) / max(time.monotonic() - t0, 1e-6))
