"""OpenDocument text (.odt): paragraphs, lists and tables, split at its headings (text:h)."""
from __future__ import annotations

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Outline
from assistant.core.ingest.documents.container import check_zip, has, local, member_xml

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SKIP = {"tracked-changes", "note-citation", "sequence-decls", "soft-page-break", "bookmark-ref"}
_BLOCKS = {"p", "h", "list-item", "table-row"}


def inline_text(el) -> str:
    """The text of a paragraph with ODF's spaces, tabs and line breaks spelled out."""
    out: list[str] = [el.text or ""]
    for child in el:
        name = local(child.tag)
        if name == "s":
            out.append(" " * min(int(child.get(f"{{{_TEXT}}}c", "1") or 1), 100))
        elif name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append("\n")
        elif name == "note":
            body = next((c for c in child if local(c.tag) == "note-body"), None)
            if body is not None:
                out.append(" (" + " ".join(inline_text(p) for p in body.iter() if local(p.tag) == "p") + ") ")
        elif name not in _SKIP and name != "annotation":
            out.append(inline_text(child))
        out.append(child.tail or "")
    return "".join(out)


def load(path: str) -> Document:
    with check_zip(path) as zf:
        if not has(zf, "content.xml"):
            raise LoadError(CORRUPT, "not an OpenDocument file (no content.xml)")
        root = member_xml(zf, "content.xml")
    body = next((el for el in root.iter() if local(el.tag) == "text"
                 and el.tag.startswith("{urn:oasis:names:tc:opendocument:xmlns:office")), None)
    if body is None:
        raise LoadError(CORRUPT, "not an OpenDocument text (no office:text)")
    outline = Outline()

    def walk(el):
        for child in el:
            name = local(child.tag)
            if name == "h":
                text = " ".join(inline_text(child).split())
                if text:
                    outline.heading(int(child.get(f"{{{_TEXT}}}outline-level", "1") or 1), text)
                    outline.add(text)
            elif name == "p":
                outline.add(inline_text(child))
            elif name == "table-row":
                cells = [" ".join(inline_text(p) for p in c.iter() if local(p.tag) == "p").strip()
                         for c in child if local(c.tag) == "table-cell"]
                outline.add(" | ".join(cells))
            elif name not in _SKIP:
                walk(child)

    walk(body)
    sections = outline.sections()
    title = next((" ".join((el.text or "").split()) for el in root.iter() if local(el.tag) == "title"), None)
    return Document(path=path, title=title or None, sections=sections)
