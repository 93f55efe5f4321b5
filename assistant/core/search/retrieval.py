"""Hybrid retrieval: dense (cosine) + full-text (BM25 over terms.py's tokens), fused, with
duplicate and overlapping chunks removed.

Fusion, measured on the development questions (benchmarks/README.md): reciprocal rank fusion
(k=60) lost to BM25 alone, because it gives the dense list's top ranks full weight even when
the embedder cannot read the query (all-MiniLM-L6-v2 is English-only: on Japanese questions
its hit@5 is 0.04). A convex sum of min-max normalised scores keeps the size of each
retriever's margins, and the dense side is weighted by how much of the query the embedder can
read. RRF stays available (fusion="rrf") for comparison.
"""
from __future__ import annotations

from dataclasses import dataclass

from assistant.core.text import crosslang
from assistant.core.text import terms as terms_mod
from assistant.core.search.embedding import Embedder
from assistant.core.search.store import Store

RRF_K = 60
MODES = ("hybrid", "dense", "fts")
MIN_DENSE_WEIGHT = 0.1
CROSS_WEIGHT = 1.0  # of a Japanese question's English lists, against its own full-text list


def dense_weight(query: str, multilingual: bool) -> float:
    """Share of the query an English-only embedder can read (CJK characters it cannot)."""
    if multilingual:
        return 1.0
    share = terms_mod.cjk_share(query)
    return max(MIN_DENSE_WEIGHT, 1.0 - share) if share else 1.0


def _minmax(values: list[float]) -> list[float]:
    if not values:
        return []
    lo, hi = min(values), max(values)
    return [(v - lo) / (hi - lo) if hi > lo else 1.0 for v in values]


@dataclass
class Hit:
    path: str
    page: int | None
    heading: str | None
    text: str
    score: float
    start: int = 0
    end: int = 0
    file_id: str = ""
    dense_rank: int | None = None
    fts_rank: int | None = None
    cosine: float | None = None

    def to_json(self) -> dict:
        return {"path": self.path, "page": self.page, "heading": self.heading,
                "text": self.text, "score": round(self.score, 6)}


def _hit(row: dict, score: float) -> Hit:
    return Hit(path=row["path"], page=row["page"], heading=row["heading"], text=row["text"],
               score=score, start=row["start"], end=row["end"], file_id=row["file_id"])


def _key(row: dict) -> tuple:
    return (row["file_id"], row["start"], row["end"], row["page"], row["heading"])


def overlaps(a: Hit, b: Hit) -> bool:
    """Same place in the same file, sharing more than half of the shorter chunk."""
    if a.file_id != b.file_id or a.page != b.page or a.heading != b.heading:
        return False
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0.5 * min(a.end - a.start, b.end - b.start)


# A passage whose distinct terms are at least this share of another, better-ranked passage's
# is the same text again: a second copy of a document (index.html and index.en.html, a page
# saved twice, an untranslated paragraph left in a translation), chunked at other offsets. It
# would take a source slot and show the user nothing new. Two different paragraphs of one page
# share far fewer of their terms.
NEAR_DUPLICATE = 0.8


def _covered(terms: set[str], by: list[set[str]]) -> bool:
    return bool(terms) and any(len(terms & o) >= NEAR_DUPLICATE * len(terms) for o in by)


def dedupe(hits: list[Hit], k: int) -> list[Hit]:
    out: list[Hit] = []
    kept_terms: list[set[str]] = []
    seen_text: set[str] = set()
    for h in hits:
        norm = " ".join(h.text.split())
        if norm in seen_text or any(overlaps(h, o) for o in out):
            continue
        mine = set(terms_mod.terms(h.text))
        if _covered(mine, kept_terms):
            continue
        seen_text.add(norm)
        out.append(h)
        kept_terms.append(mine)
        if len(out) >= k:
            break
    return out


