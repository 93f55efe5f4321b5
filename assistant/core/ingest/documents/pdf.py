"""PDF, page by page: pypdfium2 (fast, keeps word spaces), pypdf where pdfium cannot open it."""
from __future__ import annotations

import bisect

from assistant.core.ingest.documents.base import CORRUPT, ENCRYPTED, Document, LoadError, Section


def _clean(text: str) -> str:
    # pdfium ends lines with CRLF and marks soft hyphens; neither belongs in the index.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "").replace("\x02", "")


def _toc_headings(pdf) -> tuple[list[int], list[str]]:
    """Bookmarks as (first page index, heading path), sorted by page."""
    pages, paths, stack = [], [], []
    try:
        for item in pdf.get_toc(max_depth=4):
            if item.page_index is None:
                continue
            del stack[item.level:]
            stack.append(item.title.strip())
            pages.append(item.page_index)
            paths.append(" > ".join(stack))
    except Exception:  # a broken outline should not cost the text
        return [], []
    order = sorted(range(len(pages)), key=lambda i: pages[i])
    return [pages[i] for i in order], [paths[i] for i in order]


def _load_pdfium(path: str) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise LoadError(ENCRYPTED, "the PDF needs a password") from exc
        raise
    try:
        toc_pages, toc_paths = _toc_headings(pdf)
        sections = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                text = _clean(textpage.get_text_range())
                textpage.close()
            finally:
                page.close()
            j = bisect.bisect_right(toc_pages, i) - 1
            sections.append(Section(text=text, page=i + 1, heading=toc_paths[j] if j >= 0 else None))
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
        return Document(path=path, title=title, sections=sections)
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


def load(path: str) -> Document:
    try:
        return _load_pdfium(path)
    except LoadError:
        raise
    except Exception:
        # pdfium refuses some damaged files that pypdf's lenient parser still reads.
        return _load_pypdf(path)
