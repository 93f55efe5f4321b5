"""The conversation: a safe Markdown view, the input box, Send/Stop; saves each change."""
from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from assistant.gui import markdown
from assistant.gui.conversations import (Conversation, ConversationStore, Message, history, quote_dict, source_dict,
                                         title_from)

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
    ask_requested = Signal(int, str, list)  # request id, question, recent (question, answer) pairs
    stop_requested = Signal()
    source_activated = Signal(dict)
    quote_activated = Signal(dict, str)  # the quote's source (path, page, passage), the sentence
    settings_requested = Signal(str)  # the part of Settings to open ("models")
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
                "timing": self.tr("first text after {0:.2f} s · {1:.0f} tokens/s"),
                "quotes": self.tr("From your documents"),
                "searched": self.tr("Searched: {0}"),
                "unsupported": self.tr("Dotted underline: not found in your documents; check it against "
                                       "the quotes."),
                "small": self.tr("This answer was written by a small model: its wording may be wrong. "
                                 "Trust the quotes from your documents; a larger model is in"),
                "error": self.tr("The model could not answer: {0}. The quotes and sources above come "
                                 "straight from your documents; choose another model in"),
                "settings_link": self.tr("Settings → Models")}

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
        if self.conversation.messages:
            self._decorate()
        if at_bottom or self.busy:
            bar.setValue(bar.maximum())

    def _decorate(self) -> None:
        """What Markdown cannot say: quotes read as text (not as blue links), and the answer's
        numbers, commands and names that no source contains get a dotted underline with a
        tooltip. Walks the rendered document message by message (one heading each)."""
        doc = self.browser.document()
        messages = self.conversation.messages
        text_color = self.browser.palette().color(QPalette.ColorRole.Text)
        tip = self.tr("not found in your documents")
        index = -1
        block = doc.begin()
        regions: dict[int, tuple[int, int]] = {}
        while block.isValid():
            if block.blockFormat().headingLevel() == 4:
                index += 1
                regions[index] = (block.position(), block.position())
            elif index >= 0:
                regions[index] = (regions[index][0], block.position() + block.length())
                it = block.begin()
                while not it.atEnd():
                    frag = it.fragment()
                    fmt = frag.charFormat()
                    if fmt.isAnchor() and fmt.anchorHref().startswith("quote:") and fmt.fontItalic() is False \
                            and frag.text().startswith("“"):
                        c = QTextCursor(doc)
                        c.setPosition(frag.position())
                        c.setPosition(frag.position() + frag.length(), QTextCursor.MoveMode.KeepAnchor)
                        f = QTextCharFormat()
                        f.setForeground(text_color)
                        f.setFontUnderline(False)
                        f.setToolTip(self.tr("Open the page with this sentence highlighted"))
                        c.mergeCharFormat(f)
                    it += 1
            block = block.next()
        mark = QTextCharFormat()
        mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        mark.setUnderlineColor(QColor(200, 90, 0))
        mark.setForeground(QColor(170, 70, 0))
        mark.setToolTip(tip)
        for i, m in enumerate(messages):
            if m.role != "assistant" or not m.unsupported or i == self._streaming or i not in regions:
                continue
            start, end = regions[i]
            for term in m.unsupported:
                pattern = QRegularExpression(r"(?<![\w.\-/])" + QRegularExpression.escape(term) + r"(?![\w\-/])")
                cursor = doc.find(pattern, start)
                while not cursor.isNull() and cursor.selectionEnd() <= end:
                    fmt = cursor.charFormat()
                    # The answer's own text only: not a quote, a source label or a citation link.
                    if not fmt.isAnchor():
                        cursor.mergeCharFormat(mark)
                    cursor = doc.find(pattern, cursor.selectionEnd())

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
        earlier = history(conv.messages)  # before this question: what a follow-up builds on
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
        self.ask_requested.emit(self._request, question, earlier)
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

    def on_sources(self, request: int, sources: list, query: str = "") -> None:
        msg = self._current(request)
        if msg is not None:
            msg.sources = [source_dict(s) for s in sources]
            msg.query = query
            self._render_timer.start()

    def on_quotes(self, request: int, quotes: list) -> None:
        """The sentences that answer: on screen at once, before the model says a word."""
        msg = self._current(request)
        if msg is not None:
            msg.quotes = [quote_dict(q) for q in quotes]
            self._render_timer.stop()
            self.render()

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
        msg.quotes = [quote_dict(q) for q in getattr(done, "quotes", [])] or msg.quotes
        msg.unsupported = list(getattr(done, "unsupported", []) or [])
        msg.small_model = bool(getattr(done, "small_model", False))
        msg.error = getattr(done, "error", None) or ""
        msg.query = getattr(done, "query", "") or msg.query
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

    def quote(self, message: int, index: int) -> tuple[dict, str] | None:
        """The source to open for a quote (its passage, so the viewer finds the page and the
        region) and the sentence to highlight in it."""
        try:
            msg = self.conversation.messages[message]
            q = msg.quotes[index]
        except IndexError:
            return None
        src = next((s for s in msg.sources if s["n"] == q["n"] and s["path"] == q["path"]), None)
        where = dict(src) if src else {"path": q["path"], "page": q.get("page"), "heading": q.get("heading"),
                                       "text": q["text"]}
        # The page the sentence is on (a passage can run over a page break).
        if q.get("page"):
            where["page"] = q["page"]
        return where, q["text"]

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "settings":
            self.settings_requested.emit(url.path() or "models")
            return
        if url.scheme() not in ("cite", "src", "quote"):
            return  # links the model wrote are never followed
        try:
            message, n = (int(x) for x in url.path().split("/"))
        except ValueError:
            return
        if url.scheme() == "quote":
            found = self.quote(message, n)
            if found is not None:
                self.quote_activated.emit(*found)
            return
        src = self.source(message, n)
        if src is not None:
            self.source_activated.emit(src)
