"""Sidebar of saved chats: new, rename, delete."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from assistant.gui.conversations import Conversation, ConversationStore

ID_ROLE = Qt.ItemDataRole.UserRole


class ConversationList(QWidget):
    opened = Signal(object)  # Conversation
    new_requested = Signal()
    deleted = Signal(str)

    def __init__(self, store: ConversationStore, parent=None):
        super().__init__(parent)
        self.store = store
        self.list = QListWidget()
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(self._open_item)
        self.list.itemClicked.connect(self._open_item)
        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new chat (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        row = QHBoxLayout()
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(QLabel(self.tr("<b>Chats</b>")))
        layout.addWidget(self.new_button)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.reload()

    def reload(self, current: str | None = None) -> None:
        self.list.clear()
        for conv in self.store.list():
            item = QListWidgetItem(conv.title or self.tr("Untitled chat"))
            item.setData(ID_ROLE, conv.id)
            self.list.addItem(item)
            if conv.id == current:
                self.list.setCurrentItem(item)

    def upsert(self, conv: Conversation) -> None:
        self.reload(current=conv.id)

    def _selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item else None

    def _open_item(self, item: QListWidgetItem) -> None:
        try:
            self.opened.emit(self.store.load(item.data(ID_ROLE)))
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Chats"), self.tr("This chat could not be opened: {0}").format(exc))

    def rename_selected(self) -> None:
        conv_id = self._selected_id()
        if not conv_id:
            return
        current = self.list.currentItem().text()
        title, ok = QInputDialog.getText(self, self.tr("Rename chat"), self.tr("Title:"), text=current)
        if ok and title.strip():
            self.rename(conv_id, title)

    def rename(self, conv_id: str, title: str) -> None:
        conv = self.store.rename(conv_id, title)
        self.reload(current=conv_id)
        self.opened.emit(conv)

    def delete_selected(self) -> None:
        conv_id = self._selected_id()
        if not conv_id:
            return
        answer = QMessageBox.question(self, self.tr("Delete chat"),
                                      self.tr("Delete “{0}”? This cannot be undone.").format(
                                          self.list.currentItem().text()))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(conv_id)

    def delete(self, conv_id: str) -> None:
        self.store.delete(conv_id)
        self.reload()
        self.deleted.emit(conv_id)
