"""Watches the library's folders and asks for an incremental re-index when they change.

QFileSystemWatcher reports added, removed and renamed entries (most editors save by rename)
per directory; changes are debounced so a copy of a hundred files is one run. A slow periodic
rescan catches in-place edits the watcher cannot see. Re-indexing is incremental, so a run
over unchanged folders costs a stat per file and no embedding.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

MAX_WATCHED_DIRS = 2000  # OS watch handles are limited; the periodic rescan covers the rest
DEBOUNCE_MS = 2000
RESCAN_MS = 5 * 60 * 1000


class FolderWatch(QObject):
    changed = Signal()  # debounced: the library's folders changed on disk

    def __init__(self, parent=None):
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._poke)
        self._watcher.fileChanged.connect(self._poke)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.changed)
        self._rescan = QTimer(self, interval=RESCAN_MS)
        self._rescan.timeout.connect(self.changed)

    def watch(self, roots: list[str]) -> None:
        """(Re)build the watch list: every root and its sub-folders, up to the cap."""
        old = self._watcher.directories() + self._watcher.files()
        if old:
            self._watcher.removePaths(old)
        dirs: list[str] = []
        for root in roots:
            if os.path.isfile(root):
                self._watcher.addPath(root)
                continue
            for dirpath, dirnames, _ in os.walk(root):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                dirs.append(dirpath)
                if len(dirs) >= MAX_WATCHED_DIRS:
                    break
        if dirs:
            self._watcher.addPaths(dirs)
        if roots:
            self._rescan.start()
        else:
            self._rescan.stop()

    def _poke(self, _path: str) -> None:
        self._debounce.start()
