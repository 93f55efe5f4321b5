"""The sentences that answer: picked from the retrieved passages before the model says a word.

Every sentence of the candidate passages is scored against the question with what retrieval
already has, without a model call:
  - lexical: the question's content terms (words; CJK bigrams) found in the sentence, each
    weighted by its rarity among the candidate sentences (a local IDF), over the question's
    total weight;
  - dense: the embedder's cosine between question and sentence, weighted by how much of both
    the embedder can read (all-MiniLM-L6-v2 reads no Japanese); for a Japanese question's
    Japanese sentences, the cosine of both as English words (gloss(), text/crosslang.py);
  - the passage's retrieval score, and the lexical score of the neighbouring sentences (an
    answer often sits next to the sentence that names the topic).
Which mix wins was measured on the development questions (benchmarks/answer_quality.py and
benchmarks/README.md), not guessed; WEIGHTS holds the winner.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from assistant.core.text import crosslang, sentences

from assistant.core.text import terms
from assistant.core.text.terms import cjk_share, flat_text, long_vowels_out

MAX_CHARS = 400  # all quotes together
MAX_QUOTES = 3
_HIRAGANA = re.compile(r"[\u3040-\u309f]")
STOP = set("""a an the of to in on for and or is are was were be been it this that these those
what which who whom how when where why do does did can could should would will i you my your
with by from at as about into there their they we our me please tell show any some not no
if so than then also just get use using used make one""".split())


def content_terms(text: str) -> set[str]:
    """Terms that carry meaning: no English stop words, and no CJK bigram that contains kana
    particles or endings (約は, 知す), which vary with grammar rather than topic."""
    return {t for t in terms.terms(text) if t not in STOP and not _HIRAGANA.search(t)}


_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:ies|ing|ed|es|ly|(?<!s)s)$")


def stem(term: str) -> str:
    """A light English stemmer for matching question and sentence words (tables/table,
    updated/update, truncated/truncate, stopped/stop, classes/class); CJK bigrams and
    identifiers pass unchanged. Both forms must reach one stem: a suffix is cut, then the final
    "e" of the bare form ("update" -> "updat", as "updated" gives) and a doubled consonant
    ("stopp" -> "stop")."""
    if not term.isascii() or not term.isalpha():
        return term
    out = _SUFFIX.sub("", term)
    if len(out) > 3 and out.endswith(("e", "y")):  # policy / policies -> polic
        out = out[:-1]
    if len(out) > 3 and out[-1] == out[-2] and out[-1] not in "aeiouslz":
        out = out[:-1]
    return out


_KATAKANA_RUN = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]{2,}")
_KANJI_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]+")


def match_terms(text: str, found: list[str] | None = None) -> set[str]:
    """Latin words, stemmed; for a sentence, that is all (its CJK is matched by substring).
    `found`: the text's terms when the caller has them already."""
    return {stem(t) for t in (terms.terms(text) if found is None else found) if t.isascii() and t not in STOP}


