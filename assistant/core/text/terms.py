"""Text -> search terms for the full-text index, for English and Japanese alike.

LanceDB's built-in tokenizers split on spaces, so a Japanese sentence (no spaces) becomes one
giant token that never matches. We pre-tokenize into a space-separated "terms" column that the
index splits on whitespace (then lowercases and stems the Latin words):
  - Latin letters and digits: words (identifiers like max_connections kept whole, and in parts);
  - Han / Hiragana / Katakana runs: overlapping character bigrams (the Lucene CJK analyzer's
    approach: no dictionary to ship, robust to unknown words and compounds);
  - Hiragana-only bigrams are dropped: they are almost all particles and inflections
    (を使って, している) that match everywhere and only add noise.
"""
from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(
    r"[a-z0-9][a-z0-9_]*(?:[.'][a-z0-9_]+)*"  # words, identifiers, versions
    r"|[\u3040-\u309f]+"                      # hiragana
    r"|[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]+"  # katakana (incl. prolonged sound mark)
    r"|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]+"  # kanji
)
_HIRAGANA = re.compile(r"^[\u3040-\u309f]+$")
_CJK_RUN = re.compile(
    r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]+"
)
_CJK_CHAR = re.compile(_CJK_RUN.pattern[:-1])  # the same class, one character at a time
_LATIN = re.compile(r"[a-z0-9][a-z0-9_]*(?:[.'][a-z0-9_]+)*")


def cjk_share(text: str) -> float:
    """Share of the non-space characters that are Japanese/Chinese (kana, kanji): what an
    English-only embedder cannot read."""
    chars = "".join(text.split())  # one regex pass: this runs on every candidate sentence
    return len(_CJK_CHAR.findall(chars)) / len(chars) if chars else 0.0


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


# Whitespace between two Japanese/Chinese characters is not a word break: it is where a PDF
# line wrapped (mid-word: Japanese has no spaces) or a PDF's character spacing. Kept, it cut
# "ターゲ|ット" into runs whose bigrams miss the word's middle.
_CJK_GAP = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆])\s+"
                      r"(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆])")


def close_cjk_gaps(text: str) -> str:
    """The text without whitespace between two Japanese characters, as a browser renders a
    Japanese line break: "ディレ\nクトリー" and a justified PDF line's "ア カ ウ ン ト" read as
    the words they are."""
    return _CJK_GAP.sub("", text)


def terms(text: str) -> list[str]:
    text = close_cjk_gaps(unicodedata.normalize("NFKC", text).lower())
    out: list[str] = []
    pos = 0
    for m in _CJK_RUN.finditer(text):
        out.extend(_latin_terms(text[pos:m.start()]))
        for gram in _bigrams(m.group()):
            if not _HIRAGANA.match(gram):
                out.append(gram)
        pos = m.end()
    out.extend(_latin_terms(text[pos:]))
    return out


def _latin_terms(text: str) -> list[str]:
    out = []
    for m in _LATIN.finditer(text):
        word = m.group().strip(".'")
        if not word:
            continue
        out.append(word)
        # "max_connections" should also match a query for "max connections".
        if "_" in word or "." in word:
            out.extend(p for p in re.split(r"[_.]", word) if p)
    return out


def as_document(text: str) -> str:
    return " ".join(terms(text))


# A Japanese word of two to four characters is one to three overlapping bigrams, a Latin word
# one term: in a Japanese question each Latin word (a command, a file name, an identifier: umask,
# udeb, systemctl) counts this many times, as much as a kanji compound. Measured on the Japanese
# dev questions (benchmarks/README.md): hit@5 0.60 -> 0.72-0.76 for 2-6 repetitions, 3 the middle.
LATIN_IN_CJK_QUERY = 3


_HYPHENATED = re.compile(r"(?<![a-z0-9_-])[a-z]+(?:-[a-z]+)+(?![a-z0-9_])")


def query_terms(text: str) -> list[str]:
    """A question's terms, and its hyphenated words also written as one: "auto-incrementing"
    finds a manual's "autoincrementing" (English writes many compounds both ways). Only the
    question gets them: joined in documents too, every "apt-get" of a page counted a third term
    and lifted pages that merely repeat commands (measured, benchmarks/README.md)."""
    return terms(text) + compounds(text)


