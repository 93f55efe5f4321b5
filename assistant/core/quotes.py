"""The sentences that answer: picked from the retrieved passages before the model says a word.

Every sentence of the candidate passages is scored against the question with what retrieval
already has, without a model call:
  - lexical: the question's content terms (words; CJK bigrams) found in the sentence, each
    weighted by its rarity among the candidate sentences (a local IDF), over the question's
    total weight;
  - dense: the embedder's cosine between question and sentence, weighted by how much of both
    the embedder can read (all-MiniLM-L6-v2 reads no Japanese);
  - the passage's retrieval score, and the lexical score of the neighbouring sentences (an
    answer often sits next to the sentence that names the topic).
Which mix wins was measured on the development questions (benchmarks/answer_quality.py and
benchmarks/README.md), not guessed; WEIGHTS holds the winner.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from assistant.core import sentences, terms

MAX_CHARS = 400  # all quotes together
MAX_QUOTES = 3
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_HIRAGANA = re.compile(r"[\u3040-\u309f]")
_STOP = set("""a an the of to in on for and or is are was were be been it this that these those
what which who whom how when where why do does did can could should would will i you my your
with by from at as about into there their they we our me please tell show any some not no
if so than then also just get use using used make one""".split())


def content_terms(text: str) -> set[str]:
    """Terms that carry meaning: no English stop words, and no CJK bigram that contains kana
    particles or endings (約は, 知す), which vary with grammar rather than topic."""
    return {t for t in terms.terms(text) if t not in _STOP and not _HIRAGANA.search(t)}


def cjk_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    return sum(1 for c in chars if _CJK.match(c)) / len(chars) if chars else 0.0


@dataclass
class Weights:
    lexical: float = 1.0
    dense: float = 0.0
    rank: float = 0.0
    neighbour: float = 0.0


WEIGHTS = Weights(lexical=1.0, dense=0.5, rank=0.3, neighbour=0.2)


@dataclass
class Candidate:
    source: int  # index of the passage in the list given (0 = best retrieved)
    start: int  # offsets in the passage's text
    end: int
    text: str
    lexical: float = 0.0
    dense: float = 0.0
    rank: float = 0.0
    neighbour: float = 0.0
    score: float = 0.0
    terms: set = field(default_factory=set)


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


def candidates(passages: list[str]) -> list[Candidate]:
    out = []
    for i, text in enumerate(passages):
        for s, e in sentences.split(text):
            body = text[s:e]
            # A lone page number, leader line or one-word fragment answers nothing.
            if len(terms.terms(body)) < 2:
                continue
            out.append(Candidate(i, s, e, body, terms=content_terms(body)))
    return out


def score(cands: list[Candidate], question: str, passage_scores: list[float], embedder=None,
          weights: Weights = WEIGHTS, dense_weight: float = 1.0) -> None:
    """Fills in each candidate's features and its weighted score."""
    if not cands:
        return
    q = content_terms(question)
    n = len(cands)
    df: dict[str, int] = {}
    for c in cands:
        for t in c.terms & q:
            df[t] = df.get(t, 0) + 1
    idf = {t: math.log(1 + n / (1 + df.get(t, 0))) for t in q}
    total = sum(idf.values()) or 1.0
    for c in cands:
        c.lexical = sum(idf[t] for t in c.terms & q) / total
    top = max(passage_scores) if passage_scores else 0.0
    for c in cands:
        c.rank = passage_scores[c.source] / top if top > 0 else 0.0
    for i, c in enumerate(cands):
        near = [cands[j].lexical for j in (i - 1, i + 1)
                if 0 <= j < n and cands[j].source == c.source]
        c.neighbour = max(near, default=0.0)
    if embedder is not None and weights.dense and dense_weight > 0:
        readable = [k for k, c in enumerate(cands) if cjk_share(c.text) < 0.3 or getattr(embedder, "multilingual", False)]
        if readable:
            qv = np.asarray(embedder.embed_query(question), dtype=np.float32)
            vecs = np.asarray(embedder.embed([cands[k].text for k in readable]), dtype=np.float32)
            for k, cos in zip(readable, vecs @ qv):
                cands[k].dense = max(0.0, float(cos)) * dense_weight
    for c in cands:
        c.score = (weights.lexical * c.lexical + weights.dense * c.dense + weights.rank * c.rank
                   + weights.neighbour * c.neighbour)


def pick(cands: list[Candidate], max_chars: int = MAX_CHARS, max_quotes: int = MAX_QUOTES,
         keep: float = 0.7) -> list[Candidate]:
    """The best sentence, then up to two more that score nearly as well and fit the budget."""
    ranked = sorted(cands, key=lambda c: c.score, reverse=True)
    chosen: list[Candidate] = []
    used = 0
    for c in ranked:
        if len(chosen) == max_quotes:
            break
        if chosen and c.score < keep * chosen[0].score:
            break
        size = len(" ".join(c.text.split()))
        if used + size > max_chars:
            if not chosen:  # one sentence over the budget: its start, cut at a word
                c = _trim(c, max_chars)
                size = len(" ".join(c.text.split()))
            else:
                continue
        if any(o.source == c.source and o.start < c.end and c.start < o.end for o in chosen):
            continue
        chosen.append(c)
        used += size
    return chosen


def _trim(c: Candidate, limit: int) -> Candidate:
    cut = c.text.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit
    return Candidate(c.source, c.start, c.start + cut, c.text[:cut], c.lexical, c.dense, c.rank,
                     c.neighbour, c.score, c.terms)


def relevance(cands: list[Candidate]) -> float:
    """The best lexical or dense evidence among the candidates: below a floor, the documents
    do not cover the question."""
    return max((max(c.lexical, c.dense) for c in cands), default=0.0)
