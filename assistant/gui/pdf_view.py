"""QPdfView that lands on a page reliably and paints a passage highlight.

QPdfView lays its pages out again whenever its viewport changes size (the window gets its final
size, the vertical scroll bar appears, the user resizes): in FitToWidth mode every page then
changes height and a scroll position set earlier points at another page. Its own jump() also
moves only when the current page changes, and its search highlight is drawn at 100% zoom, not
at the fitted size. So this view keeps a target (page, point on the page) and scrolls to it
itself, again after each layout change, until the user scrolls; and it paints the highlight.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView

HIGHLIGHT = QColor(255, 200, 0, 90)
# QPdfView calls the page crossing this fraction of the viewport's height the current one.
CURRENT_LINE = 0.4


class PdfView(QPdfView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._sizes: list[tuple[float, float]] = []  # page sizes in points, per document
        self._target: tuple[int, float] | None = None  # (page, y in points) to keep in view
        self.following = False  # re-scroll to the target after layout changes
        self.highlight_page = -1
        self.highlight_rects: list[QRectF] = []  # in page points
        self.viewport().installEventFilter(self)
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._relayout)
        # actionTriggered comes only from the user (wheel, keys, dragging the bar), never from
        # setValue: the moment to stop following the target.
        bar.actionTriggered.connect(self._user_scrolled)
        self.horizontalScrollBar().actionTriggered.connect(self._user_scrolled)
        # Layout changes arrive in bursts while a window is being mapped and sized.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(30)
        self._settle.timeout.connect(self.apply_target)

    # ---- target --------------------------------------------------------------------------
    def go_to(self, page: int, y_points: float | None = None) -> None:
        """Show 0-based `page` with y_points (from the page's top) a third down the view."""
        self._target = (page, y_points if y_points is not None else -1.0)
        self.following = True
        self.apply_target()
        self._settle.start()

    def set_highlight(self, page: int, rects: list[QRectF]) -> None:
        self.highlight_page, self.highlight_rects = page, list(rects)
        self.viewport().update()

    def clear_highlight(self) -> None:
        self.set_highlight(-1, [])

    def _user_scrolled(self, _action) -> None:
        self.following = False

    def _relayout(self, *_args) -> None:
        if self.following:
            self._settle.start()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.viewport() and event.type() == QEvent.Type.Resize and self.following:
            self._settle.start()
        return super().eventFilter(obj, event)

    def ready(self) -> bool:
        doc = self.document()
        return (doc is not None and doc.status() == QPdfDocument.Status.Ready and doc.pageCount() > 0
                and self.viewport().width() > 0 and self.viewport().height() > 0)

    def apply_target(self) -> None:
        if self._target is None or not self.following or not self.ready():
            return
        page, y_pt = self._target
        page = max(0, min(page, self.document().pageCount() - 1))
        geo = self.page_geometry(page)
        h = self.viewport().height()
        scale = geo.width() / max(self._point_sizes()[page][0], 1e-6)
        if y_pt < 0:
            y = geo.top()
        else:
            y = geo.top() + y_pt * scale - h / 3
        # Keep the cited page across QPdfView's current-page line, so the page it reports (and
        # the user sees in the middle) is the cited one even for a passage at a page's foot.
        y = max(y, geo.top() - CURRENT_LINE * h + 3)
        y = min(y, geo.bottom() - CURRENT_LINE * h - 3)
        bar = self.verticalScrollBar()
        bar.setValue(int(max(bar.minimum(), min(bar.maximum(), y))))

    # ---- layout (mirrors QPdfViewPrivate::calculateDocumentLayout) -------------------------
    def _point_sizes(self) -> list[tuple[float, float]]:
        doc = self.document()
        if len(self._sizes) != doc.pageCount():
            self._sizes = [(s.width(), s.height()) for s in map(doc.pagePointSize, range(doc.pageCount()))]
        return self._sizes

    def forget_layout(self) -> None:
        """Call when the document changes."""
        self._sizes = []

    def page_geometry(self, page: int) -> QRectF:
        """Where QPdfView draws `page`, in document pixels (FitToWidth, MultiPage)."""
        res = QGuiApplication.primaryScreen().logicalDotsPerInch() / 72.0
        m = self.documentMargins()
        vw = self.viewport().width()
        sizes = []
        for w_pt, h_pt in self._point_sizes():
            w0, h0 = int(w_pt * res + 0.5), int(h_pt * res + 0.5)  # QSizeF::toSize rounds
            f = (vw - m.left() - m.right()) / max(w0, 1)
            sizes.append((int(w0 * f + 0.5), int(h0 * f + 0.5)))  # QSize *= qreal rounds too
        total_w = max(w for w, _ in sizes) + m.left() + m.right()
        y = m.top() + sum(h + self.pageSpacing() for _, h in sizes[:page])
        w, h = sizes[page]
        x = (max(total_w, vw) - w) // 2
        return QRectF(x, y, w, h)

    def page_rect_in_viewport(self, page: int, rect: QRectF) -> QRectF:
        geo = self.page_geometry(page)
        scale = geo.width() / max(self._point_sizes()[page][0], 1e-6)
        return QRectF(geo.left() + rect.left() * scale - self.horizontalScrollBar().value(),
                      geo.top() + rect.top() * scale - self.verticalScrollBar().value(),
                      rect.width() * scale, rect.height() * scale)

    def current_page(self) -> int:
        """0-based, as QPdfView reports it (the page across its current-page line)."""
        return self.pageNavigator().currentPage()

    # ---- painting ------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.highlight_page < 0 or not self.highlight_rects or not self.ready():
            return
        painter = QPainter(self.viewport())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(HIGHLIGHT)
        for r in self.highlight_rects:
            painter.drawRect(self.page_rect_in_viewport(self.highlight_page, r).adjusted(-1, -1, 1, 1))
        painter.end()


def selection_rects(doc: QPdfDocument, page: int, start: int, length: int) -> list[QRectF]:
    """Line boxes (page points) of a character range, from QPdfDocument's own text layout."""
    sel = doc.getSelectionAtIndex(page, start, length)
    rects = []
    for poly in sel.bounds():
        r = poly.boundingRect()
        if r.width() > 0 and r.height() > 0:
            rects.append(r)
    return rects


def first_point(rects: list[QRectF]) -> QPointF | None:
    return min((r.topLeft() for r in rects), key=lambda p: (p.y(), p.x()), default=None)
