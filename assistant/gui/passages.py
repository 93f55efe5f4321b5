"""Finding a passage in a page's text, and shortening heading paths (Qt-free, testable).

The passage comes from the indexer's loader and the page text from the viewer's own engine, so
they differ in spacing, line breaks, hyphens, bullets and ligatures. Matching compares only the
letters and digits of both (case-folded, NFKC), and maps the match back to the page text.
"""
from __future__ import annotations

import unicodedata


def _normalize(text: str) -> tuple[str, list[int]]:
    """Letters and digits of text, case-folded, and for each the index it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for c in unicodedata.normalize("NFKC", ch):
            if c.isalnum():
                for f in c.casefold():
                    out.append(f)
                    where.append(i)
    return "".join(out), where


def locate(full: str, passage: str, within: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """(start, end) of the passage in full, or None. `within` prefers a region of full (the
    passage a sentence belongs to). A passage whose middle differs (a figure, a footnote) is
    still found by its first and last words."""
    span = _locate_letters(full, passage, within)
    if span is None:
        return None
    # The match runs from the first to the last letter; take in the punctuation around it too
    # (a closing "." or "。", an opening quote) where the page has the same.
    start, end = span
    text = passage.strip()
    lead = len(text) - len(text.lstrip("".join(c for c in text[:3] if not c.isalnum())))
    trail = len(text) - len(text.rstrip("".join(c for c in text[-3:] if not c.isalnum())))
    if lead and full[max(0, start - lead):start] == text[:lead]:
        start -= lead
    if trail and full[end:end + trail] == text[len(text) - trail:]:
        end += trail
    return start, end


def _locate_letters(full: str, passage: str, within: tuple[int, int] | None) -> tuple[int, int] | None:
    nf, where = _normalize(full)
    np_, _ = _normalize(passage)
    if not np_ or not nf:
        return None
    lo, hi = 0, len(nf)
    if within is not None:
        lo = next((k for k, i in enumerate(where) if i >= within[0]), len(nf))
        hi = next((k for k, i in enumerate(where) if i >= within[1]), len(nf))
    for a, b in ((lo, hi), (0, len(nf))) if within is not None else ((0, len(nf)),):
        i = nf.find(np_, a, b)
        if i >= 0:
            return where[i], where[i + len(np_) - 1] + 1
    # Not whole: anchor on the passage's first and last 40 letters.
    k = min(40, len(np_))
    head = nf.find(np_[:k], lo)
    if head < 0:
        head = nf.find(np_[:k])
    tail = nf.find(np_[-k:], max(head, 0))
    if head >= 0 and tail >= head and tail + k - head <= 1.5 * len(np_) + 40:
        return where[head], where[tail + k - 1] + 1
    if head >= 0:
        end = min(head + len(np_), len(nf)) - 1
        return where[head], where[end] + 1
    if tail >= 0:
        start = max(0, tail + k - len(np_))
        return where[start], where[tail + k - 1] + 1
    return None


SEP = " > "


def short_heading(heading: str | None, limit: int = 70) -> str:
    """A heading path shortened at its ' > ' boundaries: the last part is always whole, then
    as many parts before it as fit, with '…' standing for the parts left out."""
    if not heading:
        return ""
    parts = [p.strip() for p in heading.split(SEP) if p.strip()]
    if not parts:
        return ""
    kept = [parts[-1]]
    for p in reversed(parts[:-1]):
        if len(SEP.join([p, *kept])) > limit:
            break
        kept.insert(0, p)
    if len(kept) < len(parts) and kept[0] != "…":
        kept.insert(0, "…")
    return SEP.join(kept)
