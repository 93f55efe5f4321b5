"""The same sentence in the library's other language: a quote's counterpart in a translation.

A library often holds a manual in two languages (the Debian Reference and FAQ in English and
Japanese; a contract and its translation). A Japanese question is answered from the Japanese
edition, but the English original is what the translation was made from (and what a
translation that lags it may have lost); an English question is answered from the English
edition, and its reader may be checking the translation everyone else in the house reads. So a
quote's counterpart in the other edition is quoted next to it (answer/ask.py finds the
passages: among the sources, at the same place of the other edition (search/editions.py), or
by the quote's own words in full text).

A counterpart is recognised without a translation model, by what survives translation:
  - anchors: the Latin words of the Japanese sentence (commands, paths, names, numbers:
    "host_key", "~/.ssh/known_hosts", "passwd(1)", "6") found in the English one;
  - the Japanese sentence's words as English (text/crosslang.py) found in the English one;
  - the embedder's cosine between those English words and the English sentence.
"""
from __future__ import annotations

import re

import numpy as np

from assistant.core.answer.quotes import Candidate, is_title, stem
from assistant.core.text import crosslang, sentences
from assistant.core.text.terms import cjk_share, flat_text

_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./~+-]*")
_EN_WORD = re.compile(r"[a-z]+")
# Quotes whose counterpart is looked for: a third one's rarely has room left in the budget.
QUOTES = 2
# Passages read for the first quote's counterpart when no source holds it.
SEARCHED = 3
# An English quote's Japanese counterpart: dictionary forms searched per English word (the
# first are the common writings), and Japanese sentences looked up word by word, those holding
# most of the forms and commands first.
FORMS = 2
READ = 8
# Sentence pairs compared by the embedder, the best by anchors and words first.
DENSE = 2
# Measured on the Japanese dev questions and the Japanese questions about English documents
# (benchmarks/README.md): a sentence and its translation scored 1.55-2.6, the best English
# sentence for a quote with no translation among the sources at most 1.5.
FLOOR = 1.5
# ... and before the embedder is asked, the anchors and words alone: translations scored
# 0.84-1.54 on them, most other sentences under 0.6.
CHEAP_FLOOR = 0.75
# The same two floors for the other edition's passages around the quote's place, where the
# translation is known to be near (search/editions.py). Measured on the dev questions
# (benchmarks/README.md): English questions' Japanese evidence quoted 10 -> 13 of 25 (with
# KEEP_QUOTE, before mixed passages were read too), against 10 with the floors above; translations there scored 1.0-2.8 and, once
# titles were left out, most other sentences under 1.0.
EDITION_FLOORS = (0.5, 1.0)


def anchors(text: str) -> set[str]:
    """A sentence's Latin words, lower-cased, trailing punctuation off."""
    return {w.lower().rstrip(".-/") for w in _LATIN.findall(text)} - {""}


def _words(text: str) -> set[str]:
    return {stem(w) for w in _EN_WORD.findall(text.lower())}


_SPECIFIC = re.compile(r"[^a-z]|^.{8,}$")  # "linux-image-nnn.prerm", "~/.ssh/known_hosts", "0002", "nsswitch"


def _cheap(japanese_anchors: set[str], glosses: set[str], english: str) -> float:
    """Anchor share (counting for less when there is only one plain word: "root", "stable" are
    in many sentences; a path, a command with punctuation or digits is not) plus the share of
    the glosses found."""
    score = 0.0
    if japanese_anchors:
        found = anchors(english)
        shared = len(japanese_anchors & found) / len(japanese_anchors)
        weight = sum(2 if _SPECIFIC.search(a) else 1 for a in japanese_anchors)
        score += shared * min(1.0, weight / 2)
    if glosses:
        score += len(glosses & _words(english)) / len(glosses)
    return score


# A command line with its options ("dpkg --status パッケージ名", "$ ls -l"): the same in both
# editions but for a placeholder, so it shares a sentence's Latin words without translating it.
_COMMAND = re.compile(r"\s*(?:[$#]\s+)?[a-z][\w.+-]*\s+(?:-{1,2}[A-Za-z]|\|)")


def _command(text: str) -> bool:
    return bool(_COMMAND.match(text)) or sentences.is_code_line(text.strip().split("\n", 1)[0])


