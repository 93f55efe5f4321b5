"""PowerPoint .pptx: a slide = a page (Section.page is the slide number), headed by its title;
text boxes, tables and the speaker notes, in the presentation's slide order."""
from __future__ import annotations

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Section
from assistant.core.ingest.documents.container import check_zip, has, local, member_xml, resolve

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_TITLES = {"title", "ctrTitle"}


def _rels(zf, member: str) -> dict[str, tuple[str, str]]:
    """rId -> (type's last word, member) for a part's relationships."""
    folder, _, name = member.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels"
    if not has(zf, rels):
        return {}
    out = {}
    for rel in member_xml(zf, rels):
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], resolve(member, rel.get("Target", "")))
    return out


def _paragraphs(el) -> list[str]:
    out = []
    for p in el.iter():
        if local(p.tag) == "p" and p.tag.startswith("{http://schemas.openxmlformats.org/drawingml"):
            text = "".join((t.text or "") if local(t.tag) == "t" else "\n" if local(t.tag) == "br" else ""
                           for t in p.iter())
            if text.strip():
                out.append(text.strip())
    return out


def _shapes(root):
    """(placeholder type, paragraphs) for each text shape or table, in document order."""
    for el in root.iter():
        name = local(el.tag)
        if name == "sp":
            ph = next((x.get("type", "body") for x in el.iter() if local(x.tag) == "ph"), None)
            body = next((x for x in el if local(x.tag) == "txBody"), None)
            if body is not None:
                yield ph, _paragraphs(body)
        elif name == "tbl":
            rows = []
            for tr in (x for x in el.iter() if local(x.tag) == "tr"):
                rows.append(" | ".join(" ".join(_paragraphs(tc)) for tc in tr if local(tc.tag) == "tc"))
            yield None, rows


def load(path: str) -> Document:
    with check_zip(path) as zf:
        if not has(zf, "ppt/presentation.xml"):
            raise LoadError(CORRUPT, "not a PowerPoint presentation (no ppt/presentation.xml)")
        pres = member_xml(zf, "ppt/presentation.xml")
        rels = _rels(zf, "ppt/presentation.xml")
        slides = [rels[el.get(_REL)][1] for el in pres.iter()
                  if local(el.tag) == "sldId" and el.get(_REL) in rels]
        sections = []
        for n, member in enumerate(slides, 1):
            if not has(zf, member):
                continue
            title, lines = None, []
            for ph, paras in _shapes(member_xml(zf, member)):
                if ph in _TITLES and title is None and paras:
                    title = " ".join(" ".join(paras).split())
                lines.extend(paras)
            notes = [m for kind, m in _rels(zf, member).values() if kind == "notesSlide" and has(zf, m)]
            if notes:
                said = [p for ph, paras in _shapes(member_xml(zf, notes[0])) if ph == "body" for p in paras]
                if said:
                    lines.append("Notes: " + "\n".join(said))
            text = "\n".join(lines).strip()
            if text:
                sections.append(Section(text=text, page=n, heading=title or f"Slide {n}"))
    return Document(path=path, title=sections[0].heading if sections else None, sections=sections)
