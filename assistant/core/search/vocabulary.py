"""The library's Japanese words: whether a Japanese question's topic words occur in it at all.

A Japanese question is matched to passages by bigrams and glosses, and an off-topic one
("美味しいカレーの作り方", "確定申告はいつまで") still matches something in a large library
(作り方, 提出). But its topic words, カレー and 確定申告, occur nowhere in it, while the words of a
question the library answers nearly all do, however the answer phrases it. Measured on the eval
library (benchmarks/README.md): of the Japanese dev questions' katakana words and kanji
compounds, at least 67% occur in the library; of 14 off-topic questions with such words, at
most 50%.
"""
from __future__ import annotations

import re
import unicodedata

from assistant.core.text.terms import cjk_share, flat_text

# A katakana word or a kanji compound, as they are after terms.flat_text (NFKC, no spaces, no
# final long-vowel mark): maximal runs of one script, so a question's word that occurs in the
# library is part of one of the library's runs.
_RUN = re.compile(r"[\u30a0-\u30ff]{2,}|[\u3400-\u9fff々]{2,}")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]+")
_QUESTION_KANJI = re.compile(r"何|幾")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# A Latin word as a Japanese text writes it: a command, a name, an identifier ("libpq",
# "pg_recvlogical", "apt-get"), lower-cased after NFKC.
_LATIN = re.compile(r"[a-z0-9][a-z0-9_+-]*[a-z0-9]")


def _latin_words(text: str) -> set[str]:
    return set(_LATIN.findall(unicodedata.normalize("NFKC", text).lower()))


def words_of(texts) -> set[str]:
    """The katakana words and kanji compounds of the texts, and the Latin words of their
    Japanese passages (ASCII, so apart from the others)."""
    runs: set[str] = set()
    for t in texts:
        if t and _CJK.search(t):
            runs.update(_RUN.findall(flat_text(t)))
            if cjk_share(t) >= 0.3:
                runs.update(_latin_words(t))
    return runs


class Vocabulary:
    """The library's words (words_of over every passage: ~0.3 s for the 16,201 passages of the
    eval library, whose 4,342 distinct words take 26,000 characters)."""

    def __init__(self, words: set[str]):
        self._runs = "\n".join(sorted(w for w in words if not w.isascii()))
        self._latin = {w for w in words if w.isascii()}

    def has(self, word: str) -> bool:
        """The word occurs in the library, or is two words that do (a compound the library
        writes apart: パッケージ + ダウンロード; a kanji compound with a prefix: 何 + 文字)."""
        if word in self._runs:
            return True
        shortest = 2 if _KATAKANA.fullmatch(word) else 1
        return len(word) >= 3 and any(word[:i] in self._runs and word[i:] in self._runs
                                      for i in range(shortest, len(word) - shortest + 1))

    def share(self, question: str) -> float | None:
        """Of the question's katakana words and kanji compounds, the share the library has;
        None when it has none."""
        # A question kanji names no topic: "最低何文字" asks how many characters at least, and
        # is the words 最低 and 文字, which the library has, not a word it lacks.
        words = [w for run in _RUN.findall(flat_text(question)) for w in _QUESTION_KANJI.split(run) if len(w) >= 2]
        if not words:
            return None
        return sum(self.has(w) for w in words) / len(words)

    def not_in_japanese(self, question: str) -> list[str]:
        """The question's Latin words (3 characters or more) that no Japanese passage of the
        library uses: "libpq", "pg_recvlogical", "DISTINCT" in a Japanese question about the
        English-only PostgreSQL manual. Measured on the eval library (benchmarks/README.md): of
        the Japanese questions whose answer is in Japanese, none has such a word; of those about
        English documents, 12 of 34."""
        return sorted(w for w in _latin_words(question) if len(w) >= 3 and w not in self._latin)
