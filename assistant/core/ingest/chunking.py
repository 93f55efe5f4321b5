"""Document -> chunks sized in the embedder's own tokens, with their locations.

Split on sections (pages / headings), then paragraphs, then sentences (text.sentences: PDF lines
wrapped mid-sentence are joined first, so a chunk ends where a sentence does, not where the page's
line did), then, for text with no breaks at all, on token boundaries. Chunks are packed up to a
token budget that leaves room for the heading we prepend when embedding, so the embedder never
silently truncates a chunk (all-MiniLM-L6-v2 stops at 256 tokens).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Protocol, Sequence

from assistant.core.ingest.documents.base import Document
from assistant.core.text import sentences


class TokenCounter(Protocol):
    def count(self, texts: Sequence[str]) -> list[int]: ...

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of each token of `text` (no special tokens)."""
        ...


@dataclass
class Chunk:
    text: str
    page: int | None
    heading: str | None
    start: int  # character offsets in the section (the page, for PDFs)
    end: int
    tokens: int


@dataclass(frozen=True)
class ChunkSpec:
    max_tokens: int = 254  # the model's 256 minus [CLS] and [SEP]
    target_tokens: int = 200
    overlap_tokens: int = 32
    heading_tokens: int = 24  # heading budget inside max_tokens
    # WordPiece maps a "word" over 100 characters to one [UNK] token, so a run of text without
    # spaces can be tiny in tokens yet huge in characters: cap characters too.
    max_chars: int = 1500

