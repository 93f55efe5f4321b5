"""A document's other edition in the library: the same manual, FAQ or contract in another
language, told by its name ("debian-reference.en.pdf" and "debian-reference.ja.pdf";
"faq/en/kernel.html" and "faq/ja/kernel.ja.html"; "lease_EN.pdf" and "lease_JP.pdf").

A quote's translation is on the same place of the other edition: measured on the Debian
Reference (261 English and 272 Japanese pages), the 36 sections with the same title in both
start within 2 pages of where the page share puts them (half within 0.6). So the passages
around that place are where its counterpart is looked for (answer/ask.py), before any search by
dictionary words, which finds sentences sharing a word or two anywhere in the library.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Language marks in file and folder names. Both editions need not carry one ("kernel.html"
# beside "kernel.ja.html"), but one of them must: two files that differ only by folder are not
# translations of each other.
LANGUAGE_MARKS = {"en", "eng", "english", "us", "gb", "ja", "jp", "jpn", "japanese", "nihongo", "jap",
                  "英語", "英文", "英語版", "日本語", "和文", "和訳", "日本語版", "英訳"}
_SPLIT = re.compile(r"[._\-\s()\[\]（）【】]+")
# Pages either side of the aligned one (PDFs), and chunks either side of the aligned chunk
# (documents without pages), read for a counterpart.
PAGES = 2
CHUNKS = 6


def edition_key(path: str) -> tuple[str, bool]:
    """(the name with its language marks left out, whether it had any)."""
    parts = re.split(r"[\\/]", path)
    folders, name = parts[:-1], parts[-1]
    kept = [f for f in folders if f.lower() not in LANGUAGE_MARKS]
    marked = len(kept) < len(folders)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    words = [w for w in _SPLIT.split(stem) if w]
    plain = [w for w in words if w.lower() not in LANGUAGE_MARKS]
    marked = marked or len(plain) < len(words)
    return "/".join(kept + ["-".join(plain).lower() + "." + ext.lower()]), marked


def editions_of(paths) -> dict[str, list[str]]:
    """Each path that has another edition among `paths`, with those editions."""
    groups: dict[str, list[tuple[str, bool]]] = {}
    for path in paths:
        key, marked = edition_key(path)
        groups.setdefault(key, []).append((path, marked))
    others: dict[str, list[str]] = {}
    for members in groups.values():
        if len(members) > 1 and any(m for _p, m in members):
            for path, _m in members:
                others[path] = [p for p, _ in members if p != path]
    return others


@dataclass
class _Doc:
    # One entry a chunk, in reading order: its page (0 when the format has none), the ordinal
    # of its section (headings numbered in the order they first appear) and its seq.
    pages: list[int] = field(default_factory=list)
    sections: list[int] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)
    headings: dict = field(default_factory=dict)
    at: dict = field(default_factory=dict)  # (page, start, heading) -> its place in the lists


class Editions:
    """Built from the (path, page, start, heading, seq) of the chunks of the documents that have
    another edition (editions_of), once per table version: `seq` is a chunk's place in its
    file's reading order (a chunk's start counts from its section's in some formats)."""

    def __init__(self, paths: list[str], pages: list[int | None], starts: list[int], headings: list[str | None],
                 seqs: list[int], japanese: dict[str, bool] | None = None):
        docs: dict[str, _Doc] = {}
        for i in sorted(range(len(paths)), key=lambda i: (paths[i], seqs[i])):
            d = docs.setdefault(paths[i], _Doc())
            d.at[(pages[i], starts[i], headings[i])] = len(d.seqs)
            d.pages.append(pages[i] or 0)
            d.sections.append(d.headings.setdefault(headings[i] or "", len(d.headings)))
            d.seqs.append(seqs[i])
        self._docs = docs
        self._others = {p: [o for o in others if o in docs] for p, others in editions_of(docs).items()}
        self._japanese = japanese or {}  # path -> whether the edition is in Japanese, where known

    def others(self, path: str) -> list[str]:
        return self._others.get(path, [])

    def near(self, path: str, page: int | None, start: int, heading: str | None,
             japanese: bool | None = None) -> list[tuple[str, int, int]]:
        """(other edition's path, first seq, last seq) of the chunks around the place of
        `path`'s chunk at (page, start, heading), in the editions in Japanese or not
        (`japanese`; None: all): on a PDF, the pages the same share of the way
        through; in a document without pages whose edition has as many sections, the same
        section (a translation keeps its structure, not its length); else the chunks the same
        share of the way through."""
        mine = self._docs.get(path)
        at_chunk = mine.at.get((page, start, heading)) if mine is not None else None
        if at_chunk is None:
            return []
        out = []
        for other in self.others(path):
            if japanese is not None and self._japanese.get(other, japanese) != japanese:
                continue
            theirs = self._docs[other]
            if page and theirs.pages[-1]:
                at = round(page * theirs.pages[-1] / max(mine.pages[-1], 1))
                lo = bisect.bisect_left(theirs.pages, at - PAGES)
                hi = bisect.bisect_right(theirs.pages, at + PAGES)
            elif len(theirs.headings) == len(mine.headings) > 1:
                section = mine.sections[at_chunk]
                inside = [j for j, s in enumerate(theirs.sections) if s == section]
                lo, hi = inside[0], inside[-1] + 1
                if hi - lo > 2 * CHUNKS + 1:  # a long section: the part the same share of the way through
                    first = mine.sections.index(section)
                    share = (at_chunk - first) / max(mine.sections.count(section), 1)
                    mid = lo + round(share * (hi - lo))
                    lo, hi = max(lo, mid - CHUNKS), min(hi, mid + CHUNKS + 1)
            else:
                at = round(at_chunk / max(len(mine.seqs), 1) * len(theirs.seqs))
                lo, hi = max(0, at - CHUNKS), at + CHUNKS + 1
            if lo < min(hi, len(theirs.seqs)):
                out.append((other, theirs.seqs[lo], theirs.seqs[min(hi, len(theirs.seqs)) - 1]))
        return out
