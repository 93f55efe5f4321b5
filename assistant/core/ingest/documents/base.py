"""What every loader returns, and the one error type they raise."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Section:
    """A run of text with one location: a PDF page, or the part under one heading."""

    text: str
    page: int | None = None  # 1-based, for paged formats
    heading: str | None = None  # heading path, "Chapter > Section"
    # Headings that begin inside the text, as (offset, heading path): a PDF page holds the end
    # of one section and the start of the next, and its offsets must stay the page's.
    marks: list[tuple[int, str]] = field(default_factory=list)

    def heading_at(self, offset: int) -> str | None:
        """The heading path in effect at this offset of the text."""
        heading = self.heading
        for at, path in self.marks:
            if at > offset:
                break
            heading = path
        return heading


@dataclass
class Document:
    path: str
    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    # Files carried inside this one (a mail's attachments): (file name, bytes). The parse
    # worker writes them out and they are indexed as documents of their own.
    attachments: list[tuple[str, bytes]] = field(default_factory=list)
    # Pages (1-based) that are images without a text layer, left for OCR; and the pages OCR
    # read, with their word boxes (ingest.ocr.OcrPage).
    needs_ocr: list[int] = field(default_factory=list)
    ocr_pages: dict = field(default_factory=dict)

    @property
    def char_count(self) -> int:
        return sum(len(s.text) for s in self.sections)


class Outline:
    """Sections under a heading path, for loaders that meet headings with a level as they read
    (Markdown, DOCX, ODT): `heading(level, title)` closes the text so far and moves the path,
    `add(line)` collects text, `sections()` closes the last part."""

    def __init__(self, keep_indent: bool = False):
        self._sections: list[Section] = []
        self._stack: list[tuple[int, str]] = []
        self._buf: list[str] = []
        self._keep_indent = keep_indent  # Markdown: code blocks keep their leading spaces

    def _flush(self) -> None:
        text = "\n".join(self._buf)
        text = text.strip("\n") if self._keep_indent else text.strip()
        self._buf.clear()
        if text.strip():
            self._sections.append(Section(text=text, heading=" > ".join(t for _, t in self._stack) or None))

    def heading(self, level: int, title: str) -> None:
        self._flush()
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, title))

    def add(self, text: str) -> None:
        self._buf.append(text)

    def sections(self) -> list[Section]:
        self._flush()
        return self._sections


# Reasons shown to the user in the library; stable strings, the tests rely on them.
ENCRYPTED = "encrypted"
CORRUPT = "corrupt"
UNSUPPORTED = "unsupported"
TOO_LARGE = "too large"
PERMISSION = "permission denied"
TIMEOUT = "timeout"
NO_TEXT = "no text"
VANISHED = "vanished"


class LoadError(Exception):
    """A file that cannot be indexed. `reason` is one of the constants above."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
