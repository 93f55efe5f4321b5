"""Hybrid retrieval: dense (cosine) + full-text (BM25 over terms.py's tokens), fused with
reciprocal rank fusion, with duplicate and overlapping chunks removed."""
from __future__ import annotations

from dataclasses import dataclass

from assistant.core import terms as terms_mod
from assistant.core.embedding import Embedder
from assistant.core.store import Store

RRF_K = 60
MODES = ("hybrid", "dense", "fts")


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


def _overlaps(a: Hit, b: Hit) -> bool:
    """Same place in the same file, sharing more than half of the shorter chunk."""
    if a.file_id != b.file_id or a.page != b.page or a.heading != b.heading:
        return False
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0.5 * min(a.end - a.start, b.end - b.start)


def dedupe(hits: list[Hit], k: int) -> list[Hit]:
    out: list[Hit] = []
    seen_text: set[str] = set()
    for h in hits:
        norm = " ".join(h.text.split())
        if norm in seen_text or any(_overlaps(h, o) for o in out):
            continue
        seen_text.add(norm)
        out.append(h)
        if len(out) >= k:
            break
    return out


class Retriever:
    def __init__(self, store: Store, embedder: Embedder):
        self.store = store
        self.embedder = embedder

    def search(self, query: str, k: int = 10, mode: str = "hybrid") -> list[Hit]:
        query = query.strip()
        if not query:
            return []
        depth = max(50, 5 * k)
        dense_rows, fts_rows = [], []
        if mode in ("hybrid", "dense"):
            dense_rows = self.store.dense(self.embedder.embed_query(query), depth)
        if mode in ("hybrid", "fts"):
            fts_rows = self.store.fulltext(terms_mod.as_document(query), depth)
        fused: dict[tuple, Hit] = {}
        for rank, row in enumerate(dense_rows, 1):
            h = fused.setdefault(_key(row), _hit(row, 0.0))
            h.dense_rank = rank
            h.cosine = 1.0 - float(row["_distance"])
            h.score += 1.0 / (RRF_K + rank)
        for rank, row in enumerate(fts_rows, 1):
            h = fused.setdefault(_key(row), _hit(row, 0.0))
            h.fts_rank = rank
            h.score += 1.0 / (RRF_K + rank)
        ranked = sorted(fused.values(), key=lambda h: h.score, reverse=True)
        return dedupe(ranked, k)
