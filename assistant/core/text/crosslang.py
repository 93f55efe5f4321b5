"""A Japanese question in English words, so that it can find English passages, and an English
question's words in Japanese (japanese_words), so that it can find Japanese ones.

A Japanese user's library often holds English manuals (the PostgreSQL manual has no Japanese
edition). The bundled embedder reads no Japanese, and the full-text index matches a Japanese
question's bigrams only in Japanese text, so before this such a question found an English page
only through the Latin words it happened to contain (commands, file names).

The question is cut into dictionary words by greedy longest match against a JMdict-derived
word list (data/ja_en.tsv.gz, built by tools/build_ja_en.py; CC BY-SA 4.0, see data/README.md),
and each word is replaced by its first English glosses. The result is a bag of English words,
not a translation: enough for BM25 and for the embedder to find the passage, and for the quote
scorer to match the sentence that answers.
"""
from __future__ import annotations

import gzip
import re
import threading
import unicodedata
from pathlib import Path

from assistant.core.text.terms import cjk_share, close_cjk_gaps

DATA = Path(__file__).with_name("data") / "ja_en.tsv.gz"
LONGEST = 8  # characters: longer dictionary forms are phrases a question rarely contains whole
GLOSSES = 3  # per word: the first glosses are the common senses; later ones add noise
_CJK = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f\u3400-\u4dbf\u4e00-\u9fff"
                  r"\uf900-\ufaff々〆ー]")
_HIRAGANA = re.compile(r"^[\u3040-\u309fー]+$")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[a-z][a-z'-]*")
# Glosses that say nothing about a topic: grammar words, and the vague glosses of common verbs
# and question words (する "do", どう "how", こと "thing").
_STOP = set("""a an the of to in on for and or is are be been being it its this that these those
what which who whom how when where why do does did can could should would will one's oneself
someone something with by from at as about into there their they we our me you your my i he she
not no if so than then also just get make one thing things way etc such very much more most
some any all each other another own same up out off over under again only well""".split())

_lock = threading.Lock()
_loaded: dict[str, str] | None = None
_reverse: dict[str, list[str]] | None = None


def _table() -> dict[str, str]:
    """form -> glosses ("; "-separated), read once (~0.6 s, ~55 MB); empty if the list is
    missing, and then nothing is translated."""
    global _loaded
    if _loaded is None:
        with _lock:  # the window's worker and a search may both ask first
            if _loaded is None:
                out: dict[str, str] = {}
                if DATA.exists():
                    with gzip.open(DATA, "rt", encoding="utf-8") as f:
                        for line in f:
                            form, _, glosses = line.rstrip("\n").partition("\t")
                            out[form] = glosses
                _loaded = out
    return _loaded


def warm_up() -> None:
    _table()
    _english_to_japanese()


def words(question: str) -> list[tuple[str, str]]:
    """(Japanese word, its glosses) for the dictionary words of the question, in order.
    Hiragana-only matches are skipped: particles and inflections (の, ように, ください)."""
    table = _table()
    if not table:
        return []
    # PDF text of justified Japanese lines puts spaces between characters ("ユ ー ザ ー に よ
    # る"), and a wrapped line a break inside a word ("ディレ" / "クトリー"): no dictionary word
    # would match across them.
    text = close_cjk_gaps(unicodedata.normalize("NFKC", question))
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        if not _CJK.match(text[i]):
            i += 1
            continue
        for n in range(min(LONGEST, len(text) - i), 0, -1):
            form = text[i:i + n]
            if form in table and (n >= 2 or _KANJI.match(form)) and all(_CJK.match(ch) for ch in form):
                if not _HIRAGANA.match(form):
                    out.append((form, table[form]))
                i += n
                break
        else:
            i += 1
    return out


def _latin_words(question: str) -> list[str]:
    text = unicodedata.normalize("NFKC", question).lower()
    latin = re.sub(_CJK.pattern + "+", " ", text)
    return [w.strip("./-") for w in re.findall(r"[a-z0-9][a-z0-9_./-]*", latin) if w.strip("./-")]


def _gloss_words(glosses: str, first: int = GLOSSES) -> list[str]:
    out: list[str] = []
    for gloss in glosses.split("; ")[:first]:
        out += [w for w in _WORD.findall(gloss.lower()) if w not in _STOP and len(w) > 1]
    return out


def english_terms(text: str, glosses: int = GLOSSES) -> list[str]:
    """The text's Latin words (commands, names) and the content words of the first `glosses`
    glosses of its Japanese words, each once, in order."""
    seen: dict[str, None] = dict.fromkeys(_latin_words(text))
    for _form, found in words(text):
        seen.update(dict.fromkeys(_gloss_words(found, glosses)))
    return list(seen)


def to_english(question: str) -> str:
    """The question as English search words; "" when it has no Japanese or no words found."""
    if cjk_share(question) < 0.3:
        return ""
    found = english_terms(question)
    return " ".join(found) if len(found) >= 2 else ""


# Words of an English question that name no topic: their dictionary forms (多い, 必要とする,
# 与える) would match Japanese passages on anything.
_QUESTION_STOP = set("""many need needs give want know tell like happen still each every often long
really please able use used using happens""".split())
_KANJI_OR_KATAKANA = re.compile(r"[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")  # "don't" is one word (a stop word), not "don"


def _english_to_japanese() -> dict[str, list[str]]:
    """English word -> the written forms whose first gloss is that word ("rent" -> 家賃, 賃料…),
    built once from the same list (~0.4 s). A form's first gloss is its main sense: later glosses
    map an English word to far too many forms."""
    global _reverse
    if _reverse is None:
        table = _table()
        with _lock:
            if _reverse is None:
                out: dict[str, list[str]] = {}
                for form, glosses in table.items():
                    first = glosses.split("; ", 1)[0].lower()
                    if " " in first or not 2 <= len(form) <= 6 or not _KANJI_OR_KATAKANA.search(form):
                        continue
                    out.setdefault(first, []).append(form)
                _reverse = out
    return _reverse


def japanese_words(question: str) -> list[tuple[str, list[str]]]:
    """(English word, the Japanese forms it may be written as) for the content words of an
    English question: enough for the full-text index to find a Japanese passage, as
    to_english() lets a Japanese question find an English one. [] for a Japanese question."""
    if cjk_share(question) >= 0.3:
        return []
    reverse = _english_to_japanese()
    out: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for word in _EN_WORD.findall(unicodedata.normalize("NFKC", question).lower()):
        if word in _STOP or word in _QUESTION_STOP or len(word) < 3 or word in seen or "'" in word:
            continue
        seen.add(word)
        # "pets", "payments", "moved", "cancelled": the dictionary has the plain form
        ed = word.endswith("ed")
        for form in (word, word[:-1] if word.endswith("s") else word + "s", word[:-2] if ed else "",
                     word[:-1] if ed else "", word[:-3] if ed and word[-3:-2] == word[-4:-3] else ""):
            if form and form in reverse:
                out.append((word, reverse[form]))
                break
    return out