def _same_kind(text: str, pool: list[Candidate]) -> list[Candidate]:
    """A sentence's translation is not a title unless it is one: a section's title shares the
    words of every sentence under it ("12.2.1. メーリングリスト" for each sentence about lists).
    Nor a command line unless it is one: "To learn the status of all the packages…, execute the
    command" was translated by the next row's "dpkg --status パッケージ名" (its "status" and
    パッケージ), not by the Japanese sentence announcing "dpkg --list"."""
    if not is_title(text):
        pool = [c for c in pool if not c.title and not is_title(c.text)]
    if not _command(text):
        pool = [c for c in pool if not _command(c.text)]
    return pool


def english_counterpart(japanese: str, pool: list[Candidate], embedder, vector=None,
                        near: bool = False) -> tuple[Candidate, float] | None:
    """The English sentence of `pool` that translates the Japanese sentence, with its score,
    or None when none reaches FLOOR (EDITION_FLOORS when the pool is `near`: the other
    edition's passages around the place the sentence is at). `vector`: the Japanese sentence's
    words as English, embedded, when the quote scorer has it already."""
    pool = _same_kind(japanese, [c for c in pool if cjk_share(c.text) < 0.3 and len(c.text.strip()) > 1])
    bag = crosslang.english_terms(japanese)
    if not pool or not bag or embedder is None:
        return None
    own = anchors(japanese)
    glosses = {stem(w) for w in bag if w.isalpha()} - own
    scored = sorted(((_cheap(own, glosses, c.text), c) for c in pool), key=lambda x: x[0], reverse=True)
    cheap_floor, floor = EDITION_FLOORS if near else (CHEAP_FLOOR, FLOOR)
    scored = [(s, c) for s, c in scored[:DENSE] if s >= cheap_floor]
    if not scored:
        return None
    qv = vector if vector is not None else embedder.embed_query(" ".join(bag))
    return _closest(scored, qv, [c.text for _s, c in scored], embedder, floor)


def _closest(scored: list[tuple[float, Candidate]], vector, texts: list[str], embedder,
             floor: float = FLOOR) -> tuple[Candidate, float] | None:
    """Of the (cheap score, candidate) pairs, the one whose cheap score plus the cosine of its
    text (English: the sentence, or a Japanese one's glosses) with `vector` is highest, if that
    reaches `floor`."""
    embed = getattr(embedder, "embed_rows", None) or embedder.embed
    vecs = np.asarray(embed(texts), dtype=np.float32)
    cosines = vecs @ np.asarray(vector, dtype=np.float32)
    total, best = max(((s + max(0.0, float(cos)), c) for (s, c), cos in zip(scored, cosines)), key=lambda x: x[0])
    return (best, total) if total >= floor else None


def _held(flat: str, wanted: list[tuple[str, int]]) -> int:
    return sum(weight for h, weight in wanted if h in flat)


def japanese_counterpart(english: str, pool: list[Candidate], embedder, vector=None,
                         hints: list[str] | None = None, near: bool = False) -> tuple[Candidate, float] | None:
    """The Japanese sentence of `pool` that is a translation of the English one, scored as
    english_counterpart() scores the other way: each Japanese sentence's anchors and glosses
    against the English sentence, then the embedder for the best two (floors as there, `near`
    too). `vector`: the English sentence's, when the quote scorer has it already."""
    if embedder is None:
        return None
    pool = _same_kind(english, [c for c in pool if cjk_share(c.text) >= 0.3])
    if hints:
        # Only the sentences holding most of the English sentence's dictionary forms and Latin
        # words are looked up word by word (~0.4 ms each). A Latin word (MSDOS, todos, GUI)
        # survives translation as it is and counts twice; the dictionary forms are guesses.
        # Both are looked for in the flat text: a justified PDF line spaces its characters
        # ("ユ ー ザ ー").
        wanted = [(flat_text(h), 2 if h.isascii() else 1) for h in hints if h]
        pool = sorted(pool, key=lambda c: _held(flat_text(c.text), wanted), reverse=True)[:READ]
    scored = []
    for c in pool:
        own = anchors(c.text)
        bag = crosslang.english_terms(c.text)
        if not bag:
            continue
        glosses = {stem(w) for w in bag if w.isalpha()} - own
        scored.append((_cheap(own, glosses, english), c, bag))
    cheap_floor, floor = EDITION_FLOORS if near else (CHEAP_FLOOR, FLOOR)
    scored = [x for x in sorted(scored, key=lambda x: x[0], reverse=True)[:DENSE] if x[0] >= cheap_floor]
    if not scored:
        return None
    ev = vector if vector is not None else embedder.embed_query(english)
    return _closest([(s, c) for s, c, _b in scored], ev, [" ".join(bag) for _s, _c, bag in scored], embedder, floor)
