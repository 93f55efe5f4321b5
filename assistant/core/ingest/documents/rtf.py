"""Rich Text Format: its text via striprtf (pure Python; honours \\ansicpg and font charsets,
so Japanese RTF written by Word or TextEdit reads right). RTF has no reliable headings."""
from __future__ import annotations

from pathlib import Path

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Section


def load(path: str) -> Document:
    raw = Path(path).read_bytes()
    if not raw.lstrip()[:5] == b"{\\rtf":
        raise LoadError(CORRUPT, "not an RTF document (no {\\rtf header)")
    from striprtf.striprtf import rtf_to_text

    # RTF is 7-bit by definition: other bytes arrive escaped (\'hh, \uN), so latin-1 is lossless.
    text = rtf_to_text(raw.decode("latin-1"), errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(path=path, title=Path(path).stem, sections=[Section(text=text)] if text.strip() else [])
