"""E-mail (.eml, RFC 822/MIME): From/To/Cc/Date/Subject, then the body (plain text, or the HTML
part's visible text); attachments are handed back to be indexed as documents of their own."""
from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Section

HEADERS = ("From", "To", "Cc", "Date", "Subject")
MAX_ATTACHMENTS = 100


def html_text(markup: str) -> str:
    from assistant.core.ingest.documents.html import _Parser, _tidy

    p = _Parser()
    p.feed(markup)
    p.close()
    return "\n\n".join(_tidy(s.text) for s in p.sections)


def header_block(fields: dict[str, str]) -> str:
    return "\n".join(f"{k}: {' '.join(v.split())}" for k, v in fields.items() if v and v.strip())


def load(path: str) -> Document:
    raw = Path(path).read_bytes()
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    fields = {}
    for name in HEADERS:
        try:
            fields[name] = str(msg.get(name, "") or "")
        except (ValueError, TypeError, IndexError):  # a header too damaged to decode
            fields[name] = ""
    if not any(fields.values()) and not msg.is_multipart():
        raise LoadError(CORRUPT, "not an e-mail message (no headers)")
    body = ""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is not None:
        try:
            content = part.get_content()
        except (LookupError, ValueError, AssertionError):  # an unknown charset, broken encoding
            content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        body = html_text(content) if part.get_content_subtype() == "html" else content
    attachments = []
    for att in msg.iter_attachments():
        name = att.get_filename()
        if not name or len(attachments) >= MAX_ATTACHMENTS:
            continue
        data = att.get_payload(decode=True)
        if isinstance(data, bytes) and data:
            attachments.append((name, data))
        elif att.get_content_type() == "message/rfc822":  # a forwarded mail, kept as a mail
            inner = att.get_payload()
            if isinstance(inner, list) and inner:
                attachments.append((name if name.lower().endswith(".eml") else f"{name}.eml", bytes(inner[0])))
    head = header_block(fields)
    text = f"{head}\n\n{body.strip()}".strip().replace("\r\n", "\n")
    return Document(path=path, title=fields["Subject"] or None,
                    sections=[Section(text=text, heading=fields["Subject"] or None)] if text else [],
                    attachments=attachments)
