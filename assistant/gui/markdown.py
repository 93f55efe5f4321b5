"""Turns a conversation into one Markdown document for the chat view (Qt-free, testable).

Citations [n] become links `cite:<message>/<n>`, each source becomes a link `src:<message>/<n>`;
the view resolves them itself, so nothing is ever opened or fetched automatically.
"""
from __future__ import annotations

import os
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")
_CITE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\](?!\()")


def escape(text: str) -> str:
    """Plain text as literal Markdown: every ASCII punctuation mark escaped, line breaks kept."""
    lines = [_MD_SPECIAL.sub(r"\\\1", line) for line in text.splitlines()]
    return "  \n".join(lines)


def link_citations(text: str, message: int, numbers: set[int]) -> str:
    def repl(m: re.Match) -> str:
        nums = [int(x) for x in re.split(r"\s*,\s*", m.group(1))]
        if not all(n in numbers for n in nums):
            return m.group(0)
        return "".join(f"[\\[{n}\\]](cite:{message}/{n})" for n in nums)

    return _CITE.sub(repl, text)


def snippet(text: str, limit: int = 180) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"


def source_label(s: dict, page_word: str = "page {0}") -> str:
    """file name, then the page (paged formats) or the heading path, in the UI language."""
    name = os.path.basename(s["path"])
    if s.get("page"):
        return f"{name}, {page_word.format(s['page'])}"
    return f"{name}, {s['heading']}" if s.get("heading") else name


def source_lines(sources: list[dict], message: int, title: str, page_word: str = "page {0}") -> str:
    if not sources:
        return ""
    out = [f"**{escape(title)}**", ""]
    for s in sources:
        label = escape(source_label(s, page_word))
        mark = " ✓" if s.get("cited") else ""
        out.append(f"- **[{s['n']}]**{mark} [{label}](src:{message}/{s['n']}) — *{escape(snippet(s['text']))}*")
    return "\n".join(out)


def render(messages, labels: dict[str, str], streaming: int | None = None) -> str:
    """messages: conversations.Message list; labels: translated words (you, assistant, sources,
    stopped); streaming: the index of the answer still being written, shown with a cursor."""
    parts = []
    for i, m in enumerate(messages):
        if m.role == "user":
            parts.append(f"#### {escape(labels['you'])}\n\n{escape(m.text)}")
            continue
        numbers = {s["n"] for s in m.sources}
        body = link_citations(m.text, i, numbers) if m.text else "…"
        if i == streaming:
            body += " ▍"
        block = f"#### {escape(labels['assistant'])}\n\n{body}"
        if m.cancelled:
            block += f"\n\n*{escape(labels['stopped'])}*"
        if m.sources:
            block += "\n\n" + source_lines(m.sources, i, labels["sources"], labels.get("page", "page {0}"))
        if m.timings and i != streaming and m.timings.get("tokens_per_s"):
            t = m.timings
            block += (f"\n\n*{t.get('first_token_ms', 0) / 1000:.2f} s · "
                      f"{t.get('tokens_per_s', 0):.0f} tok/s*")
        parts.append(block)
    return "\n\n---\n\n".join(parts)