def compounds(text: str) -> list[str]:
    """The text's hyphenated words written as one ("here-document" -> "heredocument")."""
    lowered = unicodedata.normalize("NFKC", text).lower()
    return [m.group().replace("-", "") for m in _HYPHENATED.finditer(lowered)]


def as_query(text: str) -> str:
    """The full-text query for a question: its terms, Latin words repeated in a Japanese one
    (BM25 adds a term's score once per occurrence in the query)."""
    found = query_terms(text)
    if not any(not t.isascii() for t in found):
        return " ".join(found)
    return " ".join(" ".join([t] * LATIN_IN_CJK_QUERY) if t.isascii() else t for t in found)


# "2.4 Package management .......... 81", "2.4.1 Package tools 83" (a numbered title ending in
# its page), and index entries "apt-get, 12, 48". Plain table rows ending in a number are not
# matched: they often hold the answer (sizes, limits, defaults).
_TOC_LINE = re.compile(r"^\s*(?:\S.*?(?:\.\s?){4,}\s*\d{1,4}|\S.*?…+\s*\d{1,4}|(?:[A-Z]|\d{1,2})(?:\.\d{1,2})+\.?\s+\S.*\s\d{1,4}"
                       r"|[^,\d][^,]*,\s*\d{1,4}(?:\s*[,–-]\s*\d{1,4})*)\s*$")


# An HTML or e-book outline has no page numbers: "10.1. Can I install a kernel without…?" lines
# one after another. One such line is a section's own heading; three or more make an outline
# (in a FAQ, its entries are the very questions, so they match a question best of all).
_OUTLINE_LINE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+\S")
_OUTLINE_MIN = 3
# A web manual's back-of-book index links each term to the title of the section that explains
# it ("jsonb_each, Processing and Creating JSON Data"): no page numbers, and the term itself
# matches a question better than the section does.
_SMALL = r"(?:and|or|of|the|for|in|on|to|with|a|an|by|from)"
_INDEX_ENTRY = re.compile(r"^\s*[\w$.-][\w .$-]{0,60}, [A-Z][\w/-]*(?: (?:[A-Z][\w/-]*|" + _SMALL + r"))+\s*$")


def boilerplate_share(text: str) -> float:
    """Share of a passage's lines that are table-of-contents or index entries ("2.4 Foo .... 81",
    "Foo, 12, 48", "foo, Section Title", an outline of numbered headings): such passages match
    many words and answer nothing."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return 0.0
    toc = [bool(_TOC_LINE.match(ln)) for ln in lines]
    for pattern in (_OUTLINE_LINE, _INDEX_ENTRY):
        found = [not t and bool(pattern.match(ln)) for ln, t in zip(lines, toc)]
        if sum(found) >= _OUTLINE_MIN:
            toc = [t or o for t, o in zip(toc, found)]
    return sum(toc) / len(lines)


# The long-vowel mark after three or more katakana letters: at a word's end, and at the end of
# a word inside a compound (スティッキービット, データーベース: the manual writes スティッキビット).
_LONG_VOWEL = re.compile(r"(?<=[\u30a1-\u30faー]{3})ー")


def long_vowels_out(text: str) -> str:
    """Katakana words without the long-vowel mark at their end, also inside a compound: one
    document writes ユーザー, the next ユーザ, and users write either (the Japanese Debian
    Reference alone has ユーザー 130 times and ユーザ 91, ディレクトリー 136 and ディレクトリ 54;
    スティッキビット, where a user writes スティッキービット). Short words keep theirs: キー
    without it is キ, which every キャッシュ contains."""
    return _LONG_VOWEL.sub("", text)


def flat_text(text: str) -> str:
    """NFKC, lower case, no whitespace (PDF text puts spaces inside Japanese words), no
    katakana long-vowel marks (long_vowels_out): how a question's words are looked for in a
    sentence (answer/quotes.py) and in the library (search/vocabulary.py)."""
    return long_vowels_out("".join(unicodedata.normalize("NFKC", text).lower().split()))
