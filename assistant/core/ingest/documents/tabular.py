"""Rows of a sheet as lines of text that carry their header: "Name: Alice; Amount: 12".

A chunk cut from the middle of a sheet then still says what each value is, which is what a
search for "Alice's amount" needs; one row a line lets the chunker cut between rows.
"""
from __future__ import annotations

import re

_NUMBER = re.compile(r"^[-+]?[\d.,]+%?$")


class RowWriter:
    """Takes rows one at a time (cells by 0-based column) and keeps only the lines."""

    def __init__(self, max_cell_chars: int = 2000):
        self.lines: list[str] = []
        self.header: list[str] | None = None
        self.max_cell_chars = max_cell_chars

    def add(self, cells: dict[int, str]) -> None:
        cells = {c: " ".join(v.split())[: self.max_cell_chars] for c, v in cells.items()}
        cells = {c: v for c, v in cells.items() if v}
        if not cells:
            return
        if self.header is None:
            # A first row of labels is the header; a first row of figures is data.
            if len(cells) >= 2 and not any(_NUMBER.match(v) for v in cells.values()):
                width = max(cells) + 1
                self.header = [cells.get(i, "") for i in range(width)]
                self.lines.append("; ".join(cells[c] for c in sorted(cells)))
                return
            self.header = []
        parts = []
        for c in sorted(cells):
            name = self.header[c] if c < len(self.header) else ""
            parts.append(f"{name}: {cells[c]}" if name else cells[c])
        self.lines.append("; ".join(parts))

    def text(self) -> str:
        return "\n".join(self.lines)


def column_index(ref: str) -> int | None:
    """0-based column of an A1-style reference ("C7" -> 2)."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n - 1 if n else None
