"""The conversation: a safe Markdown view, the input box, Send/Stop; saves each change."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from assistant.gui import markdown
from assistant.gui.conversations import Conversation, ConversationStore, Message, source_dict, title_from

MD_FEATURES = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
               | QTextDocument.MarkdownFeature.MarkdownNoHTML)


class SafeBrowser(QTextBrowser):
    """Renders Markdown without ever fetching anything or following a link on its own."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind, url: QUrl):  # noqa: N802 (Qt's name)
        # No remote images or style sheets, and no local files either: answers come from a
        # model and may contain anything.
        return None


class ChatInput(QPlainTextEdit):
    """Enter sends, Shift+Enter starts a new line, Esc stops the answer."""

    submitted = Signal()
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class ChatView(QWidget):
    ask_requested = Signal(int, str)  # request id, question
    stop_requested = Signal()
    source_activated = Signal(dict)
    conversation_changed = Signal(object)  # Conversation, after it was saved

    def __init__(self, store: ConversationStore, parent=None):
        super().__init__(parent)
        self.store = store
        self.conversation = Conversation()
        self._request = 0
        self._streaming: int | None = None  # message index being written
        self.ready = False  # the library is open; questions can be answered
        self.library_empty = False  # nothing indexed yet: say so instead of asking the model
        self._stopping = False  # Stop was pressed; the worker stops at its next step

        self.browser = SafeBrowser()
        self.browser.anchorClicked.connect(self._on_anchor)
        self.browser.setPlaceholderText(self.tr("Ask a question about your documents."))
        self.input = ChatInput()
        self.input.setPlaceholderText(self.tr("Ask about your documents — Enter sends, Shift+Enter adds a line"))
        self.input.setFixedHeight(72)
        self.input.submitted.connect(self.send)
        self.input.escape_pressed.connect(self.stop)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.clicked.connect(self.send)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)

        # Tokens arrive faster than a re-render is worth; coalesce them.
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(40)
        self._render_timer.timeout.connect(self.render)
        self.render()

    # ---- state ---------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._streaming is not None

    def set_ready(self, ready: bool) -> None:
        self.ready = ready
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.send_button.setEnabled(self.ready and not self.busy)
        self.stop_button.setEnabled(self.busy and not self._stopping)

    def show_conversation(self, conv: Conversation) -> None:
        if self.busy:
            self.stop()
            self._streaming = None
            self._stopping = False
        self.conversation = conv
        self.render()
        self._update_buttons()

    def new_conversation(self) -> None:
        self.show_conversation(Conversation())
        self.input.setFocus()

    def _labels(self) -> dict:
        return {"you": self.tr("You"), "assistant": self.tr("Assistant"), "sources": self.tr("Sources"),
                "stopped": self.tr("(stopped)"), "page": self.tr("page {0}"),
                "stopping": self.tr("Stopping…"),
                "timing": self.tr("first text after {0:.2f} s · {1:.0f} tokens/s")}

    def render(self) -> None:
        bar = self.browser.verticalScrollBar()
        at_bottom = bar.value() >= bar.maximum() - 4
        if self.conversation.messages:
            text = markdown.render(self.conversation.messages, self._labels(), self._streaming,
                                   self._stopping)
        else:
            text = self.tr("### Ask your documents\n\nType a question below and press Enter. Every "
                           "answer lists the passages it was built from; click a source or a "
                           "citation such as [1] to open the document at that page.\n\n"
                           "Everything runs on this computer.")
        self.browser.document().setMarkdown(text, MD_FEATURES)
        if at_bottom or self.busy:
            bar.setValue(bar.maximum())

    def _save(self) -> None:
        if self.conversation.messages:
            self.store.save(self.conversation)
            self.conversation_changed.emit(self.conversation)

    # ---- asking --------------------------------------------------------------------------
    def send(self) -> None:
        question = self.input.toPlainText().strip()
        if not question or self.busy or not self.ready:
            return
        self.input.clear()
        self.ask(question)

    def ask(self, question: str) -> int:
        conv = self.conversation
        if not conv.title:
            conv.title = title_from(question)
        conv.messages.append(Message("user", question))
        if self.library_empty:
            # Nothing to search: asking the model would only say it found nothing.
            conv.messages.append(Message("assistant", self.tr(
                "Your library is empty, so there is nothing to answer from yet. Add a folder or "
                "files first (File ▸ Add folder…, or drop them on the window), then ask again.")))
            self._save()
            self.render()
            return 0
        conv.messages.append(Message("assistant", ""))
        self._streaming = len(conv.messages) - 1
        self._request += 1
        self._save()
        self.render()
        self._update_buttons()
        self.ask_requested.emit(self._request, question)
        return self._request

    def stop(self) -> None:
        if self.busy and not self._stopping:
            # Said at once: the model stops only at its next step, which before the first
            # token (while it reads the sources) can take a few seconds.
            self._stopping = True
            self.stop_requested.emit()
            self.render()
            self._update_buttons()

    def _current(self, request: int) -> Message | None:
        if request != self._request or self._streaming is None:
            return None  # a late event from an answer the user left behind
        return self.conversation.messages[self._streaming]

    def on_sources(self, request: int, sources: list) -> None:
        msg = self._current(request)
        if msg is not None:
            msg.sources = [source_dict(s) for s in sources]
            self._render_timer.start()

    def on_token(self, request: int, text: str) -> None:
        msg = self._current(request)
        if msg is not None:
            msg.text += text
            if not self._render_timer.isActive():
                self._render_timer.start()

    def on_done(self, request: int, done) -> None:
        msg = self._current(request)
        if msg is None:
            return
        msg.text = done.answer
        msg.sources = [source_dict(s) for s in done.sources]
        msg.timings = dict(done.timings)
        msg.cancelled = bool(done.cancelled)
        self._finish()

    def on_failed(self, request: int, error: str) -> None:
        msg = self._current(request)
        if msg is None:
            return
        msg.text = self.tr("Could not answer: {0}").format(error)
        self._finish()

    def _finish(self) -> None:
        self._streaming = None
        self._stopping = False
        self._render_timer.stop()
        self._save()
        self.render()
        self._update_buttons()

    # ---- links ---------------------------------------------------------------------------
    def source(self, message: int, n: int) -> dict | None:
        try:
            msg = self.conversation.messages[message]
        except IndexError:
            return None
        return next((s for s in msg.sources if s["n"] == n), None)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() not in ("cite", "src"):
            return  # links the model wrote are never followed
        try:
            message, n = (int(x) for x in url.path().split("/"))
        except ValueError:
            return
        src = self.source(message, n)
        if src is not None:
            self.source_activated.emit(src)
