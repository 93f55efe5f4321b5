"""Sidebar of saved chats: new, rename, delete (buttons, F2 / Delete keys, context menu)."""
from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from assistant.gui.conversations import Conversation, ConversationStore

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1


def when(timestamp: float, today: QDate | None = None) -> str:
    """A chat's last change: the time for today's, the date otherwise (in the UI's locale)."""
    dt = QDateTime.fromSecsSinceEpoch(int(timestamp))
    locale = QLocale()
    if dt.date() == (today or QDate.currentDate()):
        return locale.toString(dt.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(dt.date(), QLocale.FormatType.ShortFormat)


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
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)

        # Actions with keys that work while the list has focus (Delete in the library panel
        # means something else); the Chat menu shows the same actions.
        self.rename_action = QAction(self.tr("Rename chat…"), self)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.triggered.connect(self.rename_selected)
        self.delete_action = QAction(self.tr("Delete chat…"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.triggered.connect(self.delete_selected)
        for a in (self.rename_action, self.delete_action):
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.list.addAction(a)

        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new chat (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.setToolTip(self.tr("Rename the selected chat (F2)"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected chat (Delete)"))
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
            title = conv.title or self.tr("Untitled chat")
            item = QListWidgetItem(f"{title}\n{when(conv.updated or conv.created)}")
            item.setData(ID_ROLE, conv.id)
            item.setData(TITLE_ROLE, title)
            item.setToolTip(title)
            self.list.addItem(item)
            if conv.id == current:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def upsert(self, conv: Conversation) -> None:
        self.reload(current=conv.id)

    def _selected_item(self) -> QListWidgetItem | None:
        item = self.list.currentItem()
        return item if item is not None and item.isSelected() else None

    def _selected_id(self) -> str | None:
        item = self._selected_item()
        return item.data(ID_ROLE) if item else None

    def _update_buttons(self) -> None:
        on = self._selected_item() is not None
        for w in (self.rename_button, self.delete_button, self.rename_action, self.delete_action):
            w.setEnabled(on)

    def _open_item(self, item: QListWidgetItem) -> None:
        try:
            self.opened.emit(self.store.load(item.data(ID_ROLE)))
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Chats"), self.tr("This chat could not be opened: {0}").format(exc))

    def _context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        self.list.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.rename_action)
        menu.addAction(self.delete_action)
        menu.popup(self.list.viewport().mapToGlobal(pos))
        self.context_menu = menu  # kept for tests

    def rename_selected(self) -> None:
        item = self._selected_item()
        if item is None:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Rename chat"))
        dialog.setLabelText(self.tr("Title:"))
        dialog.setTextValue(item.data(TITLE_ROLE))
        # Wide enough for its title bar and a usual chat title.
        dialog.setMinimumWidth(max(420, dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + 160))
        dialog.findChild(QLineEdit).selectAll()
        self.rename_dialog = dialog  # kept for tests
        conv_id = item.data(ID_ROLE)
        dialog.textValueSelected.connect(lambda title: title.strip() and self.rename(conv_id, title))
        dialog.open()

    def rename(self, conv_id: str, title: str) -> None:
        conv = self.store.rename(conv_id, title)
        self.reload(current=conv_id)
        self.opened.emit(conv)

    def delete_selected(self) -> None:
        item = self._selected_item()
        if item is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete chat"),
                                      self.tr("Delete “{0}”? This cannot be undone.").format(item.data(TITLE_ROLE)))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(item.data(ID_ROLE))

    def delete(self, conv_id: str) -> None:
        self.store.delete(conv_id)
        self.reload()
        self.deleted.emit(conv_id)
