"""PDF, page by page: pypdfium2 (fast, keeps word spaces), pypdf where pdfium cannot open it."""
from __future__ import annotations

import bisect
import itertools
import re

from assistant.core.ingest.documents.base import CORRUPT, ENCRYPTED, Document, LoadError, Section
from assistant.core.ingest.ocr import DPI, MAX_OCR_PIXELS, MIN_TEXT_CHARS, OcrError


def _clean(text: str) -> str:
    # pdfium ends lines with CRLF and marks soft hyphens; neither belongs in the index.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "").replace("\x02", "")


def _toc_headings(pdf) -> list[tuple[int, str]]:
    """Bookmarks as (page index, title), in outline order. pypdfium2 5 reads them with
    get_title()/get_dest(); 4 had .title/.page_index (a silent AttributeError here once cost every
    PDF its headings). The heading is the bookmark's own title, not its path: a book's outline is
    deep, and a chapter's title on every chunk of its thirty pages matched any question naming
    the chapter's topic (measured with the path: Japanese hit@5 0.76 -> 0.72; with the title:
    0.76, benchmarks/README.md)."""
    out = []
    try:
        for item in pdf.get_toc(max_depth=4):
            if hasattr(item, "get_title"):
                title = " ".join((item.get_title() or "").split())
                dest = item.get_dest()
                index = dest.get_index() if dest is not None else None
            else:
                title, index = " ".join((item.title or "").split()), item.page_index
            if index is not None and title:
                out.append((index, title))
    except Exception:  # a broken outline should not cost the text
        return []
    return out


def _title_at(text: str, title: str, after: int) -> int | None:
    """Where a bookmark's title is printed on its page (from `after` on): the start of its line,
    so a section number before it ("1.1.4 ") belongs to the new section. Line breaks and spaces
    may differ from the outline's."""
    words = title.split()
    if not words:
        return None
    if _CJK.search(title):  # Japanese wraps anywhere, mid-word included
        pattern = r"\s*".join(re.escape(ch) for ch in "".join(words))
    else:
        pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern, re.I).search(text, after)  # "GETTING STARTED" for "Getting Started"
    if m is None:
        return None
    return text.rfind("\n", 0, m.start()) + 1


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _page_headings(toc: list[tuple[int, str]], pages: list[int], i: int,
                   text: str) -> tuple[str | None, list[tuple[int, str]]]:
    """(the heading in effect at the top of page i, the headings that begin on it). `toc` is
    sorted by page, `pages` its page indexes (made once per file, not once per page)."""
    first = bisect.bisect_left(pages, i)
    heading = toc[first - 1][1] if first > 0 else None
    marks: list[tuple[int, str]] = []
    after = 0
    for p, title in itertools.islice(toc, first, None):  # no copy of the rest of the outline per page
        if p != i:
            break
        at = _title_at(text, title, after)
        if at is None:
            if marks:
                continue  # not found as printed: the section before it goes on
            at = 0  # the page's first section, its title not in the text (an image, a banner)
        marks.append((at, title))
        after = at + 1
    return heading, marks


# A running header or footer: the same line at the top or the bottom of at least this share of
# the pages, the page number aside ("Debian Reference 13 / 233" on all 233 pages). It is in no
# passage's meaning: it put the book's title into every page's full-text terms and embedding,
# and before a quote ("Debian リファレンス 99 / 244\nこれで、…"). A book that alternates its
# title and its chapter's title over facing pages still has its title on half of them.
# Only a number that counts the pages may differ: a statement's or an invoice's first line
# ("Invoice No. 1001", "Total: 95.00 EUR") is what that page says, and stays.
RUNNING_SHARE = 0.4
RUNNING_MIN_PAGES = 3
_DIGITS = re.compile(r"\d+")


