"""Word .docx: paragraphs and tables, split at Heading styles."""
from __future__ import annotations

import re

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Outline
from assistant.core.ingest.documents.container import check_zip

_HEADING = re.compile(r"^(heading|見出し)\s*(\d)", re.I)


def load(path: str) -> Document:
    check_zip(path).close()
    import docx

    try:
        d = docx.Document(path)
    except Exception as exc:
        raise LoadError(CORRUPT, f"not a readable Word document ({type(exc).__name__})") from exc
    outline = Outline()
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = docx.text.paragraph.Paragraph(child, d)
            text = para.text
            style = para.style.name if para.style is not None else ""
            m = _HEADING.match(style or "")
            if m and text.strip():
                outline.heading(int(m.group(2)), text.strip())
            outline.add(text)
        elif tag == "tbl":
            table = docx.table.Table(child, d)
            for row in table.rows:
                outline.add(" | ".join(c.text.strip() for c in row.cells))
    sections = outline.sections()
    title = (d.core_properties.title or "").strip() or None
    return Document(path=path, title=title, sections=sections)
