"""Word .docx: paragraphs and tables, split at Heading styles."""
from __future__ import annotations

import re
import zipfile

from assistant.core.ingest.documents.base import CORRUPT, TOO_LARGE, Document, LoadError, Section

# A real document rarely inflates past these; a zip bomb does by design.
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
_HEADING = re.compile(r"^(heading|見出し)\s*(\d)", re.I)


def check_zip(path: str) -> None:
    """Refuse decompression bombs before any parser inflates them."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(CORRUPT, "not a valid zip container") from exc
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise LoadError(TOO_LARGE, f"expands to {total // (1024 * 1024)} MB (decompression bomb?)")


def load(path: str) -> Document:
    check_zip(path)
    import docx

    try:
        d = docx.Document(path)
    except Exception as exc:
        raise LoadError(CORRUPT, f"not a readable Word document ({type(exc).__name__})") from exc
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    buf: list[str] = []

    def flush():
        body = "\n".join(buf).strip()
        buf.clear()
        if body:
            sections.append(Section(text=body, heading=" > ".join(t for _, t in stack) or None))

    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = docx.text.paragraph.Paragraph(child, d)
            text = para.text
            style = para.style.name if para.style is not None else ""
            m = _HEADING.match(style or "")
            if m and text.strip():
                flush()
                level = int(m.group(2))
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, text.strip()))
            buf.append(text)
        elif tag == "tbl":
            table = docx.table.Table(child, d)
            for row in table.rows:
                buf.append(" | ".join(c.text.strip() for c in row.cells))
    flush()
    title = (d.core_properties.title or "").strip() or None
    return Document(path=path, title=title, sections=sections)
