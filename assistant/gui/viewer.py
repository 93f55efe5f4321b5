"""The built-in source viewer: PDFs at the cited page, other formats as text with the passage
highlighted, and a button to open the file in the system's default app."""
from __future__ import annotations

import os
import re

from PySide6.QtCore import QModelIndex, QObject, QPointF, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QTextCharFormat, QTextCursor
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QStackedWidget,
                               QTextEdit, QVBoxLayout, QWidget)


def distinctive_snippet(text: str, words: int = 6) -> str:
    """A run of words from the passage to search the PDF for: from its middle, where a chunk's
    text is least likely to straddle a line or page break, skipping short tokens."""
    tokens = [t for t in re.split(r"\s+", text) if t]
    if len(tokens) <= words:
        return " ".join(tokens)
    best, best_score = 0, -1
    for i in range(0, len(tokens) - words + 1):
        run = tokens[i:i + words]
        score = sum(len(t) >= 4 and t.isalpha() for t in run) - abs(i - len(tokens) // 3) / len(tokens)
        if score > best_score:
            best, best_score = i, score
    return " ".join(tokens[best:best + words])


_PLAIN = re.compile(r"^[\w'’-]+[.,;:]?$")


def snippet_candidates(text: str, words: int = 5, limit: int = 3) -> list[str]:
    """Runs of plain words to search a PDF for, best first. Bullets, symbols and paths are
    avoided because the PDF's text layer often spells them differently from the chunk."""
    tokens = [t for t in re.split(r"\s+", text) if t]
    scored = []
    for i in range(0, max(1, len(tokens) - words + 1)):
        run = tokens[i:i + words]
        if len(run) < min(words, len(tokens)) or not all(_PLAIN.match(t) for t in run):
            continue
        scored.append((sum(len(t) for t in run), i))
    picked: list[int] = []
    for _score, i in sorted(scored, reverse=True):
        if all(abs(i - j) >= words for j in picked):
            picked.append(i)
        if len(picked) == limit:
            break
    # Earliest first, so the highlight marks where the passage starts.
    out = [" ".join(tokens[i:i + words]) for i in sorted(picked)]
    return out or [distinctive_snippet(text, words)]


def find_passage(full: str, passage: str) -> tuple[int, int] | None:
    """Where the passage lies in the text, tolerant of whitespace differences."""
    words = passage.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words[:40])
    m = re.search(pattern, full)
    if m:
        return m.start(), m.end() if len(words) <= 40 else m.start() + len(passage)
    # Fall back to a distinctive run from the passage.
    snip = distinctive_snippet(passage)
    m = re.search(r"\s+".join(re.escape(w) for w in snip.split()), full)
    return (m.start(), m.end()) if m else None


class _TextLoaded(QObject):
    done = Signal(str, str, str)  # path, text, error


class _LoadText(QRunnable):
    """Parses a document with the core loader off the GUI thread (a big DOCX takes a while)."""

    def __init__(self, path: str, signals: _TextLoaded):
        super().__init__()
        self.path, self.signals = path, signals

    def run(self) -> None:
        try:
            from assistant.core import documents

            doc = documents.load(self.path)
            parts = []
            for s in doc.sections:
                if s.heading:
                    parts.append(s.heading.split(" > ")[-1])
                parts.append(s.text)
            self.signals.done.emit(self.path, "\n\n".join(parts), "")
        except Exception as exc:  # noqa: BLE001
            self.signals.done.emit(self.path, "", str(exc) or exc.__class__.__name__)


