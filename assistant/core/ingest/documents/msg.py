"""Outlook .msg (an OLE2 compound file of MAPI properties): sender, recipients, date and
subject, then the body (plain text, else the HTML body's visible text, else the compressed RTF
body that older Outlook versions and rich-text mails keep alone); attachments are handed back
to be indexed as documents of their own. Read with olefile; no Outlook needed."""
from __future__ import annotations

import struct
from datetime import datetime, timedelta, timezone

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Section
from assistant.core.ingest.documents.eml import MAX_ATTACHMENTS, header_block, html_text

MAX_STREAM = 64 * 1024 * 1024
# MAPI property ids (as stream names spell them) of what a reader of the mail sees.
SUBJECT, SENDER_NAME, SENDER_EMAIL, DISPLAY_TO, DISPLAY_CC = "0037", "0C1A", "0C1F", "0E04", "0E03"
BODY, BODY_HTML, RTF_COMPRESSED, HEADERS = "1000", "1013", "1009", "007D"
ATTACH_DATA, ATTACH_LONG_NAME, ATTACH_NAME = "3701", "3707", "3704"
SUBMIT_TIME = 0x00390040  # PR_CLIENT_SUBMIT_TIME, a FILETIME in the properties stream


def _stream(ole, storage: str, prop: str, binary: bool = False) -> bytes | str | None:
    """A property of a storage ("" = the message): unicode (001F), 8-bit (001E) or binary (0102)."""
    prefix = f"{storage}/" if storage else ""
    kinds = (("0102", None),) if binary else (("001F", "utf-16-le"), ("001E", "cp1252"), ("0102", "utf-8"))
    for kind, enc in kinds:
        name = f"{prefix}__substg1.0_{prop}{kind}"
        if ole.exists(name):
            size = ole.get_size(name)
            if size > MAX_STREAM:
                raise LoadError(CORRUPT, f"a property stream claims {size // (1024 * 1024)} MB")
            data = ole.openstream(name).read()
            return data if enc is None else data.decode(enc, "replace").rstrip("\x00")
    return None


# MS-OXRTFCP: compressed RTF is LZ77 over a 4096-byte ring that starts with this text.
_RTF_DICT = (b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
             b"\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
             b"\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx")


RTF_LIMIT = 16 * 1024 * 1024  # decompressed; ~5 s of this pure-Python loop at worst


def decompress_rtf(data: bytes, limit: int = RTF_LIMIT) -> bytes:
    """The RTF inside PR_RTF_COMPRESSED ('LZFu' compressed or 'MELA' stored). At most `limit`
    bytes come out, whatever the header claims: a hostile stream cannot expand without bound,
    and a huge real body (pictures embedded in the RTF) keeps its first `limit` bytes."""
    if len(data) < 16:
        raise LoadError(CORRUPT, "a damaged rich-text body (too short)")
    comp_size, raw_size, kind = struct.unpack_from("<II4s", data)
    raw_size = min(raw_size, limit)
    body = data[16:4 + comp_size]
    if kind == b"MELA":
        return body[:raw_size]
    if kind != b"LZFu":
        raise LoadError(CORRUPT, "a rich-text body in an unknown compression")
    ring = bytearray(_RTF_DICT.ljust(4096, b" "))
    write = len(_RTF_DICT)
    out = bytearray()
    i, n = 0, len(body)
    while i < n and len(out) < raw_size:
        control = body[i]
        i += 1
        for bit in range(8):
            if i >= n or len(out) >= raw_size:
                break
            if not control & (1 << bit):  # a literal byte
                out.append(body[i])
                ring[write] = body[i]
                write = (write + 1) % 4096
                i += 1
                continue
            if i + 1 >= n:
                break
            token = (body[i] << 8) | body[i + 1]
            i += 2
            offset, length = token >> 4, (token & 0xF) + 2
            if offset == write:  # the end marker
                return bytes(out)
            for k in range(length):  # byte by byte: a reference may overlap what it writes
                b = ring[(offset + k) % 4096]
                out.append(b)
                ring[write] = b
                write = (write + 1) % 4096
    return bytes(out[:raw_size])


def _rtf_body(ole) -> str:
    data = _stream(ole, "", RTF_COMPRESSED, binary=True)
    if not data:
        return ""
    from striprtf.striprtf import rtf_to_text

    # Outlook keeps HTML mail here as RTF with \\fromhtml1: the tags sit in \\*\\htmltag groups,
    # which striprtf skips as ignorable destinations, leaving the text.
    return rtf_to_text(decompress_rtf(data).decode("latin-1"), errors="replace")


def _submit_time(ole) -> str:
    if not ole.exists("__properties_version1.0"):
        return ""
    data = ole.openstream("__properties_version1.0").read(1 << 20)
    # The message's own properties stream: a 32-byte header, then 16-byte entries.
    for off in range(32, len(data) - 15, 16):
        tag, _flags, value = struct.unpack_from("<IIQ", data, off)
        if tag == SUBMIT_TIME and value:
            try:
                when = datetime(1601, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=value // 10)
            except OverflowError:
                return ""
            return when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    return ""


def _date(ole) -> str:
    headers = _stream(ole, "", HEADERS)
    for line in (headers or "").splitlines():
        if line.lower().startswith("date:"):
            return line[5:].strip()
    return _submit_time(ole)


def load(path: str) -> Document:
    import olefile

    if not olefile.isOleFile(path):
        raise LoadError(CORRUPT, "not an Outlook message (no OLE2 header)")
    try:
        ole = olefile.OleFileIO(path)
    except (OSError, ValueError, IndexError, struct.error) as exc:
        raise LoadError(CORRUPT, f"a damaged Outlook message ({type(exc).__name__})") from exc
    try:
        if not any(e[0].startswith("__substg1.0_") for e in ole.listdir(streams=True, storages=False)):
            raise LoadError(CORRUPT, "an OLE2 file, but not an Outlook message")
        sender = _stream(ole, "", SENDER_NAME) or ""
        email = _stream(ole, "", SENDER_EMAIL) or ""
        fields = {
            "From": f"{sender} <{email}>" if sender and "@" in email and email not in sender else sender or email,
            "To": _stream(ole, "", DISPLAY_TO) or "",
            "Cc": _stream(ole, "", DISPLAY_CC) or "",
            "Date": _date(ole),
            "Subject": _stream(ole, "", SUBJECT) or "",
        }
        body = _stream(ole, "", BODY) or ""
        if not body.strip():
            markup = _stream(ole, "", BODY_HTML, binary=True)
            body = html_text(markup.decode("utf-8", "replace")) if markup else ""
        if not body.strip():
            body = _rtf_body(ole)
        attachments = []
        storages = sorted({e[0] for e in ole.listdir(streams=False, storages=True)
                           if e[0].startswith("__attach_version1.0_#")})
        for storage in storages[:MAX_ATTACHMENTS]:
            name = _stream(ole, storage, ATTACH_LONG_NAME) or _stream(ole, storage, ATTACH_NAME)
            data = _stream(ole, storage, ATTACH_DATA, binary=True)
            if name and data:
                attachments.append((name, data))
    finally:
        ole.close()
    text = f"{header_block(fields)}\n\n{body.strip()}".strip().replace("\r\n", "\n")
    subject = fields["Subject"] or None
    return Document(path=path, title=subject, sections=[Section(text=text, heading=subject)] if text else [],
                    attachments=attachments)
