"""Zip containers (DOCX, XLSX, PPTX, ODF, EPUB) and the XML inside them, read defensively.

A zip bomb is refused from its central directory before anything is inflated, and every member
is inflated with a byte budget, since a forged header can understate what a member expands to.
XML is parsed with expat directly so a document that declares entities (billion laughs,
external entities) is refused: no office or e-book format needs a DTD of its own.
"""
from __future__ import annotations

import zipfile
from typing import Callable
from xml.etree import ElementTree as ET
from xml.parsers import expat

from assistant.core.ingest.documents.base import CORRUPT, ENCRYPTED, TOO_LARGE, LoadError

# A real document rarely inflates past these; a zip bomb does by design.
MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 20_000
MAX_MEMBER = 256 * 1024 * 1024


def check_zip(path: str) -> zipfile.ZipFile:
    """The open container, once its directory shows it is a zip and not a bomb."""
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise LoadError(CORRUPT, "not a valid zip container") from exc
    if len(infos) > MAX_ENTRIES:
        zf.close()
        raise LoadError(TOO_LARGE, f"{len(infos)} entries in one container (a zip bomb?)")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        zf.close()
        raise LoadError(TOO_LARGE, f"expands to {total // (1024 * 1024)} MB (decompression bomb?)")
    return zf


def has(zf: zipfile.ZipFile, name: str) -> bool:
    try:
        zf.getinfo(name)
        return True
    except KeyError:
        return False


def read_member(zf: zipfile.ZipFile, name: str, limit: int = MAX_MEMBER) -> bytes:
    """A member's bytes, never more than `limit` (nor much more than its header declares)."""
    return b"".join(iter_member(zf, name, limit))


def iter_member(zf: zipfile.ZipFile, name: str, limit: int = MAX_MEMBER, block: int = 1 << 20):
    try:
        info = zf.getinfo(name)
    except KeyError as exc:
        raise LoadError(CORRUPT, f"the container has no {name}") from exc
    budget = min(limit, info.file_size + 1024)
    if info.file_size > limit:
        raise LoadError(TOO_LARGE, f"{name} expands to {info.file_size // (1024 * 1024)} MB")
    done = 0
    try:
        with zf.open(info) as f:
            while True:
                data = f.read(block)
                if not data:
                    return
                done += len(data)
                if done > budget:
                    raise LoadError(TOO_LARGE, f"{name} inflates past its declared size (a zip bomb?)")
                yield data
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise LoadError(CORRUPT, f"{name} is damaged ({type(exc).__name__})") from exc
    except RuntimeError as exc:  # zipfile says "File is encrypted, password required"
        raise LoadError(ENCRYPTED, "the container is password-protected") from exc


def _refuse_entities(*_args) -> None:
    raise LoadError(CORRUPT, "the XML declares entities (refused: an entity bomb?)")


def _parser() -> "expat.XMLParserType":
    p = expat.ParserCreate(namespace_separator="}")
    p.EntityDeclHandler = _refuse_entities
    p.UnparsedEntityDeclHandler = _refuse_entities
    p.ExternalEntityRefHandler = _refuse_entities
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.buffer_text = True
    return p


def _tag(name: str) -> str:
    # expat gives "uri}local"; ElementTree spells it "{uri}local".
    return "{" + name if "}" in name else name


def _attrs(attrs: dict) -> dict:
    return {_tag(k): v for k, v in attrs.items()}


def parse_xml(data: bytes, what: str = "XML") -> ET.Element:
    """A whole (small) XML document as an ElementTree element."""
    builder = ET.TreeBuilder()
    p = _parser()
    p.StartElementHandler = lambda name, attrs: builder.start(_tag(name), _attrs(attrs))
    p.EndElementHandler = lambda name: builder.end(_tag(name))
    p.CharacterDataHandler = builder.data
    try:
        p.Parse(data, True)
        return builder.close()
    except expat.ExpatError as exc:
        raise LoadError(CORRUPT, f"{what} is not well-formed XML ({exc})"[:200]) from exc
    except AssertionError as exc:  # TreeBuilder: no root element
        raise LoadError(CORRUPT, f"{what} is empty") from exc


def member_xml(zf: zipfile.ZipFile, name: str, limit: int = 64 * 1024 * 1024) -> ET.Element:
    return parse_xml(read_member(zf, name, limit), name)


def stream_xml(zf: zipfile.ZipFile, name: str, start: Callable, end: Callable, text: Callable) -> None:
    """Feed a (possibly large) member through expat callbacks, block by block, without a tree:
    a sheet of a million rows is never held as a million elements."""
    p = _parser()
    p.StartElementHandler = lambda n, a: start(_tag(n), _attrs(a))
    p.EndElementHandler = lambda n: end(_tag(n))
    p.CharacterDataHandler = text
    try:
        for block in iter_member(zf, name):
            p.Parse(block, False)
        p.Parse(b"", True)
    except expat.ExpatError as exc:
        raise LoadError(CORRUPT, f"{name} is not well-formed XML ({exc})"[:200]) from exc


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def resolve(base: str, target: str) -> str:
    """A relationship target relative to the member that names it ("../notesSlides/n1.xml")."""
    from posixpath import dirname, join, normpath

    if target.startswith("/"):
        return target.lstrip("/")
    return normpath(join(dirname(base), target))