def _edge_lines(text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(start, end) of the page's first and last non-empty lines (None if it has fewer than two)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    if len(spans) < 2:
        return None, None
    return spans[0], spans[-1]


def _line_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def _counts_pages(found: list[tuple[int, list[int]]], pages: int) -> bool:
    """The numbers of one line over the pages it is on: each the same everywhere, or going up
    with the page (a printed page number: the page index plus a fixed offset, no larger than a
    book of this length could print), at least one of them the latter."""
    counting = False
    for j in range(len(found[0][1])):
        values = [nums[j] for _i, nums in found]
        if len(set(values)) == 1:
            continue
        if len({v - i for (i, _n), v in zip(found, values)}) == 1 and max(values) <= 2 * pages + 10:
            counting = True
            continue
        return False
    return counting


def strip_running_lines(texts: list[str], keep: set[int] = frozenset()) -> list[str]:
    """The pages' texts without their running headers and footers (see RUNNING_SHARE). Only a
    page's first or last line can be one; pages in `keep` are left as they are, and so is a
    page that would be left with nothing. A line repeated word for word (no page number) stays
    on the first page it is on."""
    edges = [_edge_lines(t) if i not in keep else (None, None) for i, t in enumerate(texts)]
    need = max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(texts))
    drop: list[dict[int, tuple[int, int]]] = [{} for _ in texts]  # page -> side -> span
    for side in (0, 1):
        groups: dict[str, list[tuple[int, list[int], str]]] = {}
        for i, e in enumerate(edges):
            if e[side]:
                line = texts[i][e[side][0]:e[side][1]]
                groups.setdefault(_line_key(line), []).append((i, [int(n) for n in _DIGITS.findall(line)], line))
        for key, found in groups.items():
            if len(found) < need or len(key) > 120:
                continue
            if len({" ".join(line.split()) for _i, _n, line in found}) == 1:
                found = found[1:]  # the same words everywhere: said once, where it first is
            elif not _counts_pages([(i, nums) for i, nums, _line in found], len(texts)):
                continue
            for i, _nums, _line in found:
                drop[i][side] = edges[i][side]
    out = []
    for text, cut in zip(texts, drop):
        stripped = text
        for a, b in sorted(cut.values(), reverse=True):
            # The line and its line break go; offsets are within this page's text only.
            stripped = stripped[:a] + stripped[b + 1:] if stripped[b:b + 1] == "\n" else stripped[:a] + stripped[b:]
        out.append(stripped if stripped.strip() else text)
    return out


def _scanned(page, text: str) -> bool:
    """No text layer to speak of, and an image to read instead."""
    if len("".join(text.split())) >= MIN_TEXT_CHARS:
        return False
    import pypdfium2.raw as pdfium_c

    try:
        return next(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3), None) is not None
    except Exception:  # a damaged page tree: read it as it is
        return False


def _ocr_page(page, ocr, number: int, pages: int):
    """Renders the page and reads it; word boxes in PDF points from the page's top left."""
    w_pt, h_pt = page.get_size()
    scale = DPI / 72
    if w_pt * h_pt * scale * scale > MAX_OCR_PIXELS:
        scale = (MAX_OCR_PIXELS / (w_pt * h_pt)) ** 0.5
    image = page.render(scale=scale, grayscale=True).to_pil()
    try:
        return ocr(image, 1 / scale, number, pages)
    finally:
        image.close()


def _load_pdfium(path: str, ocr=None) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise LoadError(ENCRYPTED, "the PDF needs a password") from exc
        raise
    try:
        toc = sorted(_toc_headings(pdf), key=lambda t: t[0])  # page order; outline order within a page
        toc_pages = [p for p, _title in toc]
        texts, needs_ocr, ocr_pages = [], [], {}
        n = len(pdf)
        for i in range(n):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                text = _clean(textpage.get_text_range())
                textpage.close()
                if _scanned(page, text):
                    if ocr is None:
                        needs_ocr.append(i + 1)
                    else:
                        ocr_pages[i + 1] = _ocr_page(page, ocr, i + 1, n)
                        text = ocr_pages[i + 1].text
            finally:
                page.close()
            texts.append(text)
        # OCR'd pages keep their text as read: their word boxes index it.
        texts = strip_running_lines(texts, keep={p - 1 for p in ocr_pages})
        sections = []
        for i, text in enumerate(texts):
            heading, marks = _page_headings(toc, toc_pages, i, text)
            sections.append(Section(text=text, page=i + 1, heading=heading, marks=marks))
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
        return Document(path=path, title=title, sections=sections, needs_ocr=needs_ocr, ocr_pages=ocr_pages)
    finally:
        pdf.close()


def _load_pypdf(path: str) -> Document:
    import pypdf

    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise LoadError(ENCRYPTED, "the PDF needs a password")
        sections = [Section(text=p.extract_text() or "", page=i + 1) for i, p in enumerate(reader.pages)]
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(CORRUPT, f"not a readable PDF ({type(exc).__name__})") from exc
    return Document(path=path, sections=sections)


def load(path: str, ocr=None) -> Document:
    """`ocr(image, scale, page, pages) -> OcrPage` reads pages without a text layer; without it
    they are listed in `needs_ocr`."""
    try:
        return _load_pdfium(path, ocr)
    except (LoadError, OcrError, TimeoutError, MemoryError):
        raise
    except Exception:
        # pdfium refuses some damaged files that pypdf's lenient parser still reads.
        return _load_pypdf(path)
