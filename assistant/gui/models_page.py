"""The Models page: the catalog with a fit mark, Japanese and the licence shown before a
download, the models already on this computer, and downloads with progress and Cancel.

The download runs on its own QThread (DownloadWorker); only Qt signals cross threads. Cancel
stops iterating the core generator: the .part file stays, and a later Download resumes it.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from assistant.gui.workers import user_message


def _size(n) -> str:
    if not n:
        return "?"
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def _catalog_only(services) -> dict:
    """The catalog with fit marks and the files in the models folder, without asking llama.cpp."""
    from assistant.core.models import catalog
    from assistant.core.platform import paths

    here = catalog.machine()
    folder = paths.models_dir(services.data_dir)
    found = [{"name": f.name, "path": str(f)} for f in sorted(folder.glob("*.gguf"))] if folder.is_dir() else []
    files = {f["name"] for f in found}
    return {"models": found, "catalog": [e.to_json(catalog.fit(e, here), bool(e.file and e.file in files))
                                         for e in catalog.load()],
            "machine": {"ram_bytes": here.ram_bytes, "gpu": here.gpu, "vram_free_bytes": here.vram_bytes}}


class DownloadWorker(QObject):
    """services.download_model(name) on its own thread. Signals: progress(done, total, speed),
    done(path), failed(sentence), cancelled()."""
    progress = Signal(object, object, float)
    retrying = Signal(int, int, str)  # attempt, of, why
    done = Signal(str)
    failed = Signal(str)
    cancelled = Signal()
    _start = Signal(str)

    def __init__(self, services):
        super().__init__()
        self.services = services
        self._cancel = threading.Event()
        self.qthread = QThread()
        self.qthread.setObjectName("download")
        self.moveToThread(self.qthread)
        self._start.connect(self.download)
        self.qthread.start()

    def begin(self, name: str) -> None:
        """From the GUI thread: queue a download."""
        self._cancel.clear()
        self._start.emit(name)

    def cancel(self) -> None:
        self._cancel.set()

    def stop_thread(self, wait_ms: int = 10000) -> None:
        self._cancel.set()
        self.qthread.quit()
        self.qthread.wait(wait_ms)

    @Slot(str)
    def download(self, name: str) -> None:
        from assistant.core.models import download

        gen = None
        try:
            gen = self.services.download_model(name)
            for ev in gen:
                if self._cancel.is_set():
                    gen.close()  # the .part file stays; a later download resumes it
                    self.cancelled.emit()
                    return
                if isinstance(ev, download.Progress):
                    self.progress.emit(ev.done, ev.total, float(ev.bytes_per_s))
                elif isinstance(ev, download.Retrying):
                    self.retrying.emit(ev.attempt, ev.of, ev.reason)
                elif isinstance(ev, download.Done):
                    self.done.emit(str(ev.path))
                    return
            self.failed.emit("the download ended without a file")
        except Exception as exc:  # noqa: BLE001 - DownloadError is one sentence; others too
            self.failed.emit(user_message(exc))


class ModelsDialog(QDialog):
    """`use_model(path)` is emitted when the user picks a downloaded model."""
    use_model = Signal(str)

    COLS = 6

    def __init__(self, services, models: dict | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        self.resize(820, 460)
        self.services = services
        models = dict(models or {})
        if "catalog" not in models:  # the window has not described its models yet
            models.update(_catalog_only(services))
        self.worker: DownloadWorker | None = None
        self.downloading: str | None = None
        self.paths: dict[str, str] = {}  # catalog name -> installed file
        local = {m["name"]: m.get("path") for m in models.get("models", []) if m.get("path")}
        self.entries = [e for e in models.get("catalog", []) if e.get("kind") == "llm"]

        intro = QLabel(self.tr("The bundled model is tiny; pick one that fits this computer. "
                               "A download is the only time the app uses the network."))
        intro.setWordWrap(True)
        machine = models.get("machine") or {}
        mline = self.tr("This computer: {0} RAM").format(_size(machine.get("ram_bytes")))
        if machine.get("gpu"):
            mline += self.tr(", {0} with {1} free").format(machine["gpu"], _size(machine.get("vram_free_bytes")))
        self.machine_label = QLabel(mline)

        self.table = QTableWidget(len(self.entries), self.COLS)
        self.table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Size"), self.tr("Fit"),
                                              self.tr("Japanese"), self.tr("Licence"), self.tr("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fits = {"fits": self.tr("fits"), "tight": self.tr("tight"), "too big": self.tr("too big")}
        for row, e in enumerate(self.entries):
            if e.get("installed") and e.get("file") in local:
                self.paths[e["name"]] = local[e["file"]]
            jp = e.get("japanese")
            cells = [e["name"], _size(e.get("size_bytes")), fits.get(e.get("fit"), self.tr("unknown")),
                     self.tr("yes") if jp else self.tr("no") if jp is False else self.tr("unknown"),
                     e.get("license") or self.tr("unknown"), ""]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long licence name is cut in its column
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, e["name"])
                self.table.setItem(row, col, item)
            self._set_status(row)
        self.table.itemSelectionChanged.connect(self._update)

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.local_label = QLabel(self.tr("On this computer: {0}").format(
            ", ".join(m["name"] for m in models.get("models", []) if m.get("path")) or self.tr("none")))
        self.local_label.setWordWrap(True)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.download_button = QPushButton(self.tr("Download"))
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.use_button = QPushButton(self.tr("Use this model"))
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.use_button.clicked.connect(self.use_selected)
        row_buttons = QHBoxLayout()
        for b in (self.download_button, self.cancel_button, self.use_button):
            row_buttons.addWidget(b)
        row_buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.machine_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.local_label)
        layout.addLayout(row_buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(close)
        if self.entries:
            self.table.selectRow(0)
        self._update()

    # ---- rows ----------------------------------------------------------------------------
    def row_of(self, name: str) -> int:
        return next((i for i, e in enumerate(self.entries) if e["name"] == name), -1)

    def status_text(self, name: str) -> str:
        return self.table.item(self.row_of(name), 5).text()

    def _set_status(self, row: int, text: str | None = None) -> None:
        name = self.entries[row]["name"]
        if text is None:
            text = self.tr("installed") if name in self.paths else ""
        self.table.item(row, 5).setText(text)

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def select(self, name: str) -> None:
        self.table.selectRow(self.row_of(name))

    def _update(self) -> None:
        e = self.selected()
        busy = self.downloading is not None
        if e is None:
            self.details.setText("")
        else:
            text = self.tr("{0}: {1} on huggingface.co. Licence: {2}. Read the licence before you "
                           "download.").format(e["name"], e.get("repo") or "?", e.get("license") or self.tr("unknown"))
            if e.get("note"):
                text += " " + e["note"]
            self.details.setText(text)
        can_get = bool(e and e.get("file") and e.get("sha256") and e["name"] not in self.paths)
        self.download_button.setEnabled(not busy and can_get)
        self.cancel_button.setEnabled(busy)
        self.use_button.setEnabled(bool(e and e["name"] in self.paths))

    # ---- downloads -----------------------------------------------------------------------
    def start_download(self) -> None:
        e = self.selected()
        if e is None or self.downloading:
            return
        if self.worker is None:
            self.worker = DownloadWorker(self.services)
            self.worker.progress.connect(self._on_progress)
            self.worker.retrying.connect(self._on_retrying)
            self.worker.done.connect(self._on_done)
            self.worker.failed.connect(self._on_failed)
            self.worker.cancelled.connect(self._on_cancelled)
        self.downloading = e["name"]
        self.message.setText(self.tr("Downloading {0}…").format(e["name"]))
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._set_status(self.row_of(e["name"]), self.tr("downloading"))
        self._update()
        self.worker.begin(e["name"])

    def cancel_download(self) -> None:
        if self.worker is not None and self.downloading:
            self.worker.cancel()

    def _on_progress(self, done, total, speed: float) -> None:
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
            eta = (total - done) / speed if speed > 0 else None
            text = self.tr("{0} of {1}, {2}/s").format(_size(done), _size(total), _size(speed))
            if eta is not None:
                text += self.tr(", about {0} s left").format(int(eta))
        else:
            text = self.tr("{0}, {1}/s").format(_size(done), _size(speed))
        self.message.setText(text)

    def _on_retrying(self, attempt: int, of: int, why: str) -> None:
        self.message.setText(self.tr("{0}; trying again ({1} of {2})…").format(why, attempt, of))

    def _finish(self) -> str:
        name, self.downloading = self.downloading, None
        self.progress.setVisible(False)
        return name

    def _on_done(self, path: str) -> None:
        name = self._finish()
        if name is None:
            return
        self.paths[name] = path
        self._set_status(self.row_of(name))
        self.message.setText(self.tr("{0} is downloaded and checked.").format(Path(path).name))
        self._update()

    def _on_failed(self, sentence: str) -> None:
        name = self._finish()
        if name is None:
            return
        self._set_status(self.row_of(name), self.tr("failed"))
        self.message.setText(self.tr("The download failed: {0}").format(sentence))
        self._update()

    def _on_cancelled(self) -> None:
        name = self._finish()
        if name is None:
            return
        self._set_status(self.row_of(name), self.tr("paused"))
        self.message.setText(self.tr("Cancelled; Download again to continue where it stopped."))
        self._update()

    def use_selected(self) -> None:
        e = self.selected()
        if e and e["name"] in self.paths:
            self.use_model.emit(self.paths[e["name"]])
            self.accept()

    def done(self, r) -> None:  # noqa: A003 - QDialog.done: closing stops the download thread
        if self.worker is not None:
            self.worker.stop_thread()
            self.worker = None
            if self.downloading:
                self._finish()
        super().done(r)
