"""One writer for the index at a time.

An OS-level lock on a file in the data dir: the kernel drops it when the holder dies, even by
SIGKILL, so a crashed run never leaves a stale lock behind. The holder's pid is written in the
file only to tell the user who has it.
"""
from __future__ import annotations

import os
from pathlib import Path


class IndexBusy(Exception):
    pass


class WriterLock:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "index.lock"
        self._fd: int | None = None

    def acquire(self) -> "WriterLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except OSError:
            try:
                holder = os.pread(fd, 64, 0).decode("ascii", "ignore").strip() if hasattr(os, "pread") else ""
            finally:
                os.close(fd)
            who = f" (process {holder})" if holder else ""
            raise IndexBusy(f"another assistant{who} is writing this library; wait for it to finish "
                            "or close it") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


if os.name == "nt":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, 0)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
