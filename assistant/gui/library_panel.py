"""The library: folders the user added, each file's state, and indexing progress."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QProgressBar,
                               QPushButton, QStackedWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from assistant.core.scanning import under

PATH_ROLE = Qt.ItemDataRole.UserRole


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "…"
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class LibraryPanel(QWidget):
    add_requested = Signal(list)  # paths to add and index
    remove_requested = Signal(list)  # roots to forget (already confirmed)
    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._roots: dict[str, QTreeWidgetItem] = {}
        self._chunks: dict[str, int] = {}  # per file, for the running totals
        self.files_total = 0
        self.index_bytes = 0
        self.chunks_total = 0

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("File"), self.tr("State"), self.tr("Chunks")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.itemSelectionChanged.connect(self._update_buttons)

        self.empty = QLabel(self.tr("<h3>Your library is empty</h3>"
                                    "<p>Drop a folder or files here,<br>or click <b>Add folder…</b>.</p>"
                                    "<p>PDF, Word, HTML, Markdown and text files are indexed on this "
                                    "computer; nothing leaves it.</p>"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("emptyState")
        self.empty.setStyleSheet("#emptyState { border: 2px dashed palette(mid); border-radius: 12px;"
                                 " padding: 24px; }")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)

        self.add_button = QPushButton(self.tr("Add folder…"))
        self.add_button.clicked.connect(self.choose_folder)
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_files_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected folder from the library"))
        self.remove_button.clicked.connect(self.confirm_remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.add_files_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        self.totals = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop indexing; it resumes where it stopped next time"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        prow = QHBoxLayout()
        prow.addWidget(self.progress, 1)
        prow.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        pl = QVBoxLayout(self.progress_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addLayout(prow)
        pl.addWidget(self.progress_label)
        self.progress_box.hide()

        title = QLabel(self.tr("<b>Library</b>"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.totals)
        self.set_busy(False)
        self._update_buttons()

    # ---- user actions --------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder to the library"))
        if folder:
            self.add_requested.emit([folder])

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add files to the library"), "",
            self.tr("Documents (*.pdf *.docx *.html *.htm *.md *.markdown *.txt);;All files (*)"))
        if files:
            self.add_requested.emit(files)

    def selected_root(self) -> str | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0]
        while item.parent() is not None:
            item = item.parent()
        return item.data(0, PATH_ROLE)

    def confirm_remove(self) -> None:
        root = self.selected_root()
        if not root:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove from library"),
            self.tr("Remove {0} from the library?\n\nIts files stay on disk; only the index "
                    "entries are deleted.").format(root))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_requested.emit([root])

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.selected_root()) and not self._busy)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress_box.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)  # until the scan says how many files
            self.progress_label.setText(self.tr("Scanning…"))
        self._update_buttons()

    # ---- model updates -------------------------------------------------------------------
    def _state_text(self, state: str, reason: str | None) -> str:
        # The core's state names are stable keys; show them in the UI language.
        names = {"indexed": self.tr("indexed"), "pending": self.tr("pending"), "failed": self.tr("failed"),
                 "skipped": self.tr("skipped")}
        label = names.get(state, state)
        return f"{label}: {reason}" if reason else label

    def set_status(self, status: dict) -> None:
        """Rebuild from services.status(): roots as top-level rows, files beneath them."""
        roots = list(status.get("roots", []))
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        self._items.clear()
        self._roots.clear()
        self._chunks.clear()
        for root in roots:
            item = QTreeWidgetItem([root, "", ""])
            item.setData(0, PATH_ROLE, root)
            item.setToolTip(0, root)
            self.tree.addTopLevelItem(item)
            self._roots[root] = item
        for f in status.get("files", []):
            self._put_file(f["path"], f["state"], f.get("reason"), f.get("chunks", 0))
        for item in self._roots.values():
            item.setExpanded(len(self._roots) == 1)
        self.tree.setUpdatesEnabled(True)
        self.files_total = len(status.get("files", []))
        self.chunks_total = int(status.get("chunks", 0))
        self.index_bytes = int(status.get("index_bytes", 0))
        self._update_totals()
        self.stack.setCurrentWidget(self.tree if roots or status.get("files") else self.empty)
        self._update_buttons()

    def add_roots(self, paths: list[str]) -> None:
        """Show folders the user just added at once, before the indexer reports on them."""
        for path in paths:
            if path in self._roots or self._root_for(path) is not None:
                continue
            item = QTreeWidgetItem([path, self._state_text("pending", None), "0"])
            item.setData(0, PATH_ROLE, path)
            item.setToolTip(0, path)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)  # only works once the item is in the tree
            self._roots[path] = item
        if self._roots:
            self.stack.setCurrentWidget(self.tree)

    def _root_for(self, path: str) -> QTreeWidgetItem | None:
        for root, item in self._roots.items():
            if path == root or under(path, [root]):
                return item
        return None

    def _put_file(self, path: str, state: str, reason: str | None, chunks: int) -> None:
        item = self._items.get(path)
        if item is None:
            parent = self._root_for(path)
            if parent is not None and parent.data(0, PATH_ROLE) == path:
                item = parent  # a file added on its own is its own root
            else:
                item = QTreeWidgetItem()
                if parent is None:
                    self.tree.addTopLevelItem(item)
                    label = path
                else:
                    parent.addChild(item)
                    label = os.path.relpath(path, parent.data(0, PATH_ROLE))
                item.setText(0, label)
                item.setData(0, PATH_ROLE, path)
            item.setToolTip(0, path)
            self._items[path] = item
        item.setText(1, self._state_text(state, reason))
        item.setText(2, str(chunks))
        self._chunks[path] = chunks
        item.setData(1, PATH_ROLE, state)
        item.setToolTip(1, self._state_text(state, reason))
        if state == "failed":
            item.setForeground(1, self.palette().brush(self.palette().ColorRole.PlaceholderText))
        self._update_root_counts()

    def _update_root_counts(self) -> None:
        for item in self._roots.values():
            if item.childCount():
                n = item.childCount()
                chunks = sum(int(item.child(i).text(2) or 0) for i in range(n))
                item.setText(1, self.tr("%n file(s)", "", n))
                item.setText(2, str(chunks))

    def _update_totals(self) -> None:
        self.totals.setText(self.tr("{0} files, {1} chunks").format(self.files_total, self.chunks_total))

    def on_event(self, ev) -> None:
        """One core.indexer event, delivered on the GUI thread."""
        # Matched by class name so this module never imports the indexer (and its heavy deps).
        kind = type(ev).__name__
        if kind == "Scanned":
            self.progress.setRange(0, max(ev.to_index, 1))
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("%v / %m files"))
            self.progress_label.setText(
                self.tr("{0} to index, {1} unchanged").format(ev.to_index, ev.unchanged))
            self.stack.setCurrentWidget(self.tree)
        elif kind == "FileDone":
            self._put_file(ev.path, ev.state, ev.reason, ev.chunks)
            self.files_total = len(self._chunks)
            self.chunks_total = sum(self._chunks.values())
            self._update_totals()
        elif kind == "Progress":
            self.progress.setRange(0, max(ev.files_total, 1))
            self.progress.setValue(ev.files_done)
            self.progress_label.setText(
                self.tr("{0} chunks · {1:.1f} chunks/s · about {2} left").format(
                    ev.chunks_done, ev.chunks_per_s, format_eta(ev.eta_s)))
        elif kind == "Finished":
            self.progress.setValue(self.progress.maximum())
            self.progress_label.setText(self.tr("Finished: {0} indexed, {1} failed in {2:.1f} s").format(
                ev.files_indexed, ev.files_failed, ev.elapsed_s))
