"""HTML: visible text split at headings, with the title; scripts, styles and markup dropped."""
from __future__ import annotations

import html.parser
import re
from pathlib import Path

from assistant.core.ingest.documents.base import Document, Section
from assistant.core.ingest.documents.encoding import decode

_HIDDEN = {"script", "style", "noscript", "template", "svg", "head", "object", "iframe"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "pre", "blockquote",
    "section", "article", "header", "footer", "nav", "aside", "hr", "td", "th", "figure",
    "figcaption", "caption", "form", "main", "h1", "h2", "h3", "h4", "h5", "h6",
}
_PREFORMATTED = {"pre", "textarea", "listing", "xmp"}
# Navigation repeated on every page of a generated manual (DocBook's navheader/navfooter tables
# in the PostgreSQL manual and the Debian FAQ, Sphinx's related bars, <nav>, breadcrumbs): "Prev
# Up Home Next" and the neighbouring pages' titles. Read as text, it was a passage and a quote of
# its own ("Background Worker Processes | Prev | Up | Part V. Server Programming | Home | Next")
# and matched any question that named a neighbouring chapter.
_NAV_CLASSES = {"navheader", "navfooter", "navbar", "navigation", "breadcrumb", "breadcrumbs", "related"}
# Only elements that are always closed hold navigation to skip: a void element (<img>, <hr>)
# never ends, and a <p> or <li> may end without its end tag, so skipping from one ran to the
# end of the page.
_NAV_CONTAINERS = {"nav", "div", "ul", "ol", "table", "section", "aside", "header", "footer", "menu"}
_SOFT = "\x1f"  # a line break of the HTML source (not a <br>, not inside <pre>)
_SOFT_RUN = re.compile(r"[ \t\x1f]*\x1f[ \t\x1f]*")
_WIDE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _soft_breaks(text: str) -> str:
    """Source line breaks as a browser renders them (CSS Text, segment breaks): nothing between
    two Japanese/Chinese characters (a space there would also split the words that full-text
    search pairs up), a space anywhere else."""
    def one(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return "" if _WIDE.match(before or " ") and _WIDE.match(after or " ") else " "

    return _SOFT_RUN.sub(one, text)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# A data table's row is one line, its cells separated by a tab: "bigserial\t8 bytes\tlarge
# autoincrementing integer\t1 to 9223372036854775807" is the sentence that answers "how large
# can a bigserial get?", and a cell alone ("1 to 9223372036854775807") says nothing. Rows with a
# long cell, a nested table or preformatted text are page layout, and keep their blocks.
CELL_SEP = "\t"
_CELL_MAX = 300


class _Row:
    def __init__(self, start: int, table: int):
        self.start = start  # index in the parser's buffer where the row began
        self.table = table  # how many tables deep it is (a row of a table inside a cell: 2)
        self.cells: list[tuple[int, int]] = []  # buffer index ranges of its cells
        self.cell_start: int | None = None
        self.layout = False  # a nested table or <pre>: not a row of data


class _Parser(html.parser.HTMLParser):
    def __init__(self, skip_navigation: bool = True):
        super().__init__(convert_charrefs=True)
        self._skip_navigation = skip_navigation
        self.title_parts: list[str] = []
        self.sections: list[Section] = []
        self._buf: list[str] = []
        self._hidden = 0
        self._in_title = False
        self._heading_level = 0
        self._heading_buf: list[str] = []
        self._stack: list[tuple[int, str]] = []  # (level, text)
        self._pre = 0  # inside <pre>: the source's line breaks are the text's
        self._rows: list[_Row] = []  # the table rows being read (innermost last)
        self._tables = 0  # tables open
        self._nav: tuple[str, int] | None = None  # (tag, same tags opened inside) of skipped navigation

    def _flush(self):
        text = _soft_breaks("".join(self._buf))
        self._buf = []
        for row in self._rows:  # a heading inside a row: the buffer it indexed is gone
            row.layout = True
        if text.strip():
            path = " > ".join(t for _, t in self._stack) or None
            self.sections.append(Section(text=text, heading=path))

    def _navigation(self, tag: str, attrs) -> bool:
        """True while inside page navigation (_NAV_CLASSES): nothing of it is read."""
        if self._nav is not None:
            if tag == self._nav[0]:
                self._nav = (tag, self._nav[1] + 1)
            return True
        if not self._skip_navigation:
            return False
        found = dict(attrs)
        classes = set((found.get("class") or "").lower().split())
        if tag in _NAV_CONTAINERS and (tag == "nav" or (found.get("role") or "").lower() == "navigation"
                                       or classes & _NAV_CLASSES):
            self._nav = (tag, 0)
            return True
        return False

    def handle_starttag(self, tag, attrs):
        if self._navigation(tag, attrs):
            return
        if tag == "title":
            self._in_title = True
        if tag in _PREFORMATTED:
            self._pre += 1
        if tag in _HIDDEN:
            self._hidden += 1
            return
        if tag in _HEADINGS and not self._hidden:
            self._flush()
            self._heading_level = _HEADINGS[tag]
            self._heading_buf = []
        if tag == "table" or tag in _PREFORMATTED:
            for row in self._rows:
                row.layout = True
            self._tables += tag == "table"
        if tag == "tr":
            self._rows.append(_Row(len(self._buf), self._tables))
        elif tag in ("td", "th") and self._rows:
            row = self._rows[-1]
            if row.cell_start is not None:  # the cell before was not closed (<td>a<td>b)
                row.cells.append((row.cell_start, len(self._buf)))
            row.cell_start = len(self._buf)
        if tag in _BLOCK:
            self._buf.append("\n")

    def _end_row(self) -> bool:
        """Ends the innermost row; True when it became one line."""
        row = self._rows.pop()
        if row.cell_start is not None:  # a cell left open (<td> without </td>)
            row.cells.append((row.cell_start, len(self._buf)))
        if row.layout or row.start > len(self._buf):
            return False
        cells = [" ".join(_soft_breaks("".join(self._buf[a:b])).split()) for a, b in row.cells]
        cells = [c for c in cells if c]
        if len(cells) < 2 or max(len(c) for c in cells) > _CELL_MAX:
            return False
        # The rows of a table on consecutive lines, as a table reads.
        del self._buf[row.start:]
        self._buf.append("\n" + CELL_SEP.join(cells))
        return True

    def handle_startendtag(self, tag, attrs):
        if self._nav is not None:
            return
        if tag in ("br", "hr"):
            self._buf.append("\n")

    def handle_endtag(self, tag):
        if self._nav is not None:
            if tag == self._nav[0]:
                self._nav = (tag, self._nav[1] - 1) if self._nav[1] else None
            return
        if tag == "title":
            self._in_title = False
        if tag in _PREFORMATTED:
            self._pre = max(0, self._pre - 1)
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
            return
        if tag in ("td", "th") and self._rows and self._rows[-1].cell_start is not None:
            row = self._rows[-1]
            row.cells.append((row.cell_start, len(self._buf)))
            row.cell_start = None
        elif tag == "tr" and self._rows:
            if not self._end_row():
                self._buf.append("\n")
            return
        elif tag == "table":
            while self._rows and self._rows[-1].table >= self._tables:  # rows left open (no </tr>)
                self._end_row()
            self._tables = max(0, self._tables - 1)
        if tag in _HEADINGS and self._heading_level:
            heading = " ".join("".join(self._heading_buf).split())
            level = self._heading_level
            self._heading_level = 0
            while self._stack and self._stack[-1][0] >= level:
                self._stack.pop()
            if heading:
                self._stack.append((level, heading))
            # The heading text also stays in the section body, so it is searchable.
            self._buf.append("\n")
        elif tag in _BLOCK:
            self._buf.append("\n")

    def handle_data(self, data):
        if self._nav is not None:
            return
        if self._in_title:
            self.title_parts.append(data)
        if self._hidden:
            return
        if self._heading_level:
            self._heading_buf.append(data)
        if not self._pre:
            # A line break in HTML source is no line break on screen: kept, it looked like a
            # short line (a heading, a table row) and cut sentences in two ("at least
            # max_connections minus" | "superuser_reserved_connections, new…") for quotes and
            # chunks. Marked here, resolved once the neighbours are known (_soft_breaks).
            data = data.replace(_SOFT, "").replace("\r\n", "\n").replace("\r", "\n").replace("\n", _SOFT)
        self._buf.append(data)

    def close(self):
        super().close()
        self._flush()


def _tidy(text: str) -> str:
    # Collapse runs of spaces inside lines and runs of blank lines; keep paragraph breaks, and
    # the tabs between a table row's cells.
    lines = [CELL_SEP.join(c for c in (" ".join(cell.split()) for cell in line.split(CELL_SEP)) if c)
             for line in text.split("\n")]
    out, blank = [], 0
    for line in lines:
        if line:
            out.append(line)
            blank = 0
        elif not blank and out:
            out.append("")
            blank = 1
    return "\n".join(out).strip()


def load(path: str) -> Document:
    raw = Path(path).read_bytes()
    text = decode(raw, html=True)
    for skip_navigation in (True, False):
        p = _Parser(skip_navigation)
        p.feed(text)
        p.close()
        title = " ".join("".join(p.title_parts).split()) or None
        sections = []
        for s in p.sections:
            body = _tidy(s.text)
            if body:
                heading = s.heading or title
                sections.append(Section(text=body, heading=heading))
        if sections and p._nav is None:
            break
        # A page that is all navigation (a site map, a table of contents) is read as it is,
        # rather than indexed as empty; and so is one whose navigation never ended (an unclosed
        # <div class="navheader">), rather than losing the rest of the page.
    return Document(path=path, title=title, sections=sections)