def query_units(question: str) -> set[str]:
    """What a sentence must contain to match the question: its Latin words (stemmed), its
    katakana words whole (カレー must not match カレント through the bigram カレ), and the
    bigrams of its kanji runs (compounds are split many ways: 仮想コンソール, 仮想端末)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", question)
    units = match_terms(text, terms.query_terms(text))
    units |= {long_vowels_out(m.group()) for m in _KATAKANA_RUN.finditer(text)}
    for m in _KANJI_RUN.finditer(text):
        run = m.group()
        units |= {run} if len(run) == 1 else {run[i:i + 2] for i in range(len(run) - 1)}
    return units


# Questions that ask for a quantity or a value are answered by sentences that hold a number.
_ASKS_NUMBER = re.compile(r"\b(how (many|much|often|long|large|big|wide|far|old|fast)|what (is|was) the "
                          r"(default|maximum|minimum|max|min|limit|size|number|value)|default|maximum|minimum|"
                          r"biggest|largest|smallest|latest|earliest|how soon|which port|what port|"
                          r"what version)\b|何(バイト|秒|分|時間|日|個|回|文字|行|番|年)|いくつ|どのくらい|"
                          r"どれくらい|何度|最大|最小|既定|デフォルト|上限|下限", re.I)
_DIGIT = re.compile(r"\d")
# A sentence that only points elsewhere ("See systemd.target(5).", "systemd.path(5) を参照くだ
# さい。"): it answers nothing itself, and took a quote's place from one that says something.
_POINTER = re.compile(r"\s*\(?\s*(?:see|refer to|for (?:more )?(?:details|information),? see)\b[^\n]{0,80}$|"
                      r".{0,60}(?:を参照|参照して下さい|参照してください|参照下さい)[^。\n]{0,10}。?\s*$", re.I | re.S)
# A sentence that carries on the one before it: an exception, a consequence, a remedy.
_GOES_ON = re.compile(r"[\s•–-]*(?:(?:however|but|therefore|thus|so|instead|otherwise|in that case|in this case|"
                      r"this can be|then|fortunately|unfortunately|alternatively)\b|しかし|ただし|そのため|したがって|"
                      r"そこで|この場合|その場合|ですから|なので|これに代え|その代わり|代わりに)", re.I)
# Questions that ask how to do something, or for a command: the command line printed under the
# sentence that introduces it is the answer ("…設定できます。" / "# dpkg-reconfigure keyboard-configuration").
_ASKS_HOW = re.compile(r"\b(how (do|can|should|would) (i|you|we)|how to|which command|what command|"
                       r"i (want|need|would like|'d like) to)\b|"
                       r"コマンド|には[？?]?\s*$|どうすれば|どうやって|どうする|どうしたら|方法|たい[。？?！!]?\s*$", re.I)


def asks_how(question: str) -> bool:
    return bool(_ASKS_HOW.search(question))


# A number that points elsewhere ("Table F.24", "Section 8.5", "F.35.1.", a manual page's
# section "systemd.target(5)", "項9.3") is no value: a sentence that only refers to a table
# does not answer "what is the default".
_REFERENCE = re.compile(r"\b(?:Table|Figure|Section|Chapter|Example|Appendix|Part|Step)\s+(?:[A-Z]\.)?[\dIVX]+(?:\.\d+)*"
                        r"|^\s*(?:[A-Z]\.)?\d+(?:\.\d+)*\.(?=\s|$)|第\s?\d+\s?[章節部]|[表図項]\s?\d+(?:[.-]\d+)*"
                        r"|[A-Za-z][\w.+-]*\(\d[a-z]*\)", re.M)
_QUESTION_END = re.compile(r"[?？]\s*$")
# A numbered section title ("2.2.1 apt vs. apt-get", "第3章 …"): it names the topic, the
# sentences under it answer.
_NUMBERED = r"^\s*(?:\d+(?:\.\d+)+\.?|Chapter \d+\.?|第\s?\d+\s?[章節])"
_HEADING = re.compile(_NUMBERED + r"\s")
_CAPTION = re.compile(r"^\s*(?:Table|Figure|Example) (?:[A-Z]\.)?\d+(?:\.\d+)*\.\s")  # "Table 8.2. Integer Types"


@dataclass
class Weights:
    lexical: float = 1.0
    dense: float = 0.0
    rank: float = 0.0
    neighbour: float = 0.0
    # Answer shape: a number for "how many / default / 何バイト" questions; a sentence that is
    # itself a question (an FAQ heading restating the user's question) answers nothing.
    shape: float = 0.0


WEIGHTS = Weights(lexical=1.0, dense=1.0, rank=0.5, neighbour=0.3, shape=0.3)
# Sentences embedded per question, the best by the cheap features first. Measured on the dev
# questions (2-core AMD EPYC, ONNX Runtime int8, benchmarks/README.md): English quotes hold the
# evidence for 16, 17, 17 and 18 of 30 with 8, 12, 16 and 24 embedded; question -> quotes p50
# ~87, ~105, ~126 and ~150 ms. 12 is the most that keeps quotes within the 150 ms budget.
# Read under their section titles (add_dense), which adds a few tokens to each, 10 hold as many
# (English 19 of 30 with 10, 12 or 16 embedded, 18 with 8), so 10.
DENSE_CANDIDATES = 10
# A Japanese question's Japanese sentences compared as English words (gloss()): how many, and the
# weight of their cosine against the dense feature's. Measured on the Japanese dev questions
# (benchmarks/README.md): hit@1 13 -> 15 of 25 at 8 or 12 sentences and half weight, quotes
# unchanged; at full weight hit@1 16 but quotes 16 -> 14.
GLOSS_CANDIDATES = 8
GLOSS_WEIGHT = 0.5


@dataclass
class Candidate:
    source: int  # index of the passage in the list given (0 = best retrieved)
    start: int  # offsets in the passage's text
    end: int
    text: str
    lexical: float = 0.0
    dense: float = 0.0
    gloss: float = 0.0  # a Japanese sentence's cosine with the question, both as English words
    rank: float = 0.0
    neighbour: float = 0.0
    shape: float = 0.0
    score: float = 0.0
    terms: set = field(default_factory=set)
    matched: set = field(default_factory=set)  # the question's units found in it
    title: bool = False  # its passage's section heading, as printed (candidates())
    # The embedder's vector of the sentence (add_dense()), or of its words as English for a
    # Japanese one (gloss()), when it was read.
    vector: object = None
    # Its passage's section title, which the embedder reads before the sentence (add_dense).
    section: str = ""
    passage: str = field(default="", repr=False, compare=False)  # the text it is cut from
    # A sentence and the command it announces quoted as one (_joined): the two as they were.
    parts: tuple = field(default=(), repr=False, compare=False)


@dataclass
class Quote:
    n: int  # the source's number as the answer cites it
    path: str
    page: int | None
    heading: str | None
    text: str
    start: int  # character offsets in the file's extracted text (the page, for PDFs), as chunks
    end: int

    def to_json(self) -> dict:
        return {"n": self.n, "path": self.path, "page": self.page, "text": self.text,
                "start": self.start, "end": self.end}


# A term on a line of its own, then what it means: "max_connections (integer)" / "RESTART
# IDENTITY" / "--purge" over their descriptions, as manuals, man pages and API references print
# definition lists. The term alone says nothing and the description alone does not say what it
# describes, so the two are one quote.
_TERM_MAX = 60
_OPEN_END = re.compile(r"[.!?。！？:：;；,、]$")
_WORD = re.compile(r"[^\W\d_]")  # a letter (Latin, kana, kanji): not a bare number
_STARTS_SENTENCE = re.compile(r"^[\"'(\[]?[A-Z\u3040-\u30ff\u3400-\u9fff]")


# The count psql prints under a query's result ("(1 row)", "(3 rows)"): output, not prose.
_ROW_COUNT = re.compile(r"^\s*\(\d+ rows?\)\s*$")


def _is_term(line: str) -> bool:
    # A term has a word in it: a bracket closed on a line of its own (")" in a PDF) is the end
    # of the sentence before, and a bare number a table cell, not a term to define; nor is
    # program output ("(1 row)").
    return (len(line) <= _TERM_MAX and "\n" not in line and "\t" not in line  # a table row is no term
            and not _ROW_COUNT.match(line) and not _OPEN_END.search(line) and _WORD.search(line)
            and not _HEADING.match(line + " ") and not _CAPTION.match(line) and not sentences.is_code_line(line)
            and not sentences.is_heading_line(line))  # "Tip", "Table 7.8: …" label what follows


def spans(text: str) -> list[tuple[int, int]]:
    """The passage's sentences, a definition's term joined to the sentence after it."""
    raw = sentences.split(text)
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(raw):
        s, e = raw[i]
        # A line under a sentence that runs on into it ("…, run the command" / "systemctl
        # get-default") is what the sentence announces, not a term the next sentence defines;
        # unless that sentence goes on after it, as Japanese does ("したがって、コマンド" /
        # "dpkg --purge linux-image-NNN" / "を使って…削除できます。").
        if (i + 1 < len(raw) and _is_term(text[s:e]) and not text[e:raw[i + 1][0]].strip()
                and not (i > 0 and sentences.runs_on(text[raw[i - 1][0]:raw[i - 1][1]])
                         and not _HIRAGANA.match(text[raw[i + 1][0]]))
                and _STARTS_SENTENCE.match(text[raw[i + 1][0]:raw[i + 1][1]])
                and not _is_term(text[raw[i + 1][0]:raw[i + 1][1]])
                and not sentences.is_heading_line(text[raw[i + 1][0]:raw[i + 1][1]])):
            out.append((s, raw[i + 1][1]))
            i += 2
            continue
        out.append((s, e))
        i += 1
    return out


@lru_cache(maxsize=1024)
def _units(text: str) -> tuple[tuple[int, int, str, frozenset], ...]:
    """A passage's quotable sentences with their words, computed once per passage text: a
    Japanese question searched again in English reads most of the same passages, and so do
    follow-up questions (~10 ms a question)."""
    out = []
    for s, e in spans(text):
        body = text[s:e]
        found = terms.terms(body)
        # A lone page number, table of contents line, section number ("10.4.") or one-word
        # fragment answers nothing.
        if len(found) < 2 or not _WORD.search(body) or sentences.is_toc_line(body) or _ROW_COUNT.match(body):
            continue
        out.append((s, e, body, frozenset(match_terms(body, found))))
    return tuple(out)


def candidates(passages: list[str], headings: list[str | None] | None = None) -> list[Candidate]:
    """The passages' sentences. `headings`: each passage's section heading, as the reader found
    it; the sentence that is that heading printed is a title, whatever its shape (a FAQ's
    question ending in "!", a title without a number)."""
    out = []
    for i, text in enumerate(passages):
        heading = headings[i] if headings and headings[i] else ""
        section = _section(heading)
        own = section.casefold()  # the heading as _title_key() compares it
        # A long heading is stored with its start cut ("…安定版 (stable)」だけだと思っていたのに!"):
        # the printed title then ends with what is left of it.
        cut = heading.rsplit(" > ", 1)[-1].startswith("…")
        for s, e, body, found in _units(text):
            out.append(Candidate(i, s, e, body, terms=found, passage=text,
                                 title=bool(own) and _is_heading(_title_key(body), own, cut),
                                 section=section))
    return out


def _is_heading(key: str, heading: str, cut: bool = False) -> bool:
    """The sentence is its section's heading, or one of the heading's sentences (a FAQ entry's
    question of two: "Why does the CD contain symlinks for `frozen'? I thought it had just
    `stable'!"), or ends with what is left of a heading stored cut (`cut`)."""
    if not key or not heading:
        return False
    return (key == heading or (len(key) >= 12 and (heading.startswith(key) or heading.endswith(key)))
            or (cut and len(heading) >= 12 and key.endswith(heading)))


_LEADING_NUMBER = re.compile(r"^(?:[\d.]+|第\s?\d+\s?[章節])\s*")


def _section(heading: str) -> str:
    """The title a passage's sentences sit under: the last part of its heading path, without
    its section number ("… > 8.14. JSON Types" -> "JSON Types")."""
    last = heading.rsplit(" > ", 1)[-1].lstrip("… ")
    return " ".join(_LEADING_NUMBER.sub("", last.strip()).split())


def _title_key(text: str) -> str:
    """A heading as printed and as recorded compare equal: the last part of a heading path
    ("… > 6.2.2. Where do these codenames come from?"), its section number and spacing aside."""
    return _section(text).casefold()


def score(cands: list[Candidate], question: str, passage_scores: list[float], embedder=None,
          weights: Weights = WEIGHTS, dense_weight: float = 1.0, dense_candidates: int = DENSE_CANDIDATES,
          query_vector=None, cheap_only: bool = False, asked: str | None = None) -> None:
    """Fills in each candidate's features and its weighted score. The cheap features come
    first (`cheap_only`: nothing else); only the best `dense_candidates` sentences by them are
    embedded (the embedder is the slow part: every sentence of 20 passages took ~900 ms on 2 cores). `query_vector`, when
    retrieval already embedded the question, saves embedding it again. `asked`: the question as
    the user wrote it, when `question` is its English words (a Japanese question read in English
    passages): what it asks for (a number) is read from it."""
    if not cands:
        return
    q = query_units(question)
    latin = {t for t in q if t.isascii()}
    cjk = q - latin
    n = len(cands)
    df: dict[str, int] = {}
    for c in cands:
        flat = flat_text(c.text) if cjk else ""
        c.matched = (c.terms & latin) | {t for t in cjk if t in flat}
        for t in c.matched:
            df[t] = df.get(t, 0) + 1
    # A hyphenated word of the question is one concept however the sentence writes it:
    # "here-document" is the manual's "here document" (both its words are common alone).
    joined = {stem(w): w for w in terms.compounds(question)}
    if joined:
        for c in cands:
            flat = flat_text(c.text).replace("-", "")
            for unit, word in joined.items():
                if unit in q and unit not in c.matched and word in flat:
                    c.matched = set(c.matched) | {unit}
                    df[unit] = df.get(unit, 0) + 1
    idf = {t: math.log(1 + n / (1 + df.get(t, 0))) for t in q}
    total = sum(idf.values()) or 1.0
    for c in cands:
        c.lexical = sum(idf[t] for t in c.matched) / total
    top = max(passage_scores) if passage_scores else 0.0
    for c in cands:
        c.rank = passage_scores[c.source] / top if top > 0 else 0.0
    for i, c in enumerate(cands):
        # The answer often follows the sentence that names the topic (a term, then its
        # definition; a heading, then its text): the previous sentence counts most.
        prev = cands[i - 1].lexical if i > 0 and cands[i - 1].source == c.source else 0.0
        nxt = cands[i + 1].lexical if i + 1 < n and cands[i + 1].source == c.source else 0.0
        c.neighbour = max(prev, 0.5 * nxt)
        before = _previous_sentence(cands, i) if _GOES_ON.match(c.text) else None
        if before is not None:
            # A sentence that goes on from the one before ("これに代え、次のようにして…") answers
            # what that one matched, past the command printed between them.
            c.neighbour = max(c.neighbour, before.lexical)
    wants_number = bool(_ASKS_NUMBER.search(asked or question))
    for c in cands:
        c.shape = ((1.0 if wants_number and _DIGIT.search(_REFERENCE.sub(" ", c.text)) else 0.0)
                   - (1.0 if c.title or is_title(c.text) or _POINTER.match(c.text) else 0.0))
    for c in cands:
        c.score = (weights.lexical * c.lexical + weights.rank * c.rank + weights.neighbour * c.neighbour
                   + weights.shape * c.shape)
    if not cheap_only:
        add_dense(cands, question, embedder, weights, dense_weight, dense_candidates, query_vector)


def add_dense(cands: list[Candidate], question: str, embedder=None, weights: Weights = WEIGHTS,
              dense_weight: float = 1.0, dense_candidates: int = DENSE_CANDIDATES, query_vector=None) -> None:
    """The embedder's cosine for the best sentences by the cheap features: the slow part of
    scoring, which answer.prepare() leaves until it knows which pass it keeps."""
    # A question the embedder can barely read (Japanese for an English-only model) gets no
    # dense feature: its cosines are noise, and embedding costs time.
    if embedder is not None and weights.dense and dense_weight >= 0.5:
        multi = getattr(embedder, "multilingual", False)
        readable = []
        for c in sorted(cands, key=lambda c: c.score, reverse=True):
            if len(readable) == dense_candidates:
                break
            if multi or cjk_share(c.text) < 0.3:
                readable.append(c)
        if readable:
            qv = np.asarray(query_vector if query_vector is not None else embedder.embed_query(question),
                            dtype=np.float32)
            # Row by row where the embedder can (ONNX): no padding to the longest sentence, and
            # measured 30% faster than one padded batch for 8 sentences (~300 tokens, 2 cores).
            embed = getattr(embedder, "embed_rows", None) or embedder.embed
            # Each sentence is read under its section's title: out of its section a sentence
            # loses its topic ("If duplicate keys are specified in the input, only the last
            # value is kept." says nothing of JSON until read under "JSON Types"). Measured on
            # the dev questions (benchmarks/README.md): English quotes 17 -> 19 of 30, and 2 of
            # 16 off-topic English questions pass the relevance floor instead of 4. (Not a title
            # it cannot read: a Japanese manual's command line under a Japanese heading.)
            vecs = np.asarray(embed([f"{c.section}: {c.text}" if c.section and not c.title
                                     and (multi or cjk_share(c.section) < 0.3) else c.text
                                     for c in readable]), dtype=np.float32)
            for c, vec, cos in zip(readable, vecs, vecs @ qv):
                c.vector = vec  # kept: a quote's translation is looked for by it (answer/parallel.py)
                c.dense = max(0.0, float(cos)) * dense_weight
                c.score += weights.dense * c.dense
            # A sentence that goes on from the one before it ("Ordinarily, there will be only a
            # single WAL range." / "However, if a backup is taken from a standby…") is the
            # answer to what that one matched: its neighbour feature takes the previous
            # sentence's cosine too, as it takes its words. Measured (benchmarks/README.md):
            # blind English quotes 8 -> 9 of 16, every other set the same; for every sentence,
            # not only those that go on, English 19 -> 18 of 30.
            for i, c in enumerate(cands):
                prev = _previous_sentence(cands, i) if _GOES_ON.match(c.text) else None
                if prev is not None and prev.dense > c.neighbour:
                    c.score += weights.neighbour * (prev.dense - c.neighbour)
                    c.neighbour = prev.dense


def _previous_sentence(cands: list[Candidate], i: int) -> Candidate | None:
    """The sentence before cands[i] in its passage, past a command line printed under it."""
    j = i - 1
    while j >= 0 and cands[j].source == cands[i].source and sentences.is_code_line(cands[j].text):
        j -= 1
    return cands[j] if j >= 0 and cands[j].source == cands[i].source else None


def gloss(cands: list[Candidate], question: str, embedder, weights: Weights = WEIGHTS,
          limit: int = GLOSS_CANDIDATES, english: tuple[str, object] | None = None,
          words: str | None = None) -> float | None:
    """A Japanese question and Japanese sentences, which the English-only embedder cannot read,
    compared as English words (text/crosslang.py): the question's glosses against each of the
    best `limit` sentences' first glosses. A word list is not a translation, so the cosine
    counts for less than a real one (GLOSS_WEIGHT), and not towards relevance: generic words
    (method, time, use) bring an off-topic question's glosses close to anything.
    `english`: (words, vector) when the question's English words were embedded already (a
    cross-language search, retrieval.last_english). `words`: the English to compare with, when
    the question is English itself (an English question read in Japanese passages). Returns the
    best cosine, or None when there was nothing to compare."""
    if embedder is None or not weights.dense or getattr(embedder, "multilingual", False):
        return None
    words = words or crosslang.to_english(question)
    if not words:
        return None
    weight = weights.dense * GLOSS_WEIGHT
    best = []
    for c in sorted(cands, key=lambda c: c.score, reverse=True):
        if len(best) == limit:
            break
        if cjk_share(c.text) >= 0.3:
            bag = " ".join(crosslang.english_terms(c.text, glosses=1))
            if bag:
                best.append((c, bag))
    if not best:
        return None
    qv = np.asarray(english[1] if english and english[0] == words else embedder.embed_query(words),
                    dtype=np.float32)
    embed = getattr(embedder, "embed_rows", None) or embedder.embed
    vecs = np.asarray(embed([bag for _c, bag in best]), dtype=np.float32)
    for (c, _bag), vec, cos in zip(best, vecs, vecs @ qv):
        c.vector = vec  # its words as English, read: its English counterpart is looked for by them
        c.gloss = max(0.0, float(cos))
        c.score += weight * c.gloss
    return max(c.gloss for c, _bag in best)


# A second or third quote scores at least this share of the first: weaker sentences are noise
# beside it. Measured on every set (benchmarks/README.md, stop 25): at 0.6 (or 0.5) English dev
# quotes 19 -> 20 of 30 (en-dev-008's "default is 0.3" comes third), and no other count changed
# in the dev, fresh or blind sets against 0.7.
KEEP = 0.6


def pick(cands: list[Candidate], max_chars: int = MAX_CHARS, max_quotes: int = MAX_QUOTES,
         keep: float = KEEP, titles: bool = False, how: bool = False) -> list[Candidate]:
    """The best sentence, then up to two more that score nearly as well and fit the budget.
    A heading or a question (a FAQ's own question, restating the user's) is not quoted: it
    answers nothing, and it took the room of the sentence under it (unless nothing else is
    there: `titles`). A sentence that announces what follows ("Run the following command:") is
    one quote with what follows it right under it (_joined), the command being the answer, or is
    not quoted when there is no room for both. `how`: the question asks how to do something
    (asks_how); then a sentence followed by a shell command line announces it too."""
    ranked = sorted(cands, key=lambda c: c.score, reverse=True)
    chosen: list[Candidate] = []
    used = 0

    def quotable(c: Candidate) -> bool:
        return ((titles or not (c.title or is_title(c.text)))
                and not any(o is c or (o.source == c.source and o.start < c.end and c.start < o.end)
                            for o in chosen)
                # the same sentence in two passages (overlapping chunks, a translation's
                # untranslated paragraph), maybe with a heading joined to one copy
                and not any(_same_words(t, c.text) for o in chosen for t in (o.text, *(p.text for p in o.parts))))

    for c in ranked:
        if len(chosen) >= max_quotes:
            break
        if chosen and c.score < keep * chosen[0].score:
            break
        if not quotable(c):
            continue
        group = [c]
        after = _announced(c, cands, how)
        joined = _joined(c, after) if after is not None else None
        if after is not None and any(o is after for o in chosen):
            # The command it announces was quoted already, on its own: it becomes the two.
            if joined is not None and used + len(joined.text) - len(after.text) <= max_chars:
                chosen[next(i for i, o in enumerate(chosen) if o is after)] = joined
                used += len(joined.text) - len(after.text)
            continue
        if after is not None and quotable(after):
            if joined is not None and used + len(joined.text) <= max_chars:
                group = [joined]
            elif joined is None and len(chosen) + 2 <= max_quotes and used + len(c.text) + len(after.text) <= max_chars:
                group.append(after)
            elif chosen:
                continue  # "as follows:" and then nothing: room for a sentence that says more
        size = sum(len(g.text) for g in group)  # as `ask --json` gives it, line breaks included
        if used + size > max_chars:
            if chosen:
                continue
            group = [_trim(c, max_chars)]  # one sentence over the budget: its start, cut at a word
            size = len(group[0].text)
        chosen.extend(group)
        used += size
    if not chosen and not titles and cands:
        return pick(cands, max_chars, max_quotes, keep, titles=True, how=how)  # only headings matched
    return chosen


# After a section number, a title starts with a capital or a Japanese character; "1.5 GB of
# shared memory is the default." and "9.6 and later" are sentences that hold a value.
_TITLE_START = re.compile(_NUMBERED + r"\s+[\"'“(]?[A-Z\u3040-\u30ff\u3400-\u9fff]")
_SENTENCE_END = re.compile(r"[.!。！:：]\s*$")


def is_title(text: str) -> bool:
    """A question, or a numbered heading: one line, a title after its number, no sentence end
    ("8.5 Packages", "1.4.7 Setting a default text editor", "第3章 …", a table's caption)."""
    if _QUESTION_END.search(text):
        return True
    one = text.strip()
    return "\n" not in one and not _SENTENCE_END.search(one) and bool(
        _TITLE_START.match(one) or _CAPTION.match(one) or sentences.is_heading_line(one))


def _announced(c: Candidate, cands: list[Candidate], how: bool = False) -> Candidate | None:
    """What a sentence ending in a colon, or running on into the next line, announces: the next
    unit of its passage; and, for a question asking how (`how`), the shell command line right
    under a sentence ("The following is the safe way to clear the contents of the file." /
    "$ :>file_to_be_cleared"). (Taking every "… by the following." and "以下のどれかを実行します。"
    as an announcement, whatever follows and whatever the question, was measured: English dev
    quotes 17 -> 16, an example took the room of the answer; benchmarks/README.md.)"""
    announces = sentences.announces(c.text)
    if not announces and not how:
        return None  # most sentences: no need to look for the next unit
    after = next((d for d in cands if d.source == c.source and d.start >= c.end), None)
    if after is not None and not announces:
        # A web page breaks a sentence around its command ("上書きするのではなく" / "代わりに" /
        # "dpkg-divert --divert …" / "を実行して…"): the words left between the two, too short to
        # be a unit, announce it.
        announces = _bridge(c, after) is not None
    if announces or (after is not None and sentences.is_prompt_line(after.text)
                     and not sentences.is_prompt_line(c.text)):
        return after
    return None


_BRIDGE_MAX = 12


def _bridge(c: Candidate, after: Candidate) -> str | None:
    """The few words between a sentence and the next unit that run on into it ("代わりに",
    "instead, run"), or None."""
    gap = c.passage[c.end:after.start].strip() if c.passage and after.source == c.source else ""
    return gap if gap and len(gap) <= _BRIDGE_MAX and "\n" not in gap and sentences.runs_on(gap) else None


def _joined(c: Candidate, after: Candidate) -> Candidate | None:
    """A sentence and what it announces right under it as one quote: the passage's text from
    the one's start to the other's end (a Japanese sentence with its command inside, "したがって、
    コマンド" / "dpkg --purge linux-image-NNN" / "を使って…", is one sentence). None when other
    text lies between them than the few words of a bridge (_bridge)."""
    gap = c.passage[c.end:after.start] if c.passage and after.source == c.source else None
    if gap is None or ((len(gap) > 4 or gap.strip()) and _bridge(c, after) is None):
        return None
    return replace(c, end=after.end, text=c.passage[c.start:after.end], parts=(c, after))


def one_line(text: str) -> str:
    """A quote as the chat, the terminal and the prompt show it: on one line, a Japanese word
    wrapped or spaced out by the PDF whole again (terms.close_cjk_gaps), and a table row's cells
    (tab-separated, documents/html.py) kept apart by " | " rather than run together."""
    return " | ".join(" ".join(terms.close_cjk_gaps(cell).split()) for cell in text.split("\t") if cell.strip())


def _same_words(a: str, b: str) -> bool:
    """One text is the other, or most of it (a heading joined to one copy): quoting both says
    the same thing twice. A short one inside a longer sentence ("4713 BC") is not: the longer
    one says more."""
    short, long_ = sorted((" ".join(a.split()), " ".join(b.split())), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)


def _trim(c: Candidate, limit: int) -> Candidate:
    cut = c.text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit
    return replace(c, end=c.start + cut, text=c.text[:cut])


# A sentence that both shares the question's words and reads close to it is stronger evidence
# than either alone: en-dev-016's best sentence (TOAST, "compress and/or move field values
# out-of-line") had 0.39 and 0.42, under the English floor on each, so a question the manual
# answers was told it was not covered; the best sentences of 16 off-topic English questions
# reached at most 0.29 on both at once (benchmarks/README.md).
AGREEMENT = 1.2
# For a question the embedder read, a sentence's words alone are evidence only when it holds
# (nearly) all of them: a keyword query ("debsums", "pg_hba.conf", "Toy Story"). A few of a
# longer question's words are not: "the best way to learn" let a guitar question through, and
# "speed" of "What is the speed of light?". Measured over the eval library (benchmarks/README.md):
# every English dev and fresh question's best sentence reads >= 0.49 by the embedder; off-topic
# English questions passed on words alone at 0.56 and 0.62.
WHOLE = 0.9


def relevance(cands: list[Candidate], read: bool = False) -> float:
    """The best lexical or dense evidence among the candidates, or both together (AGREEMENT):
    below a floor, the documents do not cover the question. `read`: the embedder read the
    question and the sentences (an English question), and words alone count only from WHOLE."""
    return max((max(c.lexical if not read or c.lexical >= WHOLE else 0.0, c.dense,
                    AGREEMENT * min(c.lexical, c.dense)) for c in cands), default=0.0)
