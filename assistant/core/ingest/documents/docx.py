"""Word .docx: paragraphs and tables, split at Heading styles."""
from __future__ import annotations

import re

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Section
from assistant.core.ingest.documents.container import check_zip

_HEADING = re.compile(r"^(heading|見出し)\s*(\d)", re.I)


def load(path: str) -> Document:
    check_zip(path).close()
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
