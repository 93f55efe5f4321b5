"""The built-in source viewer: PDFs at the cited page with the passage (or the quoted sentence)
highlighted, other formats as text with the same highlight, and a button to open the file in
the system's default app."""
from __future__ import annotations

import os
import re

from PySide6.QtCore import QModelIndex, QObject, QRectF, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import (QColor, QDesktopServices, QGuiApplication, QImage, QImageReader, QKeySequence, QPainter,
                           QPixmap, QShortcut, QTextCharFormat, QTextCursor)
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QStackedWidget,
                               QTextEdit, QVBoxLayout, QWidget)

from assistant.core.answer.quotes import one_line
from assistant.gui.passages import locate, short_heading
from assistant.gui.pdf_view import PdfView, first_point, selection_rects

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".heic", ".heif")
_PLAIN = re.compile(r"^[\w'’-]+[.,;:]?$")


def snippet_candidates(text: str, words: int = 5, limit: int = 3) -> list[str]:
    """Runs of plain words to search a PDF for when the passage cannot be located in the page
    text (the fallback), best first. Bullets, symbols and paths are avoided because the PDF's
    text layer often spells them differently from the chunk."""
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
    return [" ".join(tokens[i:i + words]) for i in sorted(picked)]


def section_texts(doc) -> str:
    """A loaded document as text, each section under its heading's last part (unless the
    section already starts with it, as HTML sections do: that showed every heading twice)."""
    parts = []
    for s in doc.sections:
        title = s.heading.split(" > ")[-1].strip() if s.heading else ""
        if title and not " ".join(s.text.split()).startswith(" ".join(title.split())):
            parts.append(title)
        parts.append(s.text)
    return "\n\n".join(parts)


class _TextLoaded(QObject):
    done = Signal(str, str, str)  # path, text, error


class _LoadText(QRunnable):
    """Parses a document with the core loader off the GUI thread (a big DOCX takes a while)."""

    def __init__(self, path: str, signals: _TextLoaded):
        super().__init__()
        self.path, self.signals = path, signals

    def run(self) -> None:
        try:
            from assistant.core.ingest import documents

            self.signals.done.emit(self.path, section_texts(documents.load(self.path)), "")
        except Exception as exc:  # noqa: BLE001
            self.signals.done.emit(self.path, "", str(exc) or exc.__class__.__name__)


