"""The Help menu: About, keyboard shortcuts, and where this library keeps its data."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton


class HelpMenu(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        menu = window.menuBar().addMenu(self.tr("&Help"))
        self.shortcuts = QAction(self.tr("&Keyboard shortcuts"), window)
        self.shortcuts.triggered.connect(lambda: self._show(self.tr("Keyboard shortcuts"), self.shortcuts_text()))
        self.data = QAction(self.tr("Where my &data is"), window)
        self.data.triggered.connect(self.show_data)
        self.about = QAction(self.tr("&About"), window)
        self.about.triggered.connect(lambda: self._show(self.tr("About"), self.tr(
            "<h3>Document Assistant</h3><p>Answers questions about your own documents with a language "
            "model that runs on this computer. Every answer cites the passages it used.</p><p>No account, "
            "no internet connection, no telemetry.</p>")))
        for a in (self.shortcuts, self.data, self.about):
            menu.addAction(a)
        self.box: QMessageBox | None = None

    def shortcuts_text(self) -> str:
        rows = [("Ctrl+O", self.tr("Add a folder")), ("Ctrl+N", self.tr("New chat")),
                ("Enter", self.tr("Send the question")), ("Shift+Enter", self.tr("New line in the question")),
                ("Esc", self.tr("Stop the answer; close the source viewer")),
                ("Ctrl+W", self.tr("Close the source viewer")), ("F2", self.tr("Rename the selected chat")),
                ("Delete", self.tr("Delete the selected chat, or remove the selected library file or folder")),
                ("Ctrl+Q", self.tr("Quit"))]
        body = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        return f"<table>{body}</table>"

    def data_text(self) -> str:
        from assistant.core.platform import paths  # light: no heavy imports

        return self.tr("<p>This library keeps everything in one folder on this computer:</p><p><b>{0}</b></p>"
                       "<p>settings.toml (settings), conversations/ (your chats), {1} (the index) and models/ "
                       "(language models you add).</p><p>Nothing is sent anywhere.</p>").format(
            self.window.data_dir, paths.index_dir(self.window.data_dir).name + "/")

    def _show(self, title: str, html: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.NoIcon, title, html, QMessageBox.StandardButton.Close, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.box = box  # for tests
        return box

    def show_data(self) -> None:
        box = self._show(self.tr("Where my data is"), self.data_text())
        folder = QPushButton(self.tr("Open folder"))
        box.addButton(folder, QMessageBox.ButtonRole.ActionRole)
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.window.data_dir))))