class Retriever:
    def __init__(self, store: Store, embedder: Embedder):
        self.store = store
        self.embedder = embedder
        # (query, vector) of the last dense search: answer.prepare() scores sentences against
        # the same vector instead of embedding the question again.
        self.last_query_vector: tuple[str, object] | None = None
        self.last_english: tuple[str, object] | None = None  # (words, vector) of a cross search
        self._last_rows: tuple | None = None
        self._english_words: tuple[str, object] | None = None

    def warm_up(self) -> None:
        """Load what a search needs now rather than inside the first timed search: the embedding
        model (with the per-row sessions that embed the quote candidates) once, and the vectors
        held in memory whenever the index has changed since."""
        if not getattr(self, "_warm", False):
            self.embedder.embed_query("warm up")
            rows = getattr(self.embedder, "embed_rows", None)
            if rows is not None:
                rows(["warm up"])
            # The Japanese <-> English word lists (~1 s) in the background: a Japanese question,
            # or an English one nothing English covers, would otherwise pay for them, and nothing
            # else should wait for them (`open` and the CLI's ask used to block on it).
            import threading

            threading.Thread(target=crosslang.warm_up, name="crosslang-warm-up", daemon=True).start()
            self._warm = True
        self.store.warm_up()

    def search(self, query: str, k: int = 10, mode: str = "hybrid", fusion: str = "score",
               cross: bool = False) -> list[Hit]:
        """`cross`: a Japanese question is also searched by its English words (text/crosslang.py),
        densely and in full text, for English passages; last_english holds (words, vector)."""
        query = query.strip()
        if not query:
            return []
        depth = max(50, 5 * k)
        dense_rows, fts_rows = [], []
        again, self._last_rows = self._last_rows, None
        if cross and again and again[0] == (query, depth, mode):
            # The cross-language pass right after the plain one (answer.prepare): the same
            # question's own lists, used once.
            dense_rows, fts_rows = again[1], again[2]
        else:
            if mode in ("hybrid", "dense"):
                self.last_query_vector = (query, self.embedder.embed_query(query))
                dense_rows = self.store.dense(self.last_query_vector[1], depth)
            if mode in ("hybrid", "fts"):
                fts_rows = self.store.fulltext(terms_mod.as_query(query), depth)
            self._last_rows = ((query, depth, mode), dense_rows, fts_rows)
        multilingual = getattr(self.embedder, "multilingual", False)
        wd = dense_weight(query, multilingual)
        english = (crosslang.to_english(query)
                   if cross and mode == "hybrid" and fusion == "score" and not multilingual else "")
        self.last_english = None
        extra: list[tuple[list[dict], list[float]]] = []
        if english:
            # Its English words, searched as an English question is: a third and a fourth list.
            vec = self.embedder.embed_query(english)
            en_dense = self.store.dense(vec, depth)
            en_fts = self.store.fulltext(terms_mod.as_query(english), depth)
            extra = [(en_dense, [CROSS_WEIGHT * v for v in _minmax([1.0 - float(r["_distance"]) for r in en_dense])]),
                     (en_fts, [CROSS_WEIGHT * v for v in _minmax([float(r["_score"]) for r in en_fts])])]
            self.last_english = (english, vec)
        if fusion == "rrf":
            d_scores = [wd / (RRF_K + r) for r in range(1, len(dense_rows) + 1)]
            f_scores = [1.0 / (RRF_K + r) for r in range(1, len(fts_rows) + 1)]
        else:
            d_scores = [wd * v for v in _minmax([1.0 - float(r["_distance"]) for r in dense_rows])]
            f_scores = _minmax([float(r["_score"]) for r in fts_rows])
        fused: dict[tuple, Hit] = {}
        for rank, (row, sc) in enumerate(zip(dense_rows, d_scores), 1):
            h = fused.setdefault(_key(row), _hit(row, 0.0))
            h.dense_rank = rank
            h.cosine = 1.0 - float(row["_distance"])
            h.score += sc
        for rank, (row, sc) in enumerate(zip(fts_rows, f_scores), 1):
            h = fused.setdefault(_key(row), _hit(row, 0.0))
            h.fts_rank = rank
            h.score += sc
        for rows, scores in extra:
            for row, sc in zip(rows, scores):
                h = fused.setdefault(_key(row), _hit(row, 0.0))
                h.score += sc
        ranked = sorted(fused.values(), key=lambda h: h.score, reverse=True)
        return dedupe(ranked, k)

    def english_words(self, query: str) -> tuple[str, object] | None:
        """(a Japanese question's English words, their vector), embedded once per question for
        the quote scorer's glosses and english_passages(); None when it has none."""
        words = crosslang.to_english(query)
        if not words or getattr(self.embedder, "multilingual", False):
            return None
        cached = self._english_words
        if cached is None or cached[0] != words:
            cached = self._english_words = (words, self.embedder.embed_query(words))
        return cached

    def fulltext_passages(self, words: str, limit: int = 10, japanese: bool = False) -> list[Hit]:
        """English (or Japanese) passages holding `words`, full text only (~5 ms): where a
        quote's counterpart in the other language is looked for by its commands, names and
        dictionary words (answer/parallel.py), which the full-text index finds without the
        embedder."""
        rows = self.store.fulltext(terms_mod.as_query(words), limit)
        hits = [_hit(r, float(r["_score"])) for r in rows if (terms_mod.cjk_share(r["text"]) >= 0.3) == japanese]
        return dedupe(hits, limit)

    def edition_passages(self, hit: Hit, japanese: bool | None = None) -> list[Hit]:
        """The passages of the other editions of the hit's document (the same manual in the
        library's other language: `japanese` or not, None for all) around the same place, in
        reading order (search/editions.py)."""
        rows = getattr(self.store, "edition_rows", None)
        return ([_hit(r, 0.0) for r in rows(hit.path, hit.page, hit.start, hit.heading, japanese)]
                if rows is not None else [])

    def english_passages(self, query: str, k: int, limit: int = 30) -> list[Hit]:
        """The best English passages for a Japanese question, by its English words (dense and
        full text, fused as in search()), for a few extra sources: shallower lists than a search's
        (`limit` rows each, ~20 ms in all on the eval library) as only the top few are kept. Hit
        scores are on their own scale; [] when the question has no English words."""
        found = self.english_words(query)
        if found is None:
            return []
        english, vec = found
        dense_rows = self.store.dense(vec, limit)
        fts_rows = self.store.fulltext(terms_mod.as_query(english), limit)
        fused: dict[tuple, Hit] = {}
        for rows, scores in ((dense_rows, _minmax([1.0 - float(r["_distance"]) for r in dense_rows])),
                             (fts_rows, _minmax([float(r["_score"]) for r in fts_rows]))):
            for row, sc in zip(rows, scores):
                if terms_mod.cjk_share(row["text"]) >= 0.3:
                    continue
                h = fused.setdefault(_key(row), _hit(row, 0.0))
                h.score += sc
                if "_distance" in row:
                    h.cosine = 1.0 - float(row["_distance"])
        return dedupe(sorted(fused.values(), key=lambda h: h.score, reverse=True), k)
