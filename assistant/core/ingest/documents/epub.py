"""EPUB e-books: chapters in spine order, each headed by its table-of-contents title (then the
chapter's own h1-h6 below it). Chapters are XHTML read with the HTML loader's parser, which
never expands entities beyond HTML's own."""
from __future__ import annotations

from posixpath import normpath
from urllib.parse import unquote

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Section
from assistant.core.ingest.documents.container import (
    check_zip, has, local, member_xml, read_member, resolve,
)
from assistant.core.ingest.documents.html import _Parser, _tidy

MAX_CHAPTER = 32 * 1024 * 1024
_XHTML = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")


def _rootfile(zf) -> str:
    if has(zf, "META-INF/container.xml"):
        for el in member_xml(zf, "META-INF/container.xml").iter():
            if local(el.tag) == "rootfile" and el.get("full-path"):
                return unquote(el.get("full-path"))
    opf = [n for n in zf.namelist() if n.lower().endswith(".opf")]
    if not opf:
        raise LoadError(CORRUPT, "not an EPUB (no package document)")
    return opf[0]


def _href(base: str, href: str) -> str:
    return resolve(base, unquote(href.split("#", 1)[0]))


def _toc(zf, opf: str, manifest: dict, nav_id: str | None, ncx_id: str | None) -> dict[str, str]:
    """Chapter member -> its title in the book's table of contents (first entry wins)."""
    out: dict[str, str] = {}
    if ncx_id and ncx_id in manifest and has(zf, manifest[ncx_id][0]):
        ncx = manifest[ncx_id][0]
        for point in member_xml(zf, ncx).iter():
            if local(point.tag) != "navPoint":
                continue
            label = next((" ".join((t.text or "").split()) for t in point.iter() if local(t.tag) == "text"), "")
            src = next((c.get("src") for c in point if local(c.tag) == "content"), None)
            if label and src:
                out.setdefault(_href(ncx, src), label)
    if not out and nav_id and nav_id in manifest and has(zf, manifest[nav_id][0]):
        nav = manifest[nav_id][0]
        import html.parser

        links: list[tuple[str, list[str]]] = []

        class _Links(html.parser.HTMLParser):
            def handle_starttag(self, tag, attrs):
                if tag == "a" and dict(attrs).get("href"):
                    links.append((dict(attrs)["href"], []))

            def handle_data(self, data):
                if links:
                    links[-1][1].append(data)

        _Links().feed(read_member(zf, nav, MAX_CHAPTER).decode("utf-8", "replace"))
        for href, parts in links:
            label = " ".join("".join(parts).split())
            if label:
                out.setdefault(_href(nav, href), label)
    return out


def load(path: str) -> Document:
    with check_zip(path) as zf:
        opf = _rootfile(zf)
        if not has(zf, opf):
            raise LoadError(CORRUPT, f"the package document {opf} is missing")
        pkg = member_xml(zf, opf)
        manifest, nav_id = {}, None
        for el in pkg.iter():
            if local(el.tag) == "item" and el.get("id") and el.get("href"):
                manifest[el.get("id")] = (_href(opf, el.get("href")), el.get("media-type", ""))
                if "nav" in (el.get("properties") or "").split():
                    nav_id = el.get("id")
        spine = next((el for el in pkg.iter() if local(el.tag) == "spine"), None)
        if spine is None:
            raise LoadError(CORRUPT, "the EPUB has no spine (no reading order)")
        title = next((" ".join((el.text or "").split()) for el in pkg.iter() if local(el.tag) == "title"), None)
        toc = _toc(zf, opf, manifest, nav_id, spine.get("toc"))
        sections: list[Section] = []
        seen = set()
        for ref in spine:
            item = manifest.get(ref.get("idref"))
            if not item or item[1] not in _XHTML or item[0] in seen or not has(zf, item[0]):
                continue
            seen.add(normpath(item[0]))
            raw = read_member(zf, item[0], MAX_CHAPTER)
            p = _Parser()
            p.feed(raw.decode("utf-8", "replace"))
            p.close()
            chapter = toc.get(item[0]) or " ".join("".join(p.title_parts).split()) or None
            for s in p.sections:
                body = _tidy(s.text)
                if not body:
                    continue
                heading = s.heading
                if chapter and (not heading or not heading.startswith(chapter)):
                    # The book's own chapter title leads, as a reader would cite it.
                    heading = chapter if not heading or heading == chapter else f"{chapter} > {heading}"
                sections.append(Section(text=body, heading=heading))
    return Document(path=path, title=title or None, sections=sections)
