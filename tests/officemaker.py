"""Makes small real documents of the office, e-book and mail formats for the tests: with the
libraries that write them (openpyxl, python-pptx, odfpy: dev extra) or, for EPUB, RTF and
e-mail, by hand to their specs."""
from __future__ import annotations

import zipfile
from email.message import EmailMessage
from pathlib import Path


def make_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def make_pptx(path: Path, slides: list[tuple[str, str, str | None]]) -> Path:
    """slides: (title, body, notes or None)."""
    from pptx import Presentation

    prs = Presentation()
    for title, body, notes in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    prs.save(path)
    return path


def make_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                if isinstance(value, (int, float)):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        # What LibreOffice writes for the rest of the sheet: one row repeated a million times.
        tail = TableRow(numberrowsrepeated=1048000)
        tail.addElement(TableCell(numbercolumnsrepeated=1024))
        table.addElement(tail)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def make_odt(path: Path, parts: list[tuple[int, str] | str]) -> Path:
    """parts: (level, heading) or a paragraph."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    for part in parts:
        if isinstance(part, tuple):
            doc.text.addElement(H(outlinelevel=part[0], text=part[1]))
        else:
            doc.text.addElement(P(text=part))
    doc.save(str(path))
    return path


def make_epub(path: Path, chapters: list[tuple[str, str]], title: str = "A book") -> Path:
    """chapters: (title, body); spine order is the list's, manifest order reversed on purpose."""
    items = [(f"c{i}", f"text/chap{i}.xhtml") for i in range(1, len(chapters) + 1)]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        zf.writestr("META-INF/container.xml",
                    '<?xml version="1.0"?><container version="1.0" '
                    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                    '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                    '</rootfiles></container>')
        manifest = "".join(f'<item id="{i}" href="{h}" media-type="application/xhtml+xml"/>'
                           for i, h in reversed(items))
        spine = "".join(f'<itemref idref="{i}"/>' for i, _ in items)
        zf.writestr("OEBPS/content.opf",
                    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0">'
                    f'<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></metadata>'
                    f'<manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>{manifest}</manifest>'
                    f'<spine toc="ncx">{spine}</spine></package>')
        points = "".join(f'<navPoint id="n{n}"><navLabel><text>{t}</text></navLabel>'
                         f'<content src="{h}"/></navPoint>' for n, ((_, h), (t, _)) in enumerate(zip(items, chapters)))
        zf.writestr("OEBPS/toc.ncx", '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
                    f'version="2005-1"><navMap>{points}</navMap></ncx>')
        for (_, href), (t, body) in zip(items, chapters):
            zf.writestr(f"OEBPS/{href}",
                        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
                        '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
                        f'<head><title>{t}</title></head><body><h1>{t}</h1><p>{body}&nbsp;</p></body></html>')
    return path


def make_rtf(path: Path, text: str) -> Path:
    body = "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text)
    path.write_text("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}"
                    "{\\info{\\title x}}\\f0\\fs24 " + body.replace("\n", "\\par\n") + "\\par}", encoding="ascii")
    return path


def make_eml(path: Path, subject: str, body: str, attachments: dict[str, bytes] = {},
             html: str | None = None) -> Path:
    msg = EmailMessage()
    msg["From"] = "Alice Example <alice@example.com>"
    msg["To"] = "Bob <bob@example.com>"
    msg["Date"] = "Tue, 04 Mar 2025 10:15:00 +0100"
    msg["Subject"] = subject
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    for name, data in attachments.items():
        maintype, subtype = ("text", "plain") if name.endswith(".txt") else ("application", "octet-stream")
        if maintype == "text":
            msg.add_attachment(data.decode(), subtype=subtype, filename=name)
        else:
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(bytes(msg))
    return path
