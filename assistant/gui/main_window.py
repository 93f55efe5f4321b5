"""The main window: library on the left, chats in the middle, status bar below.

It owns the two worker threads and wires their signals to the panels; it never runs core
work itself, so the event loop stays free while indexing or answering.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QSplitter, QVBoxLayout, QWidget

from assistant.gui.help_menu import HelpMenu

from assistant.gui.chat_view import ChatView
from assistant.gui.conversation_list import ConversationList
from assistant.gui.conversations import ConversationStore
from assistant.gui.folder_watch import FolderWatch
from assistant.gui.library_panel import LibraryPanel
from assistant.gui.model_offer import ModelOffer
from assistant.gui.settings_dialog import SettingsDialog, model_changed
from assistant.gui.viewer import Viewer
from assistant.gui.workers import IndexWorker, ModelWorker


class MainWindow(QMainWindow):
    # Requests to the workers; emitted here, run there (queued across threads).
    _open_library = Signal()
    _index = Signal(list)
    _forget = Signal(list)
    _load_model = Signal()
    _reload_model = Signal()
    _describe_models = Signal()
    _ask = Signal(int, str, list)

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.data_dir = Path(services.data_dir)
        self.setWindowTitle(self.tr("Document Assistant"))
        self.setAcceptDrops(True)
        self.library_open = False
        self.embedder_ready = False
        self.indexing = False
        self._queued: list[str] = []
        self.models_info: dict | None = None
        self.model_info: dict | None = None
        self.last_error = ""
        self.last_index_completed: bool | None = None
        self._model_fallback: str | None = None  # the model path to go back to if a new one fails
        self.settings_dialog: SettingsDialog | None = None

        self.watch = FolderWatch(self)
        # Files added, changed or deleted in a library folder: re-index (incremental).
        self.watch.changed.connect(self._on_folders_changed)
        self.conversations = ConversationStore(self.data_dir)
        self.library = LibraryPanel()
        self.library.attachments_dir = services.attachments_dir
        self.chats = ConversationList(self.conversations)
        self.chat = ChatView(self.conversations)
        self.viewer: Viewer | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.chats)
        self.splitter.addWidget(self.chat)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setSizes([420, 200, 780])
        self.model_offer = ModelOffer()
        self.model_offer.choose.connect(self._choose_offered_model)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.model_offer)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()

        self.library.add_requested.connect(self.add_paths)
        self.library.remove_requested.connect(self.remove_roots)
        self.library.cancel_requested.connect(self.cancel_indexing)
        self.library.open_requested.connect(self.open_file)
        self.chats.opened.connect(self.chat.show_conversation)
        self.chats.new_requested.connect(self.new_chat)
        self.chats.deleted.connect(self._on_chat_deleted)
        self.chat.conversation_changed.connect(self.chats.upsert)
        self.chat.source_activated.connect(self.show_source)
        self.chat.quote_activated.connect(self.show_source)
        self.chat.settings_requested.connect(self.open_settings)

        self._start_workers()
        self._restore_geometry()
        # Opening takes a moment, except on the first start, when the search model is prepared
        # (about 15 s): then say why the wait is longer.
        QTimer.singleShot(2500, self._still_opening)

    # ---- construction --------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.add_action = QAction(self.tr("&Add folder…"), self)
        self.add_action.setShortcut(QKeySequence.StandardKey.Open)
        self.add_action.triggered.connect(self.library.choose_folder)
        add_files = QAction(self.tr("Add &files…"), self)
        add_files.triggered.connect(self.library.choose_files)
        self.reindex_action = QAction(self.tr("&Update index"), self)
        self.reindex_action.setToolTip(self.tr("Index new and changed files in every library folder"))
        self.reindex_action.triggered.connect(lambda: self.add_paths([]))
        settings = QAction(self.tr("&Settings…"), self)
        settings.setShortcut(QKeySequence.StandardKey.Preferences)
        settings.triggered.connect(lambda: self.open_settings())
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for a in (self.add_action, add_files, self.reindex_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(settings)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        chat_menu = self.menuBar().addMenu(self.tr("&Chat"))
        new_chat = QAction(self.tr("&New chat"), self)
        new_chat.setShortcut(QKeySequence.StandardKey.New)
        new_chat.triggered.connect(self.new_chat)
        stop = QAction(self.tr("&Stop answer"), self)
        stop.triggered.connect(self.chat.stop)
        chat_menu.addAction(new_chat)
        chat_menu.addAction(stop)
        chat_menu.addSeparator()
        chat_menu.addAction(self.chats.rename_action)
        chat_menu.addAction(self.chats.delete_action)
        self.help = HelpMenu(self)

    def _build_status_bar(self) -> None:
        self.model_label = QLabel(self.tr("Model: not loaded"))
        self.library_label = QLabel(self.tr("Opening library…"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.hide()
        bar = self.statusBar()
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.model_label)
        bar.addPermanentWidget(self.library_label)

    def _start_workers(self) -> None:
        self.indexer = IndexWorker(self.services)
        iw = self.indexer
        self._open_library.connect(iw.open)
        self._index.connect(iw.index)
        self._forget.connect(iw.forget)
        iw.opened.connect(self._on_opened)
        iw.open_failed.connect(self._on_open_failed)
        iw.warmed.connect(self._on_warmed)
        iw.status.connect(self._on_status)
        iw.started.connect(self._on_index_started)
        iw.event.connect(self.library.on_event)
        iw.vectors.connect(self.library.on_vectors)
        iw.vectors.connect(self._on_index_event)
        iw.event.connect(self._on_index_event)
        iw.finished.connect(self._on_index_finished)
        iw.failed.connect(self._show_error)

        self.model = ModelWorker(self.services)
        mw = self.model
        self._load_model.connect(mw.load)
        self._reload_model.connect(mw.reload)
        self._describe_models.connect(mw.describe)
        self._ask.connect(mw.ask)
        mw.loading.connect(self._on_model_loading)
        mw.loaded.connect(self._on_model_loaded)
        mw.load_failed.connect(self._on_model_failed)
        mw.models.connect(self._on_models)
        mw.sources.connect(self.chat.on_sources)
        mw.quotes.connect(self.chat.on_quotes)
        mw.ask_load_failed.connect(self._on_model_failed_while_answering)
        mw.token.connect(self.chat.on_token)
        mw.done.connect(self.chat.on_done)
        mw.failed.connect(self.chat.on_failed)
        self.chat.ask_requested.connect(self._queue_question)
        self.chat.stop_requested.connect(self.stop_answer)

        iw.start()
        mw.start()
        # Queued until the event loop runs, so the window shows first.
        self._open_library.emit()
        self._describe_models.emit()
        self._load_model.emit()

    # ---- library -------------------------------------------------------------------------
    def add_paths(self, paths: list) -> None:
        """Add files/folders and index them (what a drop, Ctrl+O and the buttons call).
        An empty list re-indexes every root."""
        paths = [os.path.abspath(p) for p in paths]
        self.library.add_roots(paths)
        self.chat.library_empty = not self.library.has_content()
        if self.indexing or not self.library_open:
            self._queued.extend(paths or [])
            if not paths:
                self._queued.append("")
            return
        self._queue_index(paths)

    def remove_roots(self, roots: list) -> None:
        """Forget folders or single files (a file inside a library folder stays out of it)."""
        if self.indexing:
            self._show_error(self.tr("Wait for indexing to finish before removing anything from the library."))
            return
        self._forget.emit(list(roots))

    def _queue_question(self, request: int, question: str, earlier: list | None = None) -> None:
        self.model.reset_cancel()
        self._ask.emit(request, question, list(earlier or []))

    def _queue_index(self, paths: list) -> None:
        self.indexer.reset_cancel()
        self._index.emit(paths)
        self._set_indexing(True)

    def stop_answer(self) -> None:
        # Set directly from this thread: the model thread is busy in the generator and only
        # looks at the flag between tokens.
        self.model.cancel()

    def cancel_indexing(self) -> None:
        self.indexer.cancel()
        self.statusBar().showMessage(self.tr("Stopping indexing…"), 3000)

    # Bound methods, not lambdas, on worker signals: a lambda has no receiver thread, so Qt
    # could not queue it onto the GUI thread.
    def _on_index_started(self) -> None:
        self._set_indexing(True)

    def _on_model_loading(self) -> None:
        self._set_model_busy(True)

    def _set_indexing(self, on: bool) -> None:
        self.indexing = on
        self.library.set_busy(on)
        self.reindex_action.setEnabled(not on)

    def _on_folders_changed(self) -> None:
        if not self.library_open:
            return
        if self.indexing:
            if "" not in self._queued:
                self._queued.append("")
            return
        self._queue_index([])

    def _on_opened(self, status: dict) -> None:
        self.library_open = True
        if self.model_label.text() != self.tr("Loading model…"):
            self.busy.hide()
        if not self.embedder_ready:
            # The first start prepares the embedding model (an export of ~15 s): say so if the
            # warm-up has not finished in a moment.
            QTimer.singleShot(800, self._say_preparing)
        self.watch.watch(list(self.services.settings.roots))
        self.chat.set_ready(True)
        if self.services.settings_warning:
            self._show_error(self.services.settings_warning)
        if not self._queued and any(f.get("state") == "pending" or f.get("vectors") is False
                                    for f in status.get("files", [])):
            # A run was interrupted (closed, crashed, power cut): finish it now, or add the
            # search vectors it still owed. Its first step also drops chunks the interrupted
            # batch wrote without their files row.
            self._queued.append("")
        self._run_queued()

    def _still_opening(self) -> None:
        if not self.library_open and self.library.stack.currentWidget() is self.library.opening:
            self.library.opening.setText(self.tr(
                "<p>Opening library…</p><p>The first start prepares the search model on this "
                "computer, which takes a little while.</p>"))
            self.busy.show()

    def _say_preparing(self) -> None:
        if not self.embedder_ready:
            self.statusBar().showMessage(self.tr("Preparing the search model (the first start takes a little while)…"))
            self.busy.show()

    def _on_warmed(self) -> None:
        self.embedder_ready = True
        self.statusBar().clearMessage()
        if self.model_label.text() != self.tr("Loading model…"):
            self.busy.hide()

    def _on_open_failed(self, error: str) -> None:
        self.library_label.setText(self.tr("Library unavailable"))
        self._show_error(self.tr("The library could not be opened: {0}").format(error))

    def _on_status(self, status: dict) -> None:
        self.library.set_status(status)
        self._update_library_label()
        self.chat.library_empty = not self.library.has_content()

    def _on_index_event(self, _ev) -> None:
        self._update_library_label()

    def _update_library_label(self) -> None:
        text = self.tr("Library: {0} files, {1} chunks").format(
            self.library.files_total, self.library.chunks_total)
        if self.library.index_bytes:
            # Size on disk, so a user with a huge library sees what it costs.
            text += f" · {self.library.index_bytes / 1e6:.1f} MB"
        state = self.library.library_state_text()
        if state:
            text += f" · {state}"
        self.library_label.setText(text)

    def _on_index_finished(self, completed: bool) -> None:
        self.last_index_completed = completed
        self._set_indexing(False)
        self.watch.watch(list(self.services.settings.roots))  # new roots and sub-folders
        if not completed:
            self.statusBar().showMessage(self.tr("Indexing stopped; it resumes next time."), 5000)
        self._run_queued()

    def _run_queued(self) -> None:
        if self._queued and not self.indexing and self.library_open:
            queued, self._queued = self._queued, []
            paths = [p for p in queued if p]
            # A queued "update everything" wins over specific paths: roots include them.
            self._queue_index([] if "" in queued else list(dict.fromkeys(paths)))

    # ---- drag and drop -------------------------------------------------------------------
    @staticmethod
    def _local_paths(mime) -> list[str]:
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if self._local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = self._local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # ---- model ---------------------------------------------------------------------------
    def _set_model_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            self.model_label.setText(self.tr("Loading model…"))

    def _on_model_loaded(self, info: dict) -> None:
        self._model_fallback = None  # the new choice works: it stays
        self.model_info = info
        self._set_model_busy(False)
        self.model_label.setText(self.tr("Model: {0} ({1})").format(info["name"], info["device"]))
        self.model_label.setToolTip(info.get("note") or "")  # e.g. why only some layers are on the GPU
        if info.get("note"):
            self.statusBar().showMessage(info["note"], 8000)

    def _on_model_failed(self, error: str) -> None:
        self._set_model_busy(False)
        self.model_info = None
        self.model_label.setText(self.tr("Model: failed to load"))
        fallback = getattr(self, "_model_fallback", None)
        if fallback is not None and self.services.settings.model_path != fallback:
            # A model chosen in Settings that does not load is not kept as the choice: the
            # previous one is saved back and loaded again.
            self._model_fallback = None
            failed = self.services.settings.model_path
            self.services.settings = dataclasses.replace(self.services.settings, model_path=fallback)
            self.services.save_settings()
            self._reload_model.emit()
            self._describe_models.emit()
            self._show_error(self.tr("The model {0} could not be loaded: {1}\nThe previous model is "
                                     "kept.").format(os.path.basename(failed), error))
            return
        self._show_error(self.tr("The model could not be loaded: {0}\nChoose another model in "
                                 "Settings; the library still works.").format(error))

    def _on_model_failed_while_answering(self, error: str) -> None:
        """The answer shows the error next to its quotes and sources; the status bar says it too."""
        self._set_model_busy(False)
        self.model_info = None
        self.model_label.setText(self.tr("Model: failed to load"))
        self.last_error = error

    def _on_models(self, info: dict) -> None:
        self.models_info = info
        settings = self.services.settings
        if not settings.model_offer_shown and not settings.model_path and not self.services.llm_url():
            from PySide6.QtCore import QLocale

            japanese = settings.language == "ja" or (not settings.language and QLocale.system().name().startswith("ja"))
            self.model_offer.offer(info, japanese)
            settings.model_offer_shown = True  # once: Settings → Models stays for later
            self.services.save_settings()

    def _choose_offered_model(self) -> None:
        dialog = self.open_settings("models")
        models = dialog.open_models()
        suggested = getattr(self.model_offer, "suggested", None)
        if suggested is not None and models is not None:
            models.select(suggested["name"])

    def open_settings(self, part: str = "") -> SettingsDialog:
        """The settings dialog; `part` ("models") opens it on that part, as the note under a
        small model's answer does."""
        dialog = SettingsDialog(self.services.settings, self.models_info, self, services=self.services)
        self.settings_dialog = dialog  # kept for tests
        dialog.accepted.connect(lambda: self.apply_settings(dialog.result_settings()))
        dialog.open()  # non-blocking; the event loop keeps running
        if part:
            dialog.show_part(part)
        return dialog

    def apply_settings(self, new) -> None:
        old = self.services.settings
        # The indexer may have added roots while the dialog was open; keep them.
        new.roots = list(old.roots)
        if new.embedder != old.embedder and self.indexing:
            self._show_error(self.tr("Wait for indexing to finish before changing the embedder."))
            new.embedder = old.embedder
        self.services.settings = new
        self.services.save_settings()
        if new.embedder != old.embedder:
            self._switch_embedder()
        if new.ocr and not old.ocr and new.roots:
            self.add_paths([])  # the scans skipped while OCR was off are read now
        if model_changed(old, new):
            if new.model_path != old.model_path:
                # Until the new model has loaded, the previous one stays the choice to go back to.
                self._model_fallback = old.model_path
            self._reload_model.emit()
            self._describe_models.emit()

    def _switch_embedder(self) -> None:
        """Build the new embedder's index (search stays on the old one until it is complete)."""
        from assistant.gui.workers import _open_lock

        with _open_lock:  # no worker is building these parts right now
            self.services.forget_parts()
        if self.services.settings.roots:
            self.statusBar().showMessage(self.tr(
                "Re-embedding the library for {0}; search uses the previous embedder until it is done.").format(
                self.services.settings.embedder), 15000)
            self.add_paths([])

    # ---- chat ----------------------------------------------------------------------------
    def new_chat(self) -> None:
        self.chat.new_conversation()
        self.chats.list.clearSelection()

    def _on_chat_deleted(self, conv_id: str) -> None:
        if self.chat.conversation.id == conv_id:
            self.chat.new_conversation()

    def show_source(self, source: dict, highlight: str | None = None) -> None:
        if self.viewer is None:
            self.viewer = Viewer(self)
            self.viewer.ocr_dir = self.services.ocr_dir  # scanned pages are highlighted from their word boxes
        self.viewer.missing_hint = self.tr(
            "This library is shared: if its folders are in another place on this computer, say where in "
            "Settings → Library → Shared folders on this computer.") if self.services.index_uri() else ""
        self.viewer.show_source({**source, "path": self.services.local_path(source["path"])}, highlight)

    def open_file(self, path: str) -> None:
        """A file double-clicked in the library: shown from its start, nothing highlighted."""
        self.show_source({"path": path, "page": 1 if path.lower().endswith(".pdf") else None,
                          "heading": None, "text": ""})

    # ---- messages ------------------------------------------------------------------------
    def _show_error(self, text: str) -> None:
        """Non-blocking: a modeless message box, and the text kept for tests and logs."""
        self.last_error = text
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Document Assistant"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def bring_to_front(self) -> None:
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    # ---- geometry and shutdown -----------------------------------------------------------
    def _qsettings(self) -> QSettings:
        # Kept in the data dir so each library (and each test) has its own.
        return QSettings(str(self.data_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        qs = self._qsettings()
        geom = qs.value("geometry")
        if isinstance(geom, QByteArray) and not geom.isEmpty():
            self.restoreGeometry(geom)
        else:
            self.resize(1400, 860)
        split = qs.value("splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.splitter.restoreState(split)

    def closeEvent(self, event) -> None:  # noqa: N802
        qs = self._qsettings()
        qs.setValue("geometry", self.saveGeometry())
        qs.setValue("splitter", self.splitter.saveState())
        qs.sync()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop both workers (each finishes its current step), then free the model."""
        if getattr(self, "_shut", False):
            return
        self._shut = True
        self.indexer.cancel()
        self.model.cancel()
        ended = self.indexer.stop_thread(30000)
        ended = self.model.stop_thread(30000) and ended
        # A worker still inside a call that cannot be interrupted (the first start's ONNX export,
        # a model load): the app leaves without it (app.py exits the process), and the model is
        # not freed under it.
        self.threads_left = not ended
        if ended:  # both threads have ended, so nothing else can touch the model now
            self.services.close()
        if self.viewer is not None:
            self.viewer.close()


