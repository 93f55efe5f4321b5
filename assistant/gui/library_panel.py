"""The library: folders the user added, each file's state, and indexing progress."""
from __future__ import annotations

import os
import time

from PySide6.QtCore import QCoreApplication, QDir, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMenu, QMessageBox, QProgressBar,
                               QPushButton, QStackedWidget, QTreeView, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from assistant.core.ingest.scanning import under

PATH_ROLE = Qt.ItemDataRole.UserRole


def format_eta(seconds: float | None) -> str:
    """A duration in the UI language ("2 min 08 s", "2 分 08 秒")."""
    if seconds is None:
        return "…"
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return QCoreApplication.translate("LibraryPanel", "{0} s").format(seconds)
    if seconds < 3600:
        return QCoreApplication.translate("LibraryPanel", "{0} min {1:02d} s").format(seconds // 60, seconds % 60)
    return QCoreApplication.translate("LibraryPanel", "{0} h {1:02d} min").format(seconds // 3600, seconds % 3600 // 60)


class LibraryPanel(QWidget):
    add_requested = Signal(list)  # paths to add and index
    remove_requested = Signal(list)  # folders/files to forget (already confirmed)
    cancel_requested = Signal()
    open_requested = Signal(str)  # a file to show in the viewer

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._roots: dict[str, QTreeWidgetItem] = {}
        self._chunks: dict[str, int] = {}  # per file, for the running totals
        self._states: dict[str, str] = {}  # per file: the core's state
        # Per indexed file: whether its search vectors are in. Text comes first (keyword search
        # works for it at once), the vectors ("meaning search") after it.
        self._vectors: dict[str, bool] = {}
        self._text_left = False  # a run is reading files
        self._reading = ""  # the file read last
        self._emb_file = ""  # the file whose vectors are being added
        self._emb_base = 0  # the run's vectors_done when it became the one
        self._emb_done = 0  # its chunks with vectors so far
        self._vd_last = 0
        self._bulk = False
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
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        remove_key = QAction(self.tree)
        remove_key.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        remove_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.triggered.connect(self.confirm_remove)
        self.tree.addAction(remove_key)

        self.empty = QLabel(self.tr("<h3>Your library is empty</h3>"
                                    "<p>Drop a folder or files here,<br>or click <b>Add folder…</b>.</p>"
                                    "<p>PDFs (scanned ones too), Word, OpenDocument, e-books, slides, "
                                    "spreadsheets, mail, HTML, Markdown, text and photos of pages are "
                                    "indexed on this computer; nothing leaves it.</p>"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("emptyState")
        self.empty.setStyleSheet("#emptyState { border: 2px dashed palette(mid); border-radius: 12px;"
                                 " padding: 24px; }")
        # Until the library has opened: "empty" would be wrong for a library that is not.
        self.opening = QLabel(self.tr("Opening library…"))
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.opening)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)

        self.add_button = QPushButton(self.tr("Add folder…"))
        self.add_button.clicked.connect(self.choose_folder)
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_files_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("Remove…"))
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
        self.phase_label = QLabel()  # what the run is doing: reading, or adding meaning search
        self.phase_label.setWordWrap(True)
        self.current_label = QLabel()  # the file being read
        self.current_label.setTextFormat(Qt.TextFormat.PlainText)
        # The time left counts down between the indexer's reports (a batch can take a while).
        self._eta_deadline: float | None = None
        self._last_progress = None
        self._progress_at = 0.0
        self._eta_timer = QTimer(self)
        self._eta_timer.setInterval(1000)
        self._eta_timer.timeout.connect(self._show_progress)
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
        pl.addWidget(self.phase_label)
        pl.addWidget(self.progress_label)
        pl.addWidget(self.current_label)
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
    def _file_dialog(self, title: str, mode: QFileDialog.FileMode) -> QFileDialog:
        """The platform's dialog where there is one; Qt's own otherwise (its strings come from
        Qt's translations, see i18n), sized so that its side bar's places are not cut."""
        dialog = QFileDialog(self, title)
        dialog.setFileMode(mode)
        if mode == QFileDialog.FileMode.Directory:
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            dialog.setNameFilter(self.tr("Documents (*.pdf *.docx *.html *.htm *.md *.markdown *.txt);;All files (*)"))
        dialog.setDirectory(QDir.homePath())
        dialog.resize(max(dialog.width(), 900), max(dialog.height(), 520))
        sidebar = dialog.findChild(QWidget, "sidebar")
        if sidebar is not None:  # Qt's own dialog: room for "Computer" in any language
            sidebar.setMinimumWidth(sidebar.fontMetrics().horizontalAdvance("コンピューター__") + 48)
        details = dialog.findChild(QTreeView, "treeView")
        if details is not None:  # whole dates, not "29 11 2…6"
            details.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            details.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return dialog

    def choose_folder(self) -> None:
        dialog = self._file_dialog(self.tr("Add a folder to the library"), QFileDialog.FileMode.Directory)
        if dialog.exec() and dialog.selectedFiles():
            self.add_requested.emit(dialog.selectedFiles()[:1])

    def choose_files(self) -> None:
        dialog = self._file_dialog(self.tr("Add files to the library"), QFileDialog.FileMode.ExistingFiles)
        if dialog.exec() and dialog.selectedFiles():
            self.add_requested.emit(dialog.selectedFiles())

    def selected_path(self) -> str | None:
        """The selected folder or file: what Remove removes."""
        items = self.tree.selectedItems()
        return items[0].data(0, PATH_ROLE) if items else None

    def _is_file(self, path: str) -> bool:
        return path in self._items or os.path.isfile(path)

    def confirm_remove(self) -> None:
        path = self.selected_path()
        if not path or self._busy:
            return
        if self._is_file(path):
            text = self.tr("Remove the file {0} from the library?\n\nIt stays on disk; it is no "
                           "longer searched or indexed (add it again to bring it back).")
        else:
            text = self.tr("Remove the folder {0} and all its files from the library?\n\nThe "
                           "files stay on disk; only their index entries are deleted.")
        answer = QMessageBox.question(self, self.tr("Remove from library"), text.format(path))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_requested.emit([path])

    def _update_buttons(self) -> None:
        path = self.selected_path()
        if not path:
            self.remove_button.setText(self.tr("Remove…"))
            self.remove_button.setToolTip(self.tr("Select a folder or file to remove it from the library"))
        elif self._is_file(path):
            self.remove_button.setText(self.tr("Remove file…"))
            self.remove_button.setToolTip(self.tr("Remove {0} from the library").format(path))
        else:
            self.remove_button.setText(self.tr("Remove folder…"))
            self.remove_button.setToolTip(self.tr("Remove {0} and its files from the library").format(path))
        self.remove_button.setEnabled(bool(path) and not self._busy)

    def _on_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        path = item.data(0, PATH_ROLE)
        if path and self._is_file(path):
            self.open_requested.emit(path)

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        self.tree.setCurrentItem(item)
        path = item.data(0, PATH_ROLE)
        menu = QMenu(self)
        if self._is_file(path):
            menu.addAction(self.tr("Open"), lambda: self.open_requested.emit(path))
        remove = menu.addAction(self.remove_button.text(), self.confirm_remove)
        remove.setEnabled(self.remove_button.isEnabled())
        menu.popup(self.tree.viewport().mapToGlobal(pos))
        self.context_menu = menu  # kept for tests

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress_box.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)  # until the indexer says how much there is to do
            self.progress.setFormat("")
            self.progress_label.setText(self.tr("Scanning…"))
            self.current_label.clear()
            self._eta_deadline, self._last_progress = None, None
            self.progress.setValue(0)
            self._text_left, self._reading = True, ""
            self.phase_label.clear()
            self._emb_file, self._emb_base, self._emb_done, self._vd_last = "", 0, 0, 0
        else:
            self._eta_timer.stop()
            self._text_left, self._reading, self._emb_file = False, "", ""
        self._update_buttons()
        self._update_root_counts()

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
        # Kept across the rebuild: a refresh after each run must not drop what the user
        # selected (Remove would then do nothing) or folded.
        selected = self.selected_path()
        expanded = {p for p, it in self._roots.items() if it.isExpanded()} if self._roots else None
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        self._items.clear()
        self._roots.clear()
        self._chunks.clear()
        self._states.clear()
        self._vectors = {f["path"]: bool(f.get("vectors", True)) for f in status.get("files", [])}
        for root in roots:
            item = QTreeWidgetItem([root, "", ""])
            item.setData(0, PATH_ROLE, root)
            item.setToolTip(0, root)
            self.tree.addTopLevelItem(item)
            self._roots[root] = item
        self._bulk = True  # the folders' states once, at the end
        try:
            # Mails before their attachments, which are shown inside them.
            for f in sorted(status.get("files", []), key=lambda f: "parent" in f):
                self._put_file(f["path"], f["state"], f.get("reason"), f.get("chunks", 0), f.get("detail"))
        finally:
            self._bulk = False
        self._update_root_counts()
        for path, item in self._roots.items():
            item.setExpanded(path in expanded if expanded is not None else len(self._roots) == 1)
        keep = self._items.get(selected) or self._roots.get(selected)
        if keep is not None:
            self.tree.setCurrentItem(keep)
        self.tree.setUpdatesEnabled(True)
        self.files_total = len(status.get("files", []))
        self.chunks_total = int(status.get("chunks", 0))
        self.index_bytes = int(status.get("index_bytes", 0))
        self._update_totals()
        self.stack.setCurrentWidget(self.tree if roots or status.get("files") else self.empty)
        self._update_buttons()

    def has_content(self) -> bool:
        """Anything added to the library (indexed or not yet)."""
        return bool(self._roots or self._items)

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

    # Set by the window: where mails' attachments are written (core/ingest/attachments.py).
    attachments_dir: str | None = None

    def _mail_of(self, path: str) -> QTreeWidgetItem | None:
        if not self.attachments_dir:
            return None
        from assistant.core.ingest.attachments import parent

        mail = parent(self.attachments_dir, path)
        return self._items.get(mail) if mail else None

    def _put_file(self, path: str, state: str, reason: str | None, chunks: int, detail: str | None = None) -> None:
        item = self._items.get(path)
        if item is None:
            parent = self._root_for(path)
            mail = self._mail_of(path) if parent is None else None
            if parent is not None and parent.data(0, PATH_ROLE) == path:
                item = parent  # a file added on its own is its own root
            elif mail is not None:
                # A mail's attachment lives in the data folder; it is shown inside its mail.
                item = QTreeWidgetItem()
                mail.addChild(item)
                item.setText(0, "📎 " + os.path.basename(path))
                item.setData(0, PATH_ROLE, path)
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
        self._states[path] = state
        item.setData(1, PATH_ROLE, state)
        # The detail says why, or what was left out of an indexed file (scanned pages, OCR off).
        item.setToolTip(1, self._state_text(state, reason) + (f"\n{detail}" if detail else ""))
        if state == "failed":
            item.setForeground(1, self.palette().brush(self.palette().ColorRole.PlaceholderText))
        self._update_root_counts()

    def _files_under(self, root: str) -> list[str]:
        return [p for p in self._items if p == root or under(p, [root])]

    def folder_state(self, root: str) -> tuple[str, int | None]:
        """("reading", None): a run is reading its files (keyword search already works for
        what is read); ("vectors", percent): its text is in and the meaning search is being
        added; ("ready", None): searched both ways; ("", None): nothing indexed yet."""
        files = self._files_under(root)
        if self._busy and self._text_left and (
                not files or any(self._states.get(p) == "pending" for p in files)
                or (self._reading and (self._reading == root or under(self._reading, [root])))):
            return "reading", None
        indexed = [p for p in files if self._states.get(p) == "indexed"]
        owed = [p for p in indexed if not self._vectors.get(p, True)]
        if owed:
            total = sum(self._chunks.get(p, 0) for p in indexed) or 1
            done = sum(self._chunks.get(p, 0) for p in indexed if self._vectors.get(p, True))
            if self._emb_file in owed:
                done += min(self._emb_done, self._chunks.get(self._emb_file, 0))
            return "vectors", min(99, int(100 * done / total))
        if indexed:
            return "ready", None
        return "", None

    def folder_state_text(self, root: str, known: tuple[str, int | None] | None = None) -> str:
        state, pct = known or self.folder_state(root)
        if state == "reading":
            return self.tr("reading files… (keyword search works for what is read)")
        if state == "vectors":
            return self.tr("adding meaning search: {0}%").format(pct)
        if state == "ready":
            return self.tr("ready")
        return ""

    def library_state_text(self) -> str:
        """The whole library in a few words, for the status bar: the least ready folder."""
        states = [self.folder_state(r) for r in self._roots]
        if any(s == "reading" for s, _ in states):
            return self.tr("reading files…")
        owed = [p for s, p in states if s == "vectors"]
        if owed:
            return self.tr("adding meaning search: {0}%").format(min(owed))
        return self.tr("ready") if any(s == "ready" for s, _ in states) else ""

    def _update_root_counts(self) -> None:
        tip = self.tr("Reading files: keyword search already works for the files read; meaning "
                      "search (by sense, across languages) is added after.")
        if self._bulk:
            return
        for path, item in self._roots.items():
            key, pct = self.folder_state(path)
            state = self.folder_state_text(path, (key, pct))
            if item.childCount():
                n = item.childCount()
                chunks = sum(int(item.child(i).text(2) or 0) for i in range(n))
                text = self.tr("%n file(s)", "", n)
                item.setText(1, f"{text} · {state}" if state else text)
                item.setText(2, str(chunks))
            elif path not in self._items or key == "reading":
                item.setText(1, state or self._state_text("pending", None))
            item.setData(2, PATH_ROLE, key)
            item.setToolTip(1, tip if key in ("reading", "vectors") else item.text(1))

    def on_vectors(self, states: dict) -> None:
        """Which files have their search vectors now (read by the worker during a run)."""
        self._vectors.update(states)
        if self._emb_file and states.get(self._emb_file):
            self._emb_file = ""
        self._update_root_counts()

    def _update_totals(self) -> None:
        self.totals.setText(self.tr("{0} files, {1} chunks").format(self.files_total, self.chunks_total))

    def on_event(self, ev) -> None:
        """One core.indexer event, delivered on the GUI thread."""
        # Matched by class name so this module never imports the indexer (and its heavy deps).
        kind = type(ev).__name__
        if kind == "Scanned":
            self._text_left = ev.to_index > 0
            self.progress.setRange(0, 0)  # moving, until the first batch is written
            self.progress_label.setText(
                self.tr("{0} to index, {1} unchanged").format(ev.to_index, ev.unchanged))
            self.stack.setCurrentWidget(self.tree)
        elif kind == "FileDone":
            if ev.state == "indexed":
                self._vectors[ev.path] = False  # its text is in; its vectors come next
            self._reading = ev.path
            self._put_file(ev.path, ev.state, ev.reason, ev.chunks)
            self.files_total = len(self._chunks)
            self.chunks_total = sum(self._chunks.values())
            self._update_totals()
        elif kind == "Progress":
            self._last_progress = ev
            self._progress_at = time.monotonic()
            v_done, v_total = getattr(ev, "vectors_done", 0), getattr(ev, "vectors_total", 0)
            text_done = ev.files_done >= ev.files_total
            self._text_left = not text_done
            if getattr(ev, "phase", "text") == "vectors" and ev.current:
                if ev.current != self._emb_file:
                    # The embedder works through files in order: the one before is done.
                    if self._emb_file:
                        self._vectors[self._emb_file] = True
                    self._emb_file, self._emb_base = ev.current, self._vd_last
                self._emb_done = max(0, v_done - self._emb_base)
            elif ev.current:
                self._reading = ev.current
            self._vd_last = v_done
            self.phase_label.setText(self._phase_text(text_done, v_done, v_total, ev))
            self._update_root_counts()
            if v_total > 0 and v_done == 0:
                # Vectors are owed and their speed is not known yet: the indexer's estimate
                # covers the reading only, and "finishing…" would be a promise the next
                # half minute breaks.
                self._eta_deadline = None
            elif ev.eta_s is not None:
                self._eta_deadline = self._progress_at + ev.eta_s
            if text_done and v_total and v_done < v_total:
                self.current_label.setText(self.tr("Adding search vectors: {0} / {1} chunks").format(v_done, v_total))
                self.current_label.setToolTip(ev.current)
            elif ev.current:
                name = os.path.basename(ev.current)
                vectors = getattr(ev, "phase", "text") == "vectors"
                self.current_label.setText(self.tr("Adding search vectors: {0}").format(name) if vectors
                                           else self.tr("Reading {0}").format(name))
                self.current_label.setToolTip(ev.current)
            self._show_progress()
            self._eta_timer.start()
        elif kind == "Finished":
            # The run ends only when every file read has its vectors.
            for p, st in self._states.items():
                if st == "indexed":
                    self._vectors[p] = True
            self._text_left, self._emb_file = False, ""
            self.phase_label.setText(self.tr("Ready: keyword and meaning search work for every file."))
            self._update_root_counts()
            self._eta_timer.stop()
            self.current_label.clear()
            self.progress.setRange(0, 1)
            self.progress.setValue(1)
            self.progress_label.setText(self.tr("Finished: {0} indexed, {1} failed in {2:.1f} s").format(
                ev.files_indexed, ev.files_failed, ev.elapsed_s))

    def _phase_text(self, text_done: bool, v_done: int, v_total: int, ev=None) -> str:
        if getattr(ev, "ocr_pages", 0):
            return self.tr("Reading scanned files with OCR: file {0} of {1}, page {2} of {3} "
                           "(the rest is searchable)").format(ev.ocr_files_done + 1, ev.ocr_files_total,
                                                              ev.ocr_page, ev.ocr_pages)
        if not text_done:
            return self.tr("Reading files… (keyword search works for what is read)")
        if v_total and v_done < v_total:
            return self.tr("Adding meaning search: {0}%").format(int(100 * v_done / v_total))
        return self.tr("Finishing the search index…")

    @staticmethod
    def _work_fraction(ev) -> float | None:
        """How much of the run is done: bytes read (one big PDF no longer holds "0 / 53
        files"), and where the indexer reports them, the search vectors added, which take most
        of the time (their total is extrapolated from the share of bytes read so far)."""
        done, total = getattr(ev, "bytes_done", 0), getattr(ev, "bytes_total", 0)
        if not (done and total):
            return None
        read = min(done / total, 1.0)
        v_done, v_total = getattr(ev, "vectors_done", 0), getattr(ev, "vectors_total", 0)
        if not v_total:
            return read
        return 0.2 * read + 0.8 * min(v_done / (v_total / read), 1.0)

    def _show_progress(self) -> None:
        """The bar from the last report; the time left from it and the clock, so it counts
        down between reports (a batch of a big PDF can take half a minute)."""
        ev = self._last_progress
        if ev is None:
            return
        now = time.monotonic()
        fraction = self._work_fraction(ev)
        if fraction is not None:
            self.progress.setRange(0, 1000)
            self.progress.setValue(max(self.progress.value(), min(999, int(1000 * fraction))))
            self.progress.setFormat("%p%")
        files = self.tr("{0} / {1} files").format(ev.files_done, ev.files_total)
        if self._eta_deadline is None:
            left = self.tr("estimating the time left…")
        else:
            remaining = self._eta_deadline - now
            left = (self.tr("about {0} left").format(format_eta(remaining)) if remaining >= 1
                    else self.tr("finishing…"))
        self.progress_label.setText(self.tr("{0} · {1} chunks · {2}").format(files, ev.chunks_done, left))
