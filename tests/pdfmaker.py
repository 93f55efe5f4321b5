"""Real PDF files for tests, written byte by byte (one Helvetica text page per string).

No PDF library is needed to make them, so what the loaders read is exactly what a PDF
producer writes: a catalog, a page tree, content streams and a cross-reference table.
"""
from __future__ import annotations

from pathlib import Path


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(text: str) -> bytes:
    lines = []
    for para in text.split("\n"):
        # Wrap at ~90 characters so the text stays on the page.
        words, line = para.split(), ""
        for w in words:
            if len(line) + len(w) + 1 > 90:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        lines.append(line)
    ops = ["BT", "/F1 10 Tf", "12 TL", "50 780 Td"]
    for line in lines:
        ops.append(f"({_escape(line)}) Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1", "replace")


def make_pdf(path: Path, pages: list[str], title: str | None = None,
             outline: list[tuple[int, str, int]] | None = None) -> Path:
    """`outline`: bookmarks as (level from 0, title, page index), in reading order, as a PDF
    producer writes a book's table of contents."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # placeholder, filled below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for text in pages:
        data = _content(text)
        stream = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        page = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 842] /Resources << /Font << /F1 %d 0 R >> >> "
                   b"/Contents %d 0 R >>" % (pages_id, font, stream))
        kids.append(page)
    outlines = _outline(add, objects, outline, kids) if outline else None
    objects[catalog - 1] = (b"<< /Type /Catalog /Pages %d 0 R" % pages_id
                            + (b" /Outlines %d 0 R" % outlines if outlines else b"") + b" >>")
    objects[pages_id - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                             + b"] /Count %d >>" % len(kids))
    info = add(b"<< /Title (" + _escape(title or path.stem).encode("latin-1", "replace") + b") >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref)
    path.write_bytes(bytes(out))
    return path


def _outline(add, objects: list[bytes], outline: list[tuple[int, str, int]], kids: list[int]) -> int:
    """The /Outlines tree: each item's /Parent, /Prev, /Next, /First, /Last and its /Dest."""
    root = add(b"")
    ids = [add(b"") for _ in outline]
    parent, children = {}, {root: []}
    stack = [(-1, root)]
    for (level, _title, _page), oid in zip(outline, ids):
        while stack[-1][0] >= level:
            stack.pop()
        parent[oid] = stack[-1][1]
        children[stack[-1][1]].append(oid)
        children[oid] = []
        stack.append((level, oid))
    for (level, title, page), oid in zip(outline, ids):
        sib = children[parent[oid]]
        i = sib.index(oid)
        body = b"<< /Title (" + _escape(title).encode("latin-1", "replace") + b") /Parent %d 0 R" % parent[oid]
        body += b" /Dest [%d 0 R /XYZ 50 790 0]" % kids[page]
        if i > 0:
            body += b" /Prev %d 0 R" % sib[i - 1]
        if i + 1 < len(sib):
            body += b" /Next %d 0 R" % sib[i + 1]
        if children[oid]:
            body += b" /First %d 0 R /Last %d 0 R /Count %d" % (children[oid][0], children[oid][-1], len(children[oid]))
        objects[oid - 1] = body + b" >>"
    top = children[root]
    objects[root - 1] = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (top[0], top[-1], len(top))
    return root


def make_encrypted_pdf(path: Path, text: str, password: str = "secret") -> Path:
    import pypdf

    plain = make_pdf(path.with_suffix(".plain.tmp"), [text])
    reader = pypdf.PdfReader(str(plain))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with open(path, "wb") as f:
        writer.write(f)
    plain.unlink()
    return path
