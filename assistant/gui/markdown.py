"""Turns a conversation into one Markdown document for the chat view (Qt-free, testable).

Citations [n] become links `cite:<message>/<n>`, each source becomes a link `src:<message>/<n>`,
each quote `quote:<message>/<index>`, and the note on a small model `settings:models`; the view
resolves them itself, so nothing is ever opened or fetched automatically.
"""
from __future__ import annotations

import os
import re

from assistant.core.answer.quotes import one_line
from assistant.core.text.terms import close_cjk_gaps
from assistant.gui.passages import short_heading

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


# Debian (and other older) text quotes with `word' : as Markdown the backquote opens a code span
# that runs to the next backquote, half a sentence away.
_TEX_QUOTE = re.compile(r"`([^`'\n]{1,80})'")
_FENCE = re.compile(r"^\s*(```|~~~)")
# A lone tilde is a home directory ("~/.ssh/known_hosts"), not Markdown: Qt's Markdown reads
# two of them on a line as strikethrough, and the answer between them was shown struck out.
_TILDE = re.compile(r"(?<!~)~(?!~)")


def answer_markdown(text: str) -> str:
    """The model's answer as Markdown that looks like what it wrote: its line breaks kept
    (Markdown would join three commands on three lines into one), `quote' marks as quotes."""
    out: list[str] = []
    fenced = False
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if not fenced:
            line = _TEX_QUOTE.sub("‘\\1’", line)
            if line.count("`") % 2:  # an unpaired backquote stays a plain character
                k = line.rfind("`")
                line = line[:k] + "\\`" + line[k + 1:]
            # Not inside code spans (the odd parts of the split), where a backslash would show.
            parts = re.split(r"(?<!\\)(`[^`]*`)", line)
            line = "".join(p if j % 2 else _TILDE.sub(r"\\~", p) for j, p in enumerate(parts))
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if line.strip() and nxt.strip() and not _FENCE.match(nxt):
                line = line.rstrip() + "  "  # a hard line break
        out.append(line)
    return "\n".join(out)


def snippet(text: str, limit: int = 180) -> str:
    one = " ".join(close_cjk_gaps(text).split())  # a PDF's wrapped or spaced-out Japanese read whole
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"


def source_label(s: dict, page_word: str = "page {0}") -> str:
    """file name, then the page (paged formats) or the heading path, in the UI language."""
    name = os.path.basename(s["path"])
    if s.get("page"):
        return f"{name}, {page_word.format(s['page'])}"
    heading = short_heading(s.get("heading"), 60)
    return f"{name}, {heading}" if heading else name


def source_lines(sources: list[dict], message: int, title: str, page_word: str = "page {0}") -> str:
    if not sources:
        return ""
    out = [f"**{escape(title)}**", ""]
    for s in sources:
        label = escape(source_label(s, page_word))
        mark = " ✓" if s.get("cited") else ""
        out.append(f"- **[{s['n']}]**{mark} [{label}](src:{message}/{s['n']}) — *{escape(snippet(s['text']))}*")
    return "\n".join(out)


def quote_lines(quotes: list[dict], message: int, title: str, page_word: str = "page {0}") -> str:
    """The sentences that answer, as a quoted block above the answer: each one links to the
    viewer (`quote:<message>/<index>`), with its file and page."""
    if not quotes:
        return ""
    out = [f"**{escape(title)}**", ""]
    for j, q in enumerate(quotes):
        text = escape("“" + one_line(q["text"]) + "”")
        label = escape(source_label(q, page_word))
        if j:
            out.append(">")
        out.append(f"> [{text}](quote:{message}/{j}) — [{label}](quote:{message}/{j}) \\[{q['n']}\\]")
    return "\n".join(out)


def _same_question(query: str, question: str) -> bool:
    return " ".join(query.split()).casefold() == " ".join(question.split()).casefold()


def render(messages, labels: dict[str, str], streaming: int | None = None, stopping: bool = False) -> str:
    """messages: conversations.Message list; labels: translated words (you, assistant, sources,
    stopped, stopping, timing, quotes, searched, small, error, unsupported); streaming: the
    index of the answer still being written, shown with a cursor; stopping: that answer was
    asked to stop and has not yet."""
    page_word = labels.get("page", "page {0}")
    parts = []
    for i, m in enumerate(messages):
        if m.role == "user":
            parts.append(f"#### {escape(labels['you'])}\n\n{escape(m.text)}")
            continue
        numbers = {s["n"] for s in m.sources}
        body = link_citations(answer_markdown(m.text), i, numbers) if m.text else ""
        quotes = getattr(m, "quotes", None) or []
        if i == streaming:
            if stopping:
                body += f"\n\n*{escape(labels.get('stopping', 'Stopping…'))}*"
            else:
                body = (body + " ▍") if body else "…"
        block = f"#### {escape(labels['assistant'])}"
        if quotes:
            # The user's own words lead: they are right even when the model is not.
            block += "\n\n" + quote_lines(quotes, i, labels.get("quotes", "From your documents"), page_word)
        if body:
            block += f"\n\n{body}"
        if m.cancelled:
            block += f"\n\n*{escape(labels['stopped'])}*"
        done = i != streaming
        error = getattr(m, "error", "")
        if error and done:
            block += ("\n\n*" + escape(labels.get("error", "The model could not answer: {0}").format(error))
                      + f"* [{escape(labels.get('settings_link', 'Settings → Models'))}](settings:models)")
        if done and getattr(m, "unsupported", None) and m.text:
            block += "\n\n*" + escape(labels.get("unsupported", "Dotted underline: not found in your documents.")) + "*"
        if done and getattr(m, "small_model", False) and m.text and not error:
            block += ("\n\n*" + escape(labels.get("small", "This answer comes from a small model: its wording may "
                                                            "be wrong; trust the quotes."))
                      + f"* [{escape(labels.get('settings_link', 'Settings → Models'))}](settings:models)")
        query = getattr(m, "query", "")
        question = messages[i - 1].text if i and messages[i - 1].role == "user" else ""
        if query and question and not _same_question(query, question):
            block += "\n\n*" + escape(labels.get("searched", "Searched: {0}").format(" ".join(query.split()))) + "*"
        if m.sources:
            block += "\n\n" + source_lines(m.sources, i, labels["sources"], page_word)
        if m.timings and done and m.timings.get("tokens_per_s"):
            t = m.timings
            timing = labels.get("timing", "first text after {0:.2f} s · {1:.0f} tokens/s")
            block += "\n\n*" + escape(timing.format(t.get("first_token_ms", 0) / 1000,
                                                       t.get("tokens_per_s", 0))) + "*"
        parts.append(block)
    return "\n\n---\n\n".join(parts)