class Viewer(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Source"))
        self.path = ""
        # Where the indexer keeps the word boxes of OCRed pages (Services.ocr_dir); "" for none.
        self.ocr_dir = ""
        self.missing_hint = ""  # said after "no longer at": a shared library's folders may differ here
        self.page: int | None = None
        self.passage = ""
        self.quote = ""  # a sentence within the passage to highlight instead of all of it
        self.highlighted = False
        # (page index or None, start, end) of the highlighted characters: in the page's text
        # (QPdfDocument.getAllText) for PDFs, in the shown text otherwise.
        self.highlight_span: tuple[int | None, int, int] | None = None

        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open in default app"))
        self.open_button.clicked.connect(self.open_external)
        # Where the reader is now, as they scroll away from the cited page.
        self.page_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.page_label)
        top.addWidget(self.open_button)

        self.pdf = QPdfDocument(self)
        self._pdf_path = ""  # what self.pdf holds; QPdfDocument does not say
        self.pdf_view = PdfView()
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        # Fallback only: when the passage cannot be found in the page's text, search for a few
        # of its words (the view does not draw these itself: PdfView paints the highlight).
        self.search = QPdfSearchModel(self)
        self.search.setDocument(self.pdf)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        # Photos and scans of pages: the image, with the OCRed words of the passage marked.
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_area = QScrollArea()
        self.image_area.setWidget(self.image)
        self.image_area.setWidgetResizable(True)
        self.image_rects: list[QRectF] = []  # highlighted, in the image's pixels
        self.stack = QStackedWidget()
        for w in (self.pdf_view, self.text, self.message, self.image_area):
            self.stack.addWidget(w)

        self.passage_label = QLabel()
        self.passage_label.setWordWrap(True)
        self.passage_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passage_label.setMaximumHeight(90)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.passage_label)
        layout.addWidget(self.stack, 1)

        # Esc, Ctrl+W and the platform's own Close keys (Ctrl+F4 on Windows) close the window.
        keys = [QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")]
        keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Close) if k not in keys]
        for k in keys:
            QShortcut(k, self, self.close)

        self._loaded = _TextLoaded(self)
        self._loaded.done.connect(self._on_text)
        # The search model fills in asynchronously; poll it briefly for a hit on the page.
        self._search_timer = QTimer(self)
        self._search_timer.setInterval(50)
        self._search_timer.timeout.connect(self._pick_search_result)
        self._search_tries = 0
        self._candidates: list[str] = []
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """900 x 1000 where it fits; on a smaller screen, its available area less the frame."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        if avail is None or avail.isEmpty():
            self.resize(900, 1000)
            return
        self.resize(min(900, avail.width() - 40), min(1000, avail.height() - 60))

    # ---- API -----------------------------------------------------------------------------
    def show_source(self, source: dict, highlight: str | None = None) -> None:
        """Show the source at its page with the passage highlighted; with `highlight` (a
        sentence within the passage), that sentence is highlighted instead."""
        self.path = source["path"]
        self.page = source.get("page")
        self.passage = source.get("text", "")
        self.quote = (highlight or "").strip()
        self.highlighted = False
        self.highlight_span = None
        where = self.tr("page {0}").format(self.page) if self.page else short_heading(source.get("heading"))
        name = os.path.basename(self.path)
        self.title.setText(f"<b>{_html(name)}</b> {_html(where)}")
        self.title.setToolTip(self.path if self.page else f"{self.path}\n{source.get('heading') or ''}")
        self.setWindowTitle(self.tr("Source — {0}").format(name))
        shown = one_line(self.quote or self.passage)
        label = self.tr("Quote: {0}") if self.quote else self.tr("Passage: {0}")
        self.passage_label.setText(label.format(shown[:300] + ("…" if len(shown) > 300 else "")))
        self.passage_label.setVisible(bool(shown))
        # Shown first: QPdfView can only place pages once it has a size.
        self.show()
        self.raise_()
        self.activateWindow()
        self._search_timer.stop()
        if not os.path.exists(self.path):
            self._show_message(" ".join(filter(None, [self.tr("The file is no longer at {0}.").format(self.path),
                                                      self.missing_hint])))
        elif self.path.lower().endswith(".pdf"):
            self._show_pdf()
        elif self.path.lower().endswith(IMAGE_SUFFIXES):
            self._show_image()
        else:
            self._show_message(self.tr("Loading…"))
            QThreadPool.globalInstance().start(_LoadText(self.path, self._loaded))

    def _show_page_number(self, _page: int = 0) -> None:
        on_pdf = self.stack.currentWidget() is self.pdf_view and self.pdf.pageCount() > 0
        self.page_label.setText(self.tr("page {0} of {1}").format(self.current_page(), self.pdf.pageCount())
                                if on_pdf else "")

    def current_page(self) -> int:
        """1-based page the PDF view shows."""
        return self.pdf_view.current_page() + 1

    def open_external(self) -> None:
        if self.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.path))

    # ---- PDF -----------------------------------------------------------------------------
    def _show_pdf(self) -> None:
        if self._pdf_path != self.path or self.pdf.status() != QPdfDocument.Status.Ready:
            self.pdf.close()
            self._pdf_path = ""
            self.pdf_view.forget_layout()
            err = self.pdf.load(self.path)
            if err != QPdfDocument.Error.None_:
                self._show_message(self.tr("This PDF could not be shown ({0}).").format(err.name))
                return
            self._pdf_path = self.path
        self.stack.setCurrentWidget(self.pdf_view)
        self._show_page_number()
        self.pdf_view.clear_highlight()
        page = max(0, min((self.page or 1) - 1, self.pdf.pageCount() - 1))
        span = self._locate_on_page(page)
        if span is not None:
            self._highlight_pdf(page, selection_rects(self.pdf, page, span[0], span[1] - span[0]))
            self.highlight_span = (page, span[0], span[1])
            return
        ocr_rects = self._ocr_rects(page + 1)
        if ocr_rects:  # a scanned page: its OCRed words, from their boxes
            self._highlight_pdf(page, ocr_rects)
            return
        # Until (unless) the fallback search finds the words: the page's top.
        self.pdf_view.go_to(page)
        self._candidates = snippet_candidates(self.quote or self.passage)
        self._next_candidate()

    def _ocr_rects(self, page: int) -> list[QRectF]:
        """Boxes (page units) of the passage's (or quote's) OCRed words on 1-based `page`."""
        if not self.ocr_dir:
            return []
        from assistant.core.ingest import ocr

        found = ocr.load_boxes(self.ocr_dir, self.path, page)
        if found is None:
            return []
        span = locate(found.text, self.passage) if self.passage.strip() else None
        if self.quote:
            span = locate(found.text, self.quote, within=span) or span
        if span is None:
            return []
        self.highlight_span = (page - 1, span[0], span[1])
        return [QRectF(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in found.boxes(*span)]

    def _show_image(self) -> None:
        page = max(1, self.page or 1)
        reader = QImageReader(self.path)
        reader.setAutoTransform(True)  # as OCR read it: phone photos carry their turn in EXIF
        if page > 1:
            reader.jumpToImage(page - 1)
        img = reader.read()
        if img.isNull():
            img = _pil_image(self.path, page)
        if img is None or img.isNull():
            self._show_message(self.tr("This image cannot be shown here; use Open in default app."))
            return
        self.image_rects = self._ocr_rects(page)
        pix = QPixmap.fromImage(img)
        if self.image_rects:
            painter = QPainter(pix)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 200, 0, 90))
            for r in self.image_rects:
                painter.drawRect(r.adjusted(-2, -2, 2, 2))
            painter.end()
        width = max(200, self.image_area.viewport().width() - 4)
        scale = min(1.0, width / max(pix.width(), 1))
        self.image.setPixmap(pix.scaledToWidth(int(pix.width() * scale), Qt.TransformationMode.SmoothTransformation)
                             if scale < 1 else pix)
        self.stack.setCurrentWidget(self.image_area)
        self.page_label.setText(self.tr("page {0}").format(page) if page > 1 else "")
        self.highlighted = bool(self.image_rects)
        if self.image_rects:
            top = min(r.top() for r in self.image_rects) * scale
            QTimer.singleShot(0, lambda: self.image_area.verticalScrollBar().setValue(
                int(max(0, top - self.image_area.viewport().height() / 3))))

    def _locate_on_page(self, page: int) -> tuple[int, int] | None:
        """Characters of the passage (or of the quote, within the passage) in the page's text."""
        text = self.pdf.getAllText(page).text()
        region = locate(text, self.passage) if self.passage.strip() else None
        if self.quote:
            return locate(text, self.quote, within=region) or region
        return region

    def _highlight_pdf(self, page: int, rects) -> None:
        self.pdf_view.set_highlight(page, rects)
        top = first_point(rects)
        self.pdf_view.go_to(page, top.y() if top is not None else None)
        self.highlighted = bool(rects)

    def _next_candidate(self) -> None:
        if not self._candidates:
            self._search_timer.stop()
            return
        self.search.setSearchString(self._candidates.pop(0))
        self._search_tries = 0
        self._search_timer.start()

    def _pick_search_result(self) -> None:
        self._search_tries += 1
        page = (self.page or 1) - 1
        for i in range(self.search.rowCount(QModelIndex())):
            link = self.search.resultAtIndex(i)
            if link.page() == page:
                self._search_timer.stop()
                self._highlight_pdf(page, list(link.rectangles()))
                return
        if self._search_tries > 30:  # about 1.5 s: try the next snippet
            self._next_candidate()

    # ---- text ----------------------------------------------------------------------------
    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.page_label.clear()

    def _on_text(self, path: str, text: str, error: str) -> None:
        if path != self.path:
            return  # the user moved on to another source meanwhile
        if error:
            self._show_message(self.tr("This file could not be read: {0}").format(error))
            return
        self.text.setPlainText(text)
        self.stack.setCurrentWidget(self.text)
        self.page_label.clear()
        span = locate(text, self.passage) if self.passage.strip() else None
        if self.quote:
            span = locate(text, self.quote, within=span) or span
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
        # Scroll to the end, then back to the start of the highlight: it lands near the top.
        end = QTextCursor(self.text.document())
        end.movePosition(QTextCursor.MoveOperation.End)
        self.text.setTextCursor(end)
        self.text.ensureCursorVisible()
        start = QTextCursor(self.text.document())
        start.setPosition(span[0])
        self.text.setTextCursor(start)
        self.text.ensureCursorVisible()
        # A few lines above it stay in view: the heading or the table header it belongs to
        # (a plain text view scrolls by lines).
        bar = self.text.verticalScrollBar()
        bar.setValue(max(0, bar.value() - 3))
        self.highlighted = True
        self.highlight_span = (None, span[0], span[1])


def _pil_image(path: str, page: int) -> QImage | None:
    """Formats Qt cannot read (HEIC), through Pillow."""
    try:
        import io

        from assistant.core.ingest.documents import image

        with image._open(path) as im:
            if page > 1:
                im.seek(page - 1)
            from PIL import ImageOps

            buf = io.BytesIO()
            ImageOps.exif_transpose(im).convert("RGB").save(buf, "PNG")
        return QImage.fromData(buf.getvalue())
    except Exception:  # noqa: BLE001 - shown as "cannot be shown"
        return None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