_PARAGRAPH = re.compile(r"\n[ \t]*\n+")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARAGRAPH.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def _char_windows(text: str, s: int, e: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut [s, e) into pieces of at most max_chars, at a space when there is one nearby."""
    out = []
    while e - s > max_chars:
        cut = text.rfind(" ", s + max_chars // 2, s + max_chars)
        cut = cut + 1 if cut > 0 else s + max_chars
        out.append((s, cut))
        s = cut
    out.append((s, e))
    return out


class _SectionTokens:
    """One tokenization of a section. Any span's token count is then two bisections: counting
    each paragraph, each sentence and each chunk with the tokenizer again read the text three
    times, and was a tenth of the whole indexing time."""

    def __init__(self, text: str, counter: TokenCounter):
        self.starts = [s for s, _ in counter.offsets(text)] if text else []

    def count(self, s: int, e: int) -> int:
        """Tokens that begin in [s, e): exact for spans cut at spaces or punctuation, where the
        tokenizer would split anyway."""
        return bisect_left(self.starts, e) - bisect_left(self.starts, s)

    def cut(self, s: int, e: int, limit: int) -> list[tuple[int, int, int]]:
        """[s, e) in pieces of at most `limit` tokens, cut where tokens begin."""
        lo, hi = bisect_left(self.starts, s), bisect_left(self.starts, e)
        out = []
        for i in range(lo, hi, limit):
            ue = self.starts[i + limit] if i + limit < hi else e
            out.append((s if i == lo else self.starts[i], ue, min(limit, hi - i)))
        return out or [(s, e, 0)]


def _units(text: str, tokens: _SectionTokens, limit: int, max_chars: int = 1500) -> list[tuple[int, int, int]]:
    """(start, end, tokens) pieces of `text`, each at most `limit` tokens and max_chars."""
    pieces: list[tuple[int, int]] = []
    for s, e in _paragraphs(text):
        if tokens.count(s, e) <= limit:
            pieces.append((s, e))
        else:
            # A PDF page is one paragraph of wrapped lines: cutting it at line ends put half a
            # sentence in each of two chunks. Chunks of the Debian Reference PDFs that end with
            # no end mark: 52% / 45% (Japanese / English) cut at lines, 40% / 37% at sentences
            # (the rest end in headings, table rows and code).
            pieces.extend((s + a, s + b) for a, b in sentences.split(text[s:e]))
    units: list[tuple[int, int, int]] = []
    for s, e in (w for s, e in pieces for w in _char_windows(text, s, e, max_chars)):
        n = tokens.count(s, e)
        # A sentence longer than a chunk (tables, code, text without spaces): cut at tokens.
        units.extend([(s, e, n)] if n <= limit else tokens.cut(s, e, limit))
    return units


# A section is tokenized this many characters at a time: the tokenizer's working memory grows
# with its input (about 25 bytes a character), and a 60 MB log of one line took the parse
# worker past its memory cap in one call.
WINDOW_CHARS = 256 * 1024


def _windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """[s, e) pieces of about `size` characters, cut at a paragraph break, else a line break,
    else a space, in the last eighth of each piece (else anywhere: text without any)."""
    out, s, n = [], 0, len(text)
    while n - s > size:
        lo, hi = s + size - size // 8, s + size
        cut = -1
        for sep in ("\n\n", "\n", " ", "。"):
            cut = text.rfind(sep, lo, hi)
            if cut > s:
                cut += len(sep)
                break
        if cut <= s:
            cut = hi
        out.append((s, cut))
        s = cut
    out.append((s, n))
    return out


def _section_units(text: str, counter: TokenCounter, target: int, max_chars: int) -> list[tuple[int, int, int]]:
    if len(text) <= WINDOW_CHARS:
        return _units(text, _SectionTokens(text, counter), target, max_chars)
    units = []
    for ws, we in _windows(text):
        part = text[ws:we]
        units.extend((s + ws, e + ws, n) for s, e, n in _units(part, _SectionTokens(part, counter), target, max_chars))
    return units


def _hands_over(unit: str, after: str) -> bool:
    """The unit announces the next one, or is a sentence with a shell prompt's line right under
    it ("…パスワード一切無しに管理者権限を与えるには次のようにするのも一般的です。" / "# echo
    ”penguin ALL=(ALL) NOPASSWD:ALL” >> /etc/sudoers")."""
    return sentences.announces(unit) or (sentences.is_prompt_line(after) and not sentences.is_code_line(unit))


def chunk_document(doc: Document, counter: TokenCounter, spec: ChunkSpec = ChunkSpec()) -> list[Chunk]:
    chunks: list[Chunk] = []
    body_max = spec.max_tokens - spec.heading_tokens
    target = min(spec.target_tokens, body_max)
    for section in doc.sections:
        text = section.text
        if not text.strip():
            continue
        units = _section_units(text, counter, target, spec.max_chars)
        i = 0
        while i < len(units):
            j, total = i, 0
            while j < len(units) and (j == i or (total + units[j][2] <= target
                                                 and units[j][1] - units[i][0] <= spec.max_chars)):
                total += units[j][2]
                j += 1
            if (j < len(units) and _hands_over(text[units[j - 1][0]:units[j - 1][1]], text[units[j][0]:units[j][1]])
                    and total + units[j][2] <= body_max and units[j][1] - units[i][0] <= spec.max_chars):
                # A chunk that would end on "…, run the command" or "as follows:", or on the
                # sentence a prompt's command line is printed under, takes what follows along,
                # into the room left over the target: the command in the next chunk is what the
                # user wanted quoted with it (4% of the eval library's chunks ended so).
                total += units[j][2]
                j += 1
            start, end = units[i][0], units[j - 1][1]
            body = text[start:end].strip()
            if body:
                lead = len(text[start:end]) - len(text[start:end].lstrip())
                # The heading over most of the chunk (a page's chunk may start in one section
                # and run on into the next).
                heading = section.heading_at(start + lead + len(body) // 2) if section.marks else section.heading
                chunks.append(Chunk(body, section.page, heading, start + lead, start + lead + len(body), total))
            if j >= len(units):
                break
            # Overlap: restart at the last units of this chunk that fit the overlap budget,
            # so a fact cut at a boundary is whole in one of the two chunks.
            k, carried = j, 0
            while k - 1 > i and carried + units[k - 1][2] <= spec.overlap_tokens:
                k -= 1
                carried += units[k][2]
            i = k
    _verify(chunks, counter, body_max)
    return chunks


# A chunk tokenized on its own can count a few tokens more than its share of the section's
# tokens, where a cut fell inside a word ("international|ization" becomes "iz ##ation").
_CUT_SLACK = 8


def _verify(chunks: list[Chunk], counter: TokenCounter, limit: int) -> None:
    """Measure on their own the chunks that come near the limit, and trim the rare one that
    went over, so the embedder never truncates silently."""
    near = [c for c in chunks if c.tokens > limit - _CUT_SLACK]
    counts = [n for i in range(0, len(near), 512) for n in counter.count([c.text for c in near[i:i + 512]])]
    for c, n in zip(near, counts):
        c.tokens = n
        if n > limit:
            offs = counter.offsets(c.text)
            cut = offs[limit - 1][1]
            c.text = c.text[:cut]
            c.end = c.start + cut
            c.tokens = limit


def clip_heading(heading: str | None, counter: TokenCounter, limit: int) -> str | None:
    if not heading:
        return None
    offs = counter.offsets(heading)
    if len(offs) <= limit:
        return heading
    # Keep the most specific end of a long heading path, cut where a part starts (" > ") so
    # no part is cut mid-word; "…" (one token) marks what was left out. It is shown to users.
    cut = offs[len(offs) - limit + 2][0]  # room for "… >"
    starts = [i + 3 for i in range(len(heading)) if heading.startswith(" > ", i)]
    start = next((i for i in starts if i >= cut), None)
    if start is not None:
        return "… > " + heading[start:]
    # The last part alone is too long: cut it where a word starts; with none, keep it whole.
    start = _word_start(heading, cut)
    return heading if start is None else "…" + heading[start:]


def _kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u309f"


def _content_char(ch: str) -> bool:
    """Kanji, katakana or a letter/digit: what a Japanese word starts with after kana."""
    return ch.isalnum() and not _kana(ch)


def _word_start(text: str, i: int) -> int | None:
    """First index >= i where a word starts: after a space, or in text without spaces (as
    Japanese) where a kanji/katakana word follows kana or punctuation ("パッケージが|提供")."""
    for j in range(max(i, 1), len(text) - 1):
        a, b = text[j - 1], text[j]
        if (a.isspace() and not b.isspace()) or ((_kana(a) or not (a.isalnum() or a.isspace()))
                                                 and _content_char(b)):
            return j
    return None
