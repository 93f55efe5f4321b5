"""Saved chats: one JSON file per conversation in data_dir/conversations/.

Qt-free on purpose so it can be tested with plain pytest and reused by other front ends.
Files are written atomically so a crash never leaves half a conversation behind.
"""
from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.core.platform import atomic

log = logging.getLogger(__name__)


@dataclass
class Message:
    role: str  # "user" | "assistant"
    text: str
    # For answers: the sources as dicts (n, path, page, heading, text, start, end, cited, label).
    sources: list[dict] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    cancelled: bool = False
    # The sentences that answer, shown above the answer (n, path, page, heading, text, start, end).
    quotes: list[dict] = field(default_factory=list)
    # Numbers, commands and names in the answer found in no source (marked in the view).
    unsupported: list[str] = field(default_factory=list)
    small_model: bool = False  # the answer came from a small or base model: said next to it
    error: str = ""  # the model could not run; the quotes and sources still stand
    query: str = ""  # what was searched, when it is not the question itself (a follow-up)


@dataclass
class Conversation:
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    title: str = ""
    created: float = field(default_factory=time.time)
    updated: float = field(default_factory=time.time)
    messages: list[Message] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict) -> "Conversation":
        msgs = [Message(**{k: v for k, v in m.items() if k in Message.__dataclass_fields__})
                for m in raw.get("messages", [])]
        return cls(id=str(raw["id"]), title=str(raw.get("title", "")), created=float(raw.get("created", 0)),
                   updated=float(raw.get("updated", 0)), messages=msgs)


def source_dict(source) -> dict:
    """A core answer.Source as the plain dict stored with a message."""
    return {"n": source.n, "path": source.path, "page": source.page, "heading": source.heading,
            "text": source.text, "start": source.start, "end": source.end, "cited": source.cited,
            "label": source.label}


def quote_dict(quote) -> dict:
    """A core quotes.Quote as the plain dict stored with a message."""
    return {"n": quote.n, "path": quote.path, "page": quote.page, "heading": quote.heading,
            "text": quote.text, "start": quote.start, "end": quote.end}


def history(messages: list[Message], turns: int = 3) -> list[tuple[str, str]]:
    """The conversation's last (question, answer) pairs, oldest first: what a follow-up
    question is searched and answered with. Answers that failed or were stopped before any
    text are left out."""
    pairs: list[tuple[str, str]] = []
    for i, m in enumerate(messages[:-1]):
        nxt = messages[i + 1]
        if m.role == "user" and nxt.role == "assistant" and not nxt.error and (nxt.text or nxt.quotes):
            answer = nxt.text or " ".join(q.get("text", "") for q in nxt.quotes)
            pairs.append((m.text, answer))
    return pairs[-turns:]


def title_from(question: str, limit: int = 48) -> str:
    line = " ".join(question.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class ConversationStore:
    def __init__(self, data_dir: str | Path):
        self.dir = Path(data_dir) / "conversations"

    def _path(self, conv_id: str) -> Path:
        # Ids are generated hex; refuse anything else so a crafted id cannot escape the folder.
        if not conv_id.isalnum():
            raise ValueError(f"bad conversation id {conv_id!r}")
        return self.dir / f"{conv_id}.json"

    def list(self) -> list[Conversation]:
        """Newest first; unreadable files are skipped (and logged), never fatal."""
        out = []
        if not self.dir.is_dir():
            return out
        for f in self.dir.glob("*.json"):
            try:
                out.append(Conversation.from_json(json.loads(f.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("skipping unreadable conversation %s: %s", f.name, exc)
        out.sort(key=lambda c: c.updated, reverse=True)
        return out

    def load(self, conv_id: str) -> Conversation:
        return Conversation.from_json(json.loads(self._path(conv_id).read_text(encoding="utf-8")))

    def save(self, conv: Conversation) -> None:
        conv.updated = time.time()
        atomic.write_text(self._path(conv.id), json.dumps(conv.to_json(), ensure_ascii=False, indent=1))

    def rename(self, conv_id: str, title: str) -> Conversation:
        conv = self.load(conv_id)
        conv.title = title.strip() or conv.title
        self.save(conv)
        return conv

    def delete(self, conv_id: str) -> None:
        self._path(conv_id).unlink(missing_ok=True)
