"""OpenDocument spreadsheets (.ods): a sheet = a section headed by its name; rows as text with
their header. Streamed: ODF spells "the rest of the sheet is empty" as a row repeated a million
times, which is skipped, never expanded."""
from __future__ import annotations

from assistant.core.ingest.documents.base import CORRUPT, Document, LoadError, Section
from assistant.core.ingest.documents.container import check_zip, has, stream_xml
from assistant.core.ingest.documents.tabular import RowWriter

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
MAX_REPEAT = 1000  # a value repeated further is a filled-down column, not more to read


def load(path: str) -> Document:
    sections: list[Section] = []
    st = {"sheet": None, "rows": None, "row": {}, "col": 0, "cell": None, "repeat": 1,
          "row_repeat": 1, "in_p": 0, "depth_skip": 0}

    def start(tag, attrs):
        if tag == f"{_TABLE}table":
            st["sheet"], st["rows"] = attrs.get(f"{_TABLE}name") or f"Sheet {len(sections) + 1}", RowWriter()
        elif tag == f"{_TABLE}table-row":
            st["row"], st["col"] = {}, 0
            st["row_repeat"] = int(attrs.get(f"{_TABLE}number-rows-repeated", "1") or 1)
        elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            st["repeat"] = int(attrs.get(f"{_TABLE}number-columns-repeated", "1") or 1)
            # Numbers, dates and booleans carry their value in an attribute; text in text:p.
            value = (attrs.get(f"{_OFFICE}date-value") or attrs.get(f"{_OFFICE}boolean-value"))
            st["cell"] = {"parts": [], "attr": value}
        elif tag == f"{_TEXT}p" and st["cell"] is not None:
            if st["cell"]["parts"]:
                st["cell"]["parts"].append("\n")
            st["in_p"] += 1
        elif tag == f"{_TEXT}s" and st["in_p"]:
            st["cell"]["parts"].append(" " * min(int(attrs.get(f"{_TEXT}c", "1") or 1), 100))
        elif tag == f"{_OFFICE}annotation":
            st["depth_skip"] += 1

    def end(tag):
        if tag == f"{_OFFICE}annotation":
            st["depth_skip"] -= 1
        elif tag == f"{_TEXT}p" and st["in_p"]:
            st["in_p"] -= 1
        elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell") and st["cell"] is not None:
            value = "".join(st["cell"]["parts"]).strip() or (st["cell"]["attr"] or "")
            n = st["repeat"]
            if value:
                for i in range(min(n, MAX_REPEAT)):
                    st["row"][st["col"] + i] = value
            st["col"] += n
            st["cell"] = None
        elif tag == f"{_TABLE}table-row":
            if st["row"] and st["rows"] is not None:
                for _ in range(min(st["row_repeat"], MAX_REPEAT)):
                    st["rows"].add(st["row"])
        elif tag == f"{_TABLE}table" and st["rows"] is not None:
            text = st["rows"].text()
            if text.strip():
                sections.append(Section(text=text, heading=st["sheet"]))
            st["rows"] = None

    def text(data):
        if st["in_p"] and not st["depth_skip"] and st["cell"] is not None:
            st["cell"]["parts"].append(data)

    with check_zip(path) as zf:
        if not has(zf, "content.xml"):
            raise LoadError(CORRUPT, "not an OpenDocument file (no content.xml)")
        stream_xml(zf, "content.xml", start, end, text)
    return Document(path=path, title=None, sections=sections)
