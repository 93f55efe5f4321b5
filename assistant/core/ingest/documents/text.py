"""Plain text and Markdown: encoding detected; Markdown split at its headings."""
from __future__ import annotations

import re
from pathlib import Path

from assistant.core.ingest.documents.base import Document, Outline, Section
from assistant.core.ingest.documents.encoding import decode

_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def load_text(path: str) -> Document:
    text = decode(Path(path).read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    return Document(path=path, title=Path(path).stem, sections=[Section(text=text)] if text.strip() else [])


def split_markdown(text: str) -> list[Section]:
    outline = Outline(keep_indent=True)
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else _ATX.match(line)
        if m:
            outline.heading(len(m.group(1)), m.group(2))
        outline.add(line)
    return outline.sections()


def load_markdown(path: str) -> Document:
    text = decode(Path(path).read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    sections = split_markdown(text)
    title = next((s.heading.split(" > ")[0] for s in sections if s.heading), Path(path).stem)
    return Document(path=path, title=title, sections=sections)
