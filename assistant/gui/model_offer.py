"""The first start's offer: the bundled model is tiny (270M parameters, often wrong); a bar above
the window names a model that fits this computer and opens Settings → Models. Shown once, only
while the bundled model is the one in use; quotes from the documents work either way."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class ModelOffer(QFrame):
    choose = Signal()
    dismissed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("modelOffer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose a model…"))
        self.later_button = QPushButton(self.tr("Not now"))
        self.choose_button.clicked.connect(self._choose)
        self.later_button.clicked.connect(self._later)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.later_button)
        self.hide()

    def offer(self, info: dict, japanese: bool) -> None:
        from assistant.core.models import catalog

        best = catalog.recommend(info.get("catalog", []), japanese)
        machine = info.get("machine") or {}
        here = self.tr("{0:.0f} GB RAM").format(machine.get("ram_bytes", 0) / 1e9)
        if machine.get("gpu"):
            here += ", " + machine["gpu"]
        if best is not None:
            self.text.setText(self.tr(
                "The bundled model is tiny and its answers are often wrong (the quotes from your documents "
                "are right either way). For this computer ({0}) we suggest {1} ({2:.1f} GB download).").format(
                here, best["name"], best["size_bytes"] / 1e9))
        else:
            self.text.setText(self.tr(
                "The bundled model is tiny and its answers are often wrong (the quotes from your documents "
                "are right either way). Settings → Models lists the models that fit this computer ({0}).").format(here))
        self.suggested = best
        self.show()

    def _choose(self) -> None:
        self.hide()
        self.choose.emit()

    def _later(self) -> None:
        self.hide()
        self.dismissed.emit()