class Viewer(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Source"))
        self.resize(900, 1000)
        self.path = ""
        self.page: int | None = None
        self.passage = ""

        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open in default app"))
        self.open_button.clicked.connect(self.open_external)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.open_button)

        self.pdf = QPdfDocument(self)
        self._pdf_path = ""  # what self.pdf holds; QPdfDocument does not say
        self.pdf_view = QPdfView()
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.search = QPdfSearchModel(self)
        self.search.setDocument(self.pdf)
        self.pdf_view.setSearchModel(self.search)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        for w in (self.pdf_view, self.text, self.message):
            self.stack.addWidget(w)

        self.passage_label = QLabel()
        self.passage_label.setWordWrap(True)
        self.passage_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passage_label.setMaximumHeight(90)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.passage_label)
        layout.addWidget(self.stack, 1)

        self._loaded = _TextLoaded(self)
        self._loaded.done.connect(self._on_text)
        # The search model fills in asynchronously; poll it briefly for a hit on the page.
        self._search_timer = QTimer(self)
        self._search_timer.setInterval(50)
        self._search_timer.timeout.connect(self._pick_search_result)
        self._search_tries = 0
        self._candidates: list[str] = []
        self.highlighted = False

    # ---- API -----------------------------------------------------------------------------
    def show_source(self, source: dict) -> None:
        self.path = source["path"]
        self.page = source.get("page")
        self.passage = source.get("text", "")
        self.highlighted = False
        where = self.tr("page {0}").format(self.page) if self.page else (source.get("heading") or "")
        self.title.setText(f"<b>{os.path.basename(self.path)}</b> {where}")
        self.title.setToolTip(self.path)
        self.setWindowTitle(self.tr("Source — {0}").format(os.path.basename(self.path)))
        snippet = " ".join(self.passage.split())
        self.passage_label.setText(self.tr("Passage: {0}").format(
            snippet[:300] + ("…" if len(snippet) > 300 else "")))
        # Shown first: QPdfView can only scroll to a page once it has a size and a layout.
        self.show()
        self.raise_()
        self.activateWindow()
        if not os.path.exists(self.path):
            self._show_message(self.tr("The file is no longer at {0}.").format(self.path))
        elif self.path.lower().endswith(".pdf"):
            self._show_pdf()
        else:
            self._show_message(self.tr("Loading…"))
            QThreadPool.globalInstance().start(_LoadText(self.path, self._loaded))

    def current_page(self) -> int:
        """1-based page the PDF view shows."""
        return self.pdf_view.pageNavigator().currentPage() + 1

    def open_external(self) -> None:
        if self.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.path))

    # ---- PDF -----------------------------------------------------------------------------
    def _show_pdf(self) -> None:
        if self._pdf_path != self.path or self.pdf.status() != QPdfDocument.Status.Ready:
            self.pdf.close()
            self._pdf_path = ""
            err = self.pdf.load(self.path)
            if err != QPdfDocument.Error.None_:
                self._show_message(self.tr("This PDF could not be shown ({0}).").format(err.name))
                return
            self._pdf_path = self.path
        self.stack.setCurrentWidget(self.pdf_view)
        self._jump_to_page()
        # Again once the view has laid the pages out (a first jump on a long document can land
        # short of the page while the layout is still being computed).
        QTimer.singleShot(100, self._jump_to_page)
        self._candidates = snippet_candidates(self.passage)
        self._next_candidate()

    def _next_candidate(self) -> None:
        if not self._candidates:
            self._search_timer.stop()
            return
        self.search.setSearchString(self._candidates.pop(0))
        self._search_tries = 0
        self._search_timer.start()

    def _jump_to_page(self) -> None:
        if self.highlighted or self.stack.currentWidget() is not self.pdf_view:
            return
        page = max(0, min((self.page or 1) - 1, self.pdf.pageCount() - 1))
        self.pdf_view.pageNavigator().jump(page, QPointF(), 0)

    def _pick_search_result(self) -> None:
        self._search_tries += 1
        page = (self.page or 1) - 1
        n = self.search.rowCount(QModelIndex())
        for i in range(n):
            link = self.search.resultAtIndex(i)
            if link.page() == page:
                self.pdf_view.setCurrentSearchResultIndex(i)
                self.highlighted = True
                self._search_timer.stop()
                self._scroll_to(link)
                self._search_timer.stop()
                return
        if self._search_tries > 30:  # about 1.5 s: try the next snippet
            self._next_candidate()

    def _scroll_to(self, link) -> None:
        """Bring the found passage into the middle third of the view. QPdfView scrolls to a
        page's top on jump() but ignores the location within the page, so scroll by hand:
        in FitToWidth mode a page point is (viewport width - margins) / page width pixels."""
        self._jump_to_page_now(link.page())
        rects = link.rectangles()
        size = self.pdf.pagePointSize(link.page())
        if not rects or size.width() <= 0:
            return
        margins = self.pdf_view.documentMargins()
        scale = (self.pdf_view.viewport().width() - margins.left() - margins.right()) / size.width()
        bar = self.pdf_view.verticalScrollBar()
        first = rects[0]
        top = first.top() if hasattr(first, "top") else first.boundingRect().top()  # QRectF or QPolygonF
        y = bar.value() + top * scale - self.pdf_view.viewport().height() / 3
        bar.setValue(int(max(bar.value(), y)))

    def _jump_to_page_now(self, page: int) -> None:
        self.pdf_view.pageNavigator().jump(page, QPointF(), 0)

    # ---- text ----------------------------------------------------------------------------
    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def _on_text(self, path: str, text: str, error: str) -> None:
        if path != self.path:
            return  # the user moved on to another source meanwhile
        if error:
            self._show_message(self.tr("This file could not be read: {0}").format(error))
            return
        self.text.setPlainText(text)
        self.stack.setCurrentWidget(self.text)
        span = find_passage(text, self.passage)
        if span is None:
            self.text.setExtraSelections([])
            return
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(span[0])
        cursor.setPosition(min(span[1], len(text)), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(255, 230, 120))
        fmt.setForeground(QColor(0, 0, 0))
        sel.cursor, sel.format = cursor, fmt
        self.text.setExtraSelections([sel])
        # Scroll the passage into view, then drop the selection so the highlight shows.
        end = QTextCursor(self.text.document())
        end.movePosition(QTextCursor.MoveOperation.End)
        self.text.setTextCursor(end)
        self.text.ensureCursorVisible()
        start = QTextCursor(self.text.document())
        start.setPosition(span[0])
        self.text.setTextCursor(start)
        self.text.ensureCursorVisible()
        self.highlighted = True
