"""path -> Document, one module a format. `load` picks the loader by extension."""
from __future__ import annotations

import os
from pathlib import Path

from assistant.core.ingest.documents.base import (  # noqa: F401  (re-exported)
    CORRUPT, ENCRYPTED, NO_TEXT, PERMISSION, TIMEOUT, TOO_LARGE, UNSUPPORTED, VANISHED,
    Document, LoadError, Section,
)

SUFFIXES = {
    ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown",
    ".txt": "text", ".text": "text", ".rst": "text", ".log": "text", ".csv": "text",
    ".docx": "docx",
    ".epub": "epub", ".pptx": "pptx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods", ".odt": "odt",
    ".rtf": "rtf", ".eml": "eml", ".msg": "msg",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
    ".heic": "image", ".heif": "image",
}
# What each version of the readers changed, by format: a library read with an older version
# re-reads its files of those formats at the next indexing run (their unchanged passages keep
# their vectors), so an upgrade's better reading reaches documents that did not change.
READER_VERSION = 5
READER_CHANGES = {
    # HTML tables a row per line; page navigation dropped (HTML, and the HTML inside EPUBs and
    # mails); PDF bookmarks as section headings.
    2: {"html", "epub", "eml", "msg", "pdf"},
    3: {"pdf"},  # PDF running headers and footers dropped
    # Chunks end at the rows of tables printed as text, and never on a sentence announcing the
    # next ("…, run the command"): any format's text may be chunked differently. Not scans and
    # photos: their text is OCR'd, slow to read again, and rarely a table or a command.
    4: set(SUFFIXES.values()) - {"image"},
    # ... nor on a sentence whose command line is printed right under it.
    5: set(SUFFIXES.values()) - {"image"},
}


def changed_kinds(since: int) -> set[str]:
    """The formats whose reading changed after reader version `since`."""
    return set().union(*(kinds for version, kinds in READER_CHANGES.items() if version > since))


def kind(path: str | os.PathLike) -> str | None:
    return SUFFIXES.get(Path(path).suffix.lower())


# Text formats bigger than this are almost never prose worth a chunk budget.
MAX_BYTES = {"pdf": 1024 ** 3, "docx": 256 * 1024 ** 2, "epub": 256 * 1024 ** 2, "pptx": 1024 ** 3,
             "xlsx": 256 * 1024 ** 2, "ods": 256 * 1024 ** 2, "odt": 256 * 1024 ** 2,
             "eml": 256 * 1024 ** 2, "msg": 256 * 1024 ** 2, "image": 512 * 1024 ** 2}
DEFAULT_MAX_BYTES = 64 * 1024 ** 2
# Formats whose module is named for them and has load(path).
_MODULES = {"epub", "pptx", "xlsx", "ods", "odt", "rtf", "eml", "msg"}


def supported(path: str | os.PathLike) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def load(path: str, ocr=None) -> Document:
    """`ocr(image, scale, page, pages) -> OcrPage`: read scanned pages and images with it;
    without it, they are only listed in the document's `needs_ocr`."""
    kind = SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        raise LoadError(UNSUPPORTED, f"{Path(path).suffix or 'no extension'} files are not supported")
    try:
        size = os.path.getsize(path)
    except FileNotFoundError as exc:
        raise LoadError(VANISHED, "the file disappeared before it was read") from exc
    except PermissionError as exc:
        raise LoadError(PERMISSION, str(exc)) from exc
    if size > MAX_BYTES.get(kind, DEFAULT_MAX_BYTES):
        raise LoadError(TOO_LARGE, f"{size // (1024 * 1024)} MB is over the limit for {kind} files")
    try:
        if kind == "pdf":
            from assistant.core.ingest.documents import pdf
            doc = pdf.load(path, ocr)
        elif kind == "image":
            from assistant.core.ingest.documents import image
            doc = image.load(path, ocr)
        elif kind == "html":
            from assistant.core.ingest.documents import html
            doc = html.load(path)
        elif kind == "markdown":
            from assistant.core.ingest.documents import text
            doc = text.load_markdown(path)
        elif kind == "docx":
            from assistant.core.ingest.documents import docx
            doc = docx.load(path)
        elif kind in _MODULES:
            import importlib

            doc = importlib.import_module(f"assistant.core.ingest.documents.{kind}").load(path)
        else:
            from assistant.core.ingest.documents import text
            doc = text.load_text(path)
    except LoadError:
        raise
    except TimeoutError as exc:  # one page kept OCR busy too long
        raise LoadError(TIMEOUT, str(exc)) from exc
    except PermissionError as exc:
        raise LoadError(PERMISSION, str(exc)) from exc
    except FileNotFoundError as exc:
        raise LoadError(VANISHED, "the file disappeared while it was read") from exc
    except MemoryError as exc:
        raise LoadError(TOO_LARGE, "ran out of memory while reading") from exc
    except Exception as exc:
        from assistant.core.ingest.ocr import OCR_FAILED, OcrError

        if isinstance(exc, OcrError):  # the engine's fault, not the file's
            raise LoadError(OCR_FAILED, str(exc)) from exc
        raise LoadError(CORRUPT, f"{type(exc).__name__}: {exc}"[:200]) from exc
    return doc
