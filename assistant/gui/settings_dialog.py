"""Settings: model, context, GPU layers, threads, temperature, sources, language."""
from __future__ import annotations

import dataclasses
import os

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

LANGUAGES = [("", "System"), ("en", "English"), ("ja", "日本語")]
# Changing these means closing and loading the model again.
MODEL_FIELDS = ("model_path", "context_length", "gpu_layers", "threads", "llm_url", "llm_model")


class SettingsDialog(QDialog):
    def __init__(self, settings, models: dict | None, parent=None, services=None):
        super().__init__(parent)
        self.services = services
        self.models_info = models
        self.models_dialog = None
        self.setWindowTitle(self.tr("Settings"))
        self.original = settings
        models = models or {}

        self.model = QComboBox()
        self.model.addItem(self.tr("Bundled (Gemma 3 270M)"), "")
        for m in models.get("models", []):
            if m.get("source") != "bundled" and m.get("path"):
                self.model.addItem(m["name"], m["path"])
        if settings.model_path and self.model.findData(settings.model_path) < 0:
            self.model.addItem(os.path.basename(settings.model_path), settings.model_path)
        self.model.setCurrentIndex(max(0, self.model.findData(settings.model_path)))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse_model)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model, 1)
        model_row.addWidget(browse)
        self.download_models = QPushButton(self.tr("Download models…"))
        self.download_models.clicked.connect(self.open_models)
        self.download_models.setVisible(services is not None)
        model_row.addWidget(self.download_models)
        model_box = QWidget()
        model_box.setLayout(model_row)
        model_row.setContentsMargins(0, 0, 0, 0)

        self.context = QSpinBox()
        self.context.setRange(512, 131072)
        self.context.setSingleStep(512)
        self.context.setValue(settings.context_length)

        self.gpu_mode = QComboBox()
        self.gpu_mode.addItem(self.tr("Auto (all layers when supported)"), "auto")
        self.gpu_mode.addItem(self.tr("Off (CPU only)"), "off")
        self.gpu_mode.addItem(self.tr("Number of layers"), "number")
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(1, 999)
        value = str(settings.gpu_layers).strip().lower()
        if value.isdigit() and int(value) > 0:
            self.gpu_mode.setCurrentIndex(2)
            self.gpu_layers.setValue(int(value))
        else:
            self.gpu_mode.setCurrentIndex(1 if value in ("off", "0", "cpu", "none") else 0)
            self.gpu_layers.setValue(32)
        self.gpu_mode.currentIndexChanged.connect(self._update_gpu)
        gpu_row = QHBoxLayout()
        gpu_row.setContentsMargins(0, 0, 0, 0)
        gpu_row.addWidget(self.gpu_mode, 1)
        gpu_row.addWidget(self.gpu_layers)
        gpu_box = QWidget()
        gpu_box.setLayout(gpu_row)
        supported = models.get("gpu_offload")
        self.gpu_note = QLabel(self.tr("GPU offload: supported") if supported else
                               self.tr("GPU offload: not available (this llama.cpp build or machine "
                                       "has no GPU support); the model runs on the CPU")
                               if supported is False else self.tr("GPU offload: checking…"))
        self.gpu_note.setWordWrap(True)

        self.threads = QSpinBox()
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(self.tr("Auto"))
        self.threads.setValue(settings.threads)
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(settings.temperature)
        self.sources = QSpinBox()
        self.sources.setRange(1, 20)
        self.sources.setValue(settings.sources)
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(self.tr("System") if code == "" else name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))

        # Two parts: the model (what a small model's answer points to) and the answers.
        self.models_group = QGroupBox(self.tr("Models"))
        form = QFormLayout(self.models_group)
        form.addRow(self.tr("Model:"), model_box)
        self.model_hint = QLabel(self.tr("The bundled model is small: it is quick, but its wording is often "
                                         "wrong. A larger GGUF model (1B parameters or more, instruction-tuned) "
                                         "answers better: Download models… lists the ones that fit this computer, and Browse… "
                                         "picks a file you already have."))
        self.model_hint.setWordWrap(True)
        form.addRow("", self.model_hint)
        form.addRow(self.tr("Context length (tokens):"), self.context)
        form.addRow(self.tr("GPU layers:"), gpu_box)
        form.addRow("", self.gpu_note)
        form.addRow(self.tr("CPU threads:"), self.threads)
        self._add_answer_server(form, settings)
        self.answers_group = QGroupBox(self.tr("Answers"))
        form2 = QFormLayout(self.answers_group)
        form2.addRow(self.tr("Temperature:"), self.temperature)
        form2.addRow(self.tr("Number of sources:"), self.sources)
        form2.addRow(self.tr("Language:"), self.language)
        # Scanned PDFs and photos of pages: read with OCR (slow, so after everything else).
        self.library_group = QGroupBox(self.tr("Library"))
        form3 = QVBoxLayout(self.library_group)
        self.ocr = QCheckBox(self.tr("Read scanned PDFs and photos of pages with OCR (English, Japanese)"))
        self.ocr.setChecked(settings.ocr)
        form3.addWidget(self.ocr)
        self.ocr_note = QLabel(ocr_note(self))
        self.ocr_note.setWordWrap(True)
        form3.addWidget(self.ocr_note)
        # The embedder: meaning search. Changing it re-embeds the library; the old index answers
        # until the new one is complete.
        self.embedder = QComboBox()
        self._fill_embedders(settings.embedder)
        embedder_row = QHBoxLayout()
        embedder_row.addWidget(QLabel(self.tr("Meaning search (embedder):")))
        embedder_row.addWidget(self.embedder, 1)
        browse_embedder = QPushButton(self.tr("Folder…"))
        browse_embedder.clicked.connect(self.browse_embedder)
        embedder_row.addWidget(browse_embedder)
        form3.addLayout(embedder_row)
        self.embedder_note = QLabel(self.tr(
            "Another embedder re-embeds the whole library; search keeps using the current one until "
            "that is done. Multilingual embedders also search Japanese by meaning."))
        self.embedder_note.setWordWrap(True)
        form3.addWidget(self.embedder_note)
        # A shared library (index on object storage) records the indexing computer's paths.
        form3.addWidget(QLabel(self.tr("Shared folders on this computer (one per line: "
                                       "folder on the computer that indexed => folder here):")))
        self.path_map = QPlainTextEdit("\n".join(f"{a} => {b}" for a, b in settings.path_map.items()))
        self.path_map.setPlaceholderText("/mnt/nas/documents => /Volumes/documents")
        self.path_map.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        form3.addWidget(self.path_map)
        note = QLabel(self.tr("A language change takes effect the next time the app starts."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # The groups scroll, the buttons stay: the whole dialog is ~820 px tall, more than a
        # 1366x768 laptop screen shows.
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.models_group)
        inner.addWidget(self.answers_group)
        inner.addWidget(self.library_group)
        inner.addWidget(note)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        # Only up and down: never narrower than the groups (that would cut their right side).
        scroll.setMinimumWidth(body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self._update_gpu()
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 60 if screen else 800
        self.resize(max(body.sizeHint().width() + 40, 640), min(body.sizeHint().height() + 80, max(room, 400)))

    def _add_answer_server(self, form, settings) -> None:
        """An OpenAI-compatible server the user runs (llama.cpp, vLLM, Ollama) instead of the model
        above: its URL, model name and key; the key goes to the system keyring, not the settings."""
        self.llm_url = QLineEdit(settings.llm_url)
        self.llm_url.setPlaceholderText(self.tr("empty: answer on this computer; e.g. http://gpu-box:8080/v1"))
        self.llm_model = QLineEdit(settings.llm_model)
        self.llm_model.setPlaceholderText(self.tr("empty: the first model the server lists"))
        self.llm_key = QLineEdit()
        self.llm_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.llm_key.setPlaceholderText(self.tr("if the server needs one (kept in the system keyring)"))
        self.llm_note = QLabel(self.tr("Questions and the passages they cite are sent to this server and "
                                       "nowhere else; search and indexing stay on this computer."))
        if os.environ.get("ASSISTANT_LLM_URL"):
            self.llm_note.setText(self.tr("ASSISTANT_LLM_URL is set ({0}) and is used instead of this "
                                          "setting.").format(os.environ["ASSISTANT_LLM_URL"]))
        self.llm_note.setWordWrap(True)
        form.addRow(self.tr("Answer server URL:"), self.llm_url)
        form.addRow(self.tr("Server model:"), self.llm_model)
        form.addRow(self.tr("API key:"), self.llm_key)
        form.addRow("", self.llm_note)

    def accept(self) -> None:
        """A key typed in is stored in the keyring first; without a keyring the dialog stays open
        and says what to do instead."""
        if self.llm_key.isModified():
            from assistant.core.platform import secrets

            try:
                secrets.save_api_key(self.llm_url.text().strip(), self.llm_key.text())
            except secrets.KeyringUnavailable as exc:
                self.llm_note.setText(str(exc)[:1].upper() + str(exc)[1:] + ".")
                self.llm_key.setFocus()
                return
        super().accept()

    def show_part(self, part: str) -> None:
        """Open on one part: "models" puts the focus on the model choice and marks its group."""
        if part == "models":
            self.models_group.setStyleSheet("QGroupBox { font-weight: bold; }")
            self.model.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_gpu(self) -> None:
        self.gpu_layers.setEnabled(self.gpu_mode.currentData() == "number")

    def browse_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a GGUF model"), "",
                                              self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            idx = self.model.findData(path)
            if idx < 0:
                self.model.addItem(os.path.basename(path), path)
                idx = self.model.count() - 1
            self.model.setCurrentIndex(idx)

    def open_models(self):
        """The Models page: the catalog, downloads, and "Use this model" choosing the file here
        (OK then reloads the model the usual way)."""
        from assistant.gui.models_page import ModelsDialog

        dialog = ModelsDialog(self.services, self.models_info, self)
        self.models_dialog = dialog  # kept for tests
        dialog.use_model.connect(self.choose_model)
        dialog.open()
        return dialog

    def choose_model(self, path: str) -> None:
        idx = self.model.findData(path)
        if idx < 0:
            self.model.addItem(os.path.basename(path), path)
            idx = self.model.count() - 1
        self.model.setCurrentIndex(idx)

    def _fill_embedders(self, current: str) -> None:
        from assistant.core.models import catalog

        self.embedder.addItem(self.tr("all-MiniLM-L6-v2 (bundled, English)"), "all-MiniLM-L6-v2")
        models_dir = self.services.data_dir / "models" if self.services is not None else None
        for e in (e for e in catalog.load() if e.kind == "embedder"):
            here = models_dir is not None and (models_dir / e.name / "config.json").exists()
            langs = self.tr("English + Japanese") if e.japanese else self.tr("English")
            label = f"{e.name} ({langs})" if here else self.tr("{0} ({1}) — put its folder in {2}").format(
                e.name, langs, models_dir / e.name if models_dir else "models")
            self.embedder.addItem(label, e.name)
            if not here:  # not on this computer: shown, with where it goes, but not choosable
                item = self.embedder.model().item(self.embedder.count() - 1)
                item.setEnabled(False)
        if current and self.embedder.findData(current) < 0:
            self.embedder.addItem(os.path.basename(current.rstrip("/\\")) or current, current)
        self.embedder.setCurrentIndex(max(0, self.embedder.findData(current or "all-MiniLM-L6-v2")))

    def browse_embedder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("A sentence-transformers model folder"))
        if path:
            if self.embedder.findData(path) < 0:
                self.embedder.addItem(os.path.basename(path), path)
            self.embedder.setCurrentIndex(self.embedder.findData(path))

    def result_settings(self):
        """A copy of the settings with the dialog's values; the caller saves it."""
        mode = self.gpu_mode.currentData()
        gpu = str(self.gpu_layers.value()) if mode == "number" else mode
        return dataclasses.replace(
            self.original, model_path=self.model.currentData() or "", context_length=self.context.value(),
            gpu_layers=gpu, threads=self.threads.value(), temperature=round(self.temperature.value(), 2),
            sources=self.sources.value(), language=self.language.currentData() or "", ocr=self.ocr.isChecked(),
            embedder=self.embedder.currentData() or self.original.embedder,
            llm_url=self.llm_url.text().strip(), llm_model=self.llm_model.text().strip(),
            path_map=parse_path_map(self.path_map.toPlainText()))


def parse_path_map(text: str) -> dict:
    """'there => here' lines (a line without '=>' or with an empty side is left out)."""
    out = {}
    for line in text.splitlines():
        there, sep, here = line.partition("=>")
        if sep and there.strip() and here.strip():
            out[there.strip()] = here.strip()
    return out


def ocr_note(widget) -> str:
    """Whether OCR can run here, and if not, what to install."""
    from assistant.core.ingest import ocr

    try:
        engine = ocr.engine()
    except ocr.OcrUnavailable:
        return QCoreApplication.translate(
            "SettingsDialog", "Tesseract OCR is not installed, so scanned files are skipped. To read them, {0}.").format(
            ocr.INSTALL_HINT)
    return QCoreApplication.translate(
        "SettingsDialog", "OCR runs after the other files are searchable (Tesseract: {0}).").format(
        ", ".join(engine.languages))


def model_changed(old, new) -> bool:
    return any(getattr(old, f) != getattr(new, f) for f in MODEL_FIELDS)
