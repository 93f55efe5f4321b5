"""Excel .xlsx: a sheet = a section headed by the sheet's name; rows as text with their header.

Sheets are streamed through expat (a big sheet is never a tree of elements); shared strings
are one list, as Excel itself keeps them. Date cells (by their number format) read as dates.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Section
from assistant.core.ingest.documents.container import (
    check_zip, has, local, member_xml, resolve, stream_xml,
)
from assistant.core.ingest.documents.tabular import RowWriter, column_index

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DATE_IDS = set(range(14, 23)) | {45, 46, 47}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _shared_strings(zf) -> list[str]:
    if not has(zf, "xl/sharedStrings.xml"):
        return []
    out: list[str] = []
    parts: list[str] = []
    state = {"in_t": False, "in_rph": 0}

    def start(tag, attrs):
        name = local(tag)
        if name == "si":
            parts.clear()
        elif name == "rPh":  # phonetic guide (furigana): not part of the cell's text
            state["in_rph"] += 1
        elif name == "t":
            state["in_t"] = True

    def end(tag):
        name = local(tag)
        if name == "si":
            out.append("".join(parts))
        elif name == "rPh":
            state["in_rph"] -= 1
        elif name == "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"] and not state["in_rph"]:
            parts.append(data)

    stream_xml(zf, "xl/sharedStrings.xml", start, end, text)
    return out


def _date_styles(zf) -> set[int]:
    """Indexes of the cell styles that show a number as a date or time."""
    if not has(zf, "xl/styles.xml"):
        return set()
    root = member_xml(zf, "xl/styles.xml")
    custom = set()
    for el in root.iter():
        if local(el.tag) == "numFmt":
            code = _QUOTED.sub("", el.get("formatCode", "")).lower()
            if any(ch in code for ch in "dmyh") and "general" not in code:
                custom.add(int(el.get("numFmtId", "0")))
    out = set()
    for el in root.iter():
        if local(el.tag) == "cellXfs":
            for i, xf in enumerate(x for x in el if local(x.tag) == "xf"):
                fid = int(xf.get("numFmtId", "0") or 0)
                if fid in _DATE_IDS or fid in custom:
                    out.add(i)
    return out


def _as_date(value: str) -> str:
    try:
        serial = float(value)
        when = datetime(1899, 12, 30) + timedelta(days=serial)
    except (ValueError, OverflowError):
        return value
    return when.strftime("%Y-%m-%d %H:%M" if serial % 1 else "%Y-%m-%d")


def _sheets(zf) -> list[tuple[str, str]]:
    """(name, member) in the workbook's order."""
    wb = member_xml(zf, "xl/workbook.xml")
    targets = {}
    if has(zf, "xl/_rels/workbook.xml.rels"):
        for rel in member_xml(zf, "xl/_rels/workbook.xml.rels"):
            targets[rel.get("Id")] = resolve("xl/workbook.xml", rel.get("Target", ""))
    out = []
    for el in wb.iter():
        if local(el.tag) == "sheet":
            member = targets.get(el.get(_REL))
            if member and has(zf, member):
                out.append((el.get("name") or member, member))
    return out


def _sheet_text(zf, member: str, strings: list[str], dates: set[int]) -> str:
    rows = RowWriter()
    row: dict[int, str] = {}
    cell = {"col": None, "type": None, "style": 0, "value": [], "in_v": False}

    def start(tag, attrs):
        name = local(tag)
        if name == "row":
            row.clear()
        elif name == "c":
            cell["col"] = column_index(attrs.get("r", "")) if attrs.get("r") else len(row)
            cell["type"] = attrs.get("t", "n")
            cell["style"] = int(attrs.get("s", "0") or 0)
            cell["value"] = []
        elif name in ("v", "t"):  # <v> a value; <is><t> an inline string
            cell["in_v"] = True

    def end(tag):
        name = local(tag)
        if name in ("v", "t"):
            cell["in_v"] = False
        elif name == "c" and cell["col"] is not None:
            value = "".join(cell["value"])
            kind = cell["type"]
            if kind == "s":
                try:
                    value = strings[int(value)]
                except (ValueError, IndexError):
                    value = ""
            elif kind == "b":
                value = "TRUE" if value == "1" else "FALSE"
            elif kind == "n" and value and cell["style"] in dates:
                value = _as_date(value)
            row[cell["col"]] = value
        elif name == "row":
            rows.add(row)

    def text(data):
        if cell["in_v"]:
            cell["value"].append(data)

    stream_xml(zf, member, start, end, text)
    return rows.text()


def load(path: str) -> Document:
    with check_zip(path) as zf:
        if not has(zf, "xl/workbook.xml"):
            raise LoadError(CORRUPT, "not an Excel workbook (no xl/workbook.xml)")
        strings = _shared_strings(zf)
        dates = _date_styles(zf)
        sections = []
        for name, member in _sheets(zf):
            text = _sheet_text(zf, member, strings, dates)
            if text.strip():
                sections.append(Section(text=text, heading=name))
    return Document(path=path, title=None, sections=sections)
