"""Text -> sentence spans, for English and Japanese, as they come out of PDFs, HTML and notes.

A quote must be a whole sentence, and a chunk should end where a sentence does, so the splitter
has to cope with what extraction leaves:
PDF lines wrapped mid-sentence (joined again), lines with no end punctuation (headings, table
rows, list items: each its own sentence; a line whose cells are split by tabs or " | " is a
table row, however wide, and so are the rows of a table a PDF prints as lines of text, told by
numbers of the same labelled shape or by the command they start or end with),
bullets (a bullet starts a sentence), command and code lines (one line = one unit, never merged
into prose), Japanese 。！？ with closing brackets, and English abbreviations and version numbers
that contain dots.

Pure functions over character offsets: a span (start, end) indexes the text it was cut from.
"""
from __future__ import annotations

import re

# A bullet, a numbered item, or a definition-list dash at the start of a line.
_BULLET = re.compile(r"^\s*(?:[•・◦▪▸►‣○●■□◆◇※\-*–—]\s+|\(?\d{1,3}[.)]\s+|\(?[a-z][.)]\s+)")
# Command lines as manuals print them: a shell prompt, or a line that is mostly code.
_PROMPT = re.compile(r"^\s*(?:\$|#|%|>>>|[\w.-]+@[\w.-]+[:~][^\s]*[$#])\s+\S")
_CODEISH = re.compile(r"[{}();=<>|&\\/]|^\s*(?:sudo|apt|apt-get|dpkg|git|cd|ls|cat|echo|export|"
                      r"make|pip|python3?|psql|select|create|insert|update|delete|alter)\b", re.I)
# Sentence ends inside a block: ASCII .!? before a space (not inside "e.g." / "1.2" / "etc.
# and"), or CJK 。！？ (plus closing brackets), which need no space after them.
_END = re.compile(r"(?:(?<![A-Z])(?<!\b[a-z])[.!?][\"')\]]*(?=\s+[^\sa-z])|[。！？][」』）)\]]*|[!?](?=\s))")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|Dr|Mr|Mrs|Ms|No|Fig|Sec|Ch|approx|incl)\.$", re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_ROW = re.compile(r"\S\t+\S|\S \| \S|^\|.*\|$")
_MANPAGE = re.compile(r"[A-Za-z][\w.+-]*\(\d[a-z]*\)(?=[\s.,)]|$)")
_SECTION_NUMBER = re.compile(r"\s*(?:\d{1,3}\.)+\s*$")
MAX_SENTENCE = 320  # characters; longer runs are cut at clause boundaries


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _width(line: str) -> int:
    """Printed width: a CJK character takes two columns, so mixed pages compare fairly."""
    s = line.strip()
    return len(s) + len(_CJK.findall(s))


def is_code_line(line: str) -> bool:
    """A command or a line of code: kept whole, never joined to its neighbours."""
    s = line.strip()
    if not s:
        return False
    if _PROMPT.match(line):
        return True
    if line.startswith(("    ", "\t")) and _CODEISH.search(s):
        return True
    # A manual page reference, "passwd(1)" or "crontab(5)", is a word of prose: a wrapped
    # sentence's last line "passwd(1)." was taken for code and cut from its sentence.
    prose = s if any(c in s for c in ";={}") else _MANPAGE.sub("x", s)  # "exit(1);" is code
    symbols = sum(1 for c in prose if c in "{}[]()<>=;|&$\\/_*#~`")
    return len(s) >= 8 and symbols / len(s) > 0.18 and not _CJK.search(s)


# A line that is a title, whatever its width: a numbered heading ("9.9.2 Mounting encrypted
# disk", "4.6.4 root パスワードの…"), a table's or figure's caption, an admonition's label. In a
# chunk of short lines (commands, a table) the width rule below cannot tell it from prose, and
# it was quoted glued to the sentence under it, taking a quote's room and its highlight.
_NUMBERED_TITLE = re.compile(
    r"(?:\d{1,3}\.)+\d{1,3}\.?\s+[\"'“(]?(?:[A-Z\u3040-\u30ff\u3400-\u9fff]|[a-z].*[\u3040-\u30ff\u3400-\u9fff]"
    r"|\d+\s*[\u3040-\u30ff\u3400-\u9fff])")  # "11.4.2 2 つの PS や PDF ファイルをマージ"
# "2.5 GB of memory …", "9.6 以降では…", "192.168.1.1 Gateway": a value that starts a line of prose
_VALUE_FIRST = re.compile(r"[\d.]+\s+(?:[KMGT]i?B|bytes?|%|ms|seconds?|minutes?|hours?|days?|以[降上下前後内]|"
                          r"未満|倍|個|回|件|年|月|日|時間|分|秒)|(?:\d{1,3}\.){3}\d{1,3}\b")
_CAPTION_LINE = re.compile(r"(?:Table|Figure|Fig\.|Example|Listing|表|図)\s*\d+(?:[.-]\d+)*[:.：]\s")
_LABELS = {"note", "tip", "caution", "warning", "important", "注意", "ティップ", "警告", "重要", "注記", "ヒント"}
_OPEN_END = re.compile(r"[.。!！?？,，、:：;；]$")
_PARTICLE_AFTER_NUMBER = re.compile(r"[\d.]+\s*[\u3040-\u309f]")
_CLOSED = re.compile(r"[.。!！?？:：]$")


def _numbered_title(s: str) -> bool:
    return (bool(_NUMBERED_TITLE.match(s)) and not _VALUE_FIRST.match(s)
            and not any(mark in s for mark in "、，,"))


def is_heading_line(line: str) -> bool:
    """A numbered heading, a table's or figure's caption, or an admonition's label, alone."""
    s = line.strip()
    if s.casefold() in _LABELS:
        return True
    return len(s) <= 100 and not _OPEN_END.search(s) and bool(_CAPTION_LINE.match(s) or _numbered_title(s))


# A table of contents' line: a title, leader dots and its page number ("3.3 カーネルメッセージ
# . . . . . 86"), or its dots alone where a passage was cut. It is one unit (split at every ". ",
# it made dozens of one-dot "sentences"), and answers nothing (answer/quotes.py skips it).
_LEADERS = re.compile(r"(?:\.\s?){6,}\s*\d{0,4}\s*$")


def is_toc_line(line: str) -> bool:
    return bool(_LEADERS.search(line))


def _title_line(text: str, lines: list[tuple[int, int]], i: int, in_block: bool) -> bool:
    """is_heading_line, and for a numbered one, where a new paragraph may start: after a
    sentence's end or a break. In the middle of a wrapped sentence ("… it needs at least" /
    "2.5 GB of memory") a number at a line's start is the sentence going on."""
    line = text[lines[i][0]:lines[i][1]]
    if not is_heading_line(line):
        return False
    s = line.strip()
    if s.casefold() in _LABELS or _CAPTION_LINE.match(s) or not in_block:
        return True
    prev = next((text[a:b].strip() for a, b in reversed(lines[:i]) if text[a:b].strip()), "")
    if _CLOSED.search(prev):
        return True
    # After a list item ("• Debian Linux Kernel Handbook: https://…"): a section often ends in
    # a list of references, and the next section's heading was glued to its last item (and, in
    # Japanese, the sentence under it too). Not a heading whose words start with a particle:
    # "…は項" / "9.10.5 を参照下さい。" is a wrapped reference.
    return bool(_BULLET.match(prev)) and not _PARTICLE_AFTER_NUMBER.match(s)


def _goes_on(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """A passage's short first line without an end mark, followed by a line that starts in
    lower case, is the end of a wrapped line: the passage starts mid-line ("If btrfs is" /
    "used instead, …"). Further down, short lines in lower case are table rows or list items."""
    if i + 1 >= len(lines) or _OPEN_END.search(text[lines[i][0]:lines[i][1]].rstrip()):
        return False
    nxt = text[lines[i + 1][0]:lines[i + 1][1]].lstrip()
    return nxt[:1].islower() and nxt[:1].isascii()


ROW_WRAP = 3  # lines a row's cell may wrap onto
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"[A-Za-z]*[^A-Za-z\d\s]*\d\S*")


def _row_shape(line: str) -> str | None:
    """The shape of the last two numbers among a line's first four words (letters -> a,
    digits -> 0; a word from the letters right before its first digit), when they are labelled:
    rows of a table printed as text share it ("dirdiff V:0, I:2 167 …", "kamera I:89 983 …",
    "init-system-helpersV:694, I:961 140 …": a package, its popularity, its size), while
    wrapped prose lines rarely do."""
    # (the digit test first: the pattern alone is slow on long words without one)
    numbers = [m.group() for w in line.split(None, 4)[:4] if _DIGIT.search(w) and (m := _NUMBER_WORD.search(w))]
    if len(numbers) < 2:
        return None
    shape = re.sub(r"\d+", "0", re.sub(r"[A-Za-z]+", "a", " ".join(numbers[-2:])))
    # Labelled numbers ("I:2 167"), not bare ones: a Japanese sentence wrapped at "6 から 8"
    # and a list item "数字の 0 から 9" below it are both "0 0".
    return shape if "a" in shape else None


# Words that start wrapped lines of English prose: never a row's command.
_PROSE_START = set("""a an and or the to of in on for is are was were be been by with as at from that this it
its if not but can you your which when then so all any each no only also into than such these those
there their they we one more most other some use used using""".split())
_COMMAND_WORD = re.compile(r"[a-z][a-z0-9_.+-]+$")
# A file's path ("/etc/ssh/sshd_config", "~/.ssh/id_rsa"): the rows of a table of files start
# with one each, different ones, so the mark is that the line starts with a path at all.
_PATH_WORD = re.compile(r"[”\"]?[~.]?/[\w.~-]")
_QUOTED_END = re.compile(r"[”\"'`]([a-z][a-z0-9_.+-]*)[^”\"'`]*[”\"']\s*$")


def _row_marks(line: str) -> list[tuple[str, str]]:
    """(mark, kind) of what a line shares with the other rows of its table: its labelled
    numbers' shape ("strong": _row_shape) or the command it starts with ("weak": "tar -xvf
    foo.tar …", "tar -cvzf …"; prose lines may share a first word), or a path ("weak":
    "/etc/ssh/ssh_config SSH client defaults…", "~/.ssh/id_rsa secret…"), where a row starts; or the
    command of the quoted one it ends with ("end": "Send kill signal to ”$unit” ”systemctl kill
    $unit”"), where a row ends, its description maybe wrapped onto the lines before."""
    out: list[tuple[str, str]] = []
    shape = _row_shape(line)
    if shape is not None:
        out.append(("n" + shape, "strong"))
    # A command and what it does, not a line of code that goes on ("const char *pghost,").
    words = line.split(None, 4)
    if len(words) < 4 and not _CJK.search(line) or line.rstrip().endswith((",", ";", "(", "{", "\\")):
        return out
    first = words[:1]
    if first and _COMMAND_WORD.match(first[0]) and first[0] not in _PROSE_START:
        out.append(("w" + first[0], "weak"))
    elif first and _PATH_WORD.match(first[0]):
        out.append(("w/", "weak"))
    m = _QUOTED_END.search(line)
    if m:
        out.append(("q" + m.group(1), "end"))
    return out


def _table_rows(text: str, lines: list[tuple[int, int]]) -> tuple[dict[int, bool], set[int]]:
    """The lines of a table printed without cell marks where a row starts (and whether it is
    strongly told: its numbers), and those where a row ends: lines sharing a _row_marks mark,
    one after the other or with the wrapped rest of a row between them (up to ROW_WRAP lines;
    one for a command that starts a line). Each row is its own unit: joined as wrapped prose,
    four rows made one quote."""
    starts: dict[int, bool] = {}
    ends: set[int] = set()
    last: dict[str, int] = {}  # mark -> the last line that had it
    for i, (s, e) in enumerate(lines):
        for mark, kind in _row_marks(text[s:e]):
            j = last.get(mark)
            if j is not None and i - j <= (1 if kind == "weak" else ROW_WRAP) + 1:
                if kind == "end":
                    ends.update((j, i))
                else:
                    for k in (j, i):
                        starts[k] = starts.get(k, False) or kind == "strong"
            last[mark] = i
    return starts, ends


def _row_goes_on(text: str, lines: list[tuple[int, int]], i: int, row: list[int], at: int,
                 rows: dict[int, bool], short: bool) -> bool:
    """Line i is the rest of the table row `row` (start, end so far; its first line `at`),
    wrapped: not a row of its own, not a heading, caption, bullet or command, within ROW_WRAP
    lines of the row's start, and short, or, for a row told by its numbers, going on without
    starting or ending a sentence ("(bitmap) GNU イメージ…"): a paragraph after a table starts a
    sentence at a full line's width, and a caption usually comes between them."""
    line = text[lines[i][0]:lines[i][1]]
    body = line.strip()
    if (i in rows or not body or i - at > ROW_WRAP or _BULLET.match(line)
            or is_code_line(line) or _title_line(text, lines, i, True)):
        return False
    if short:
        return True
    starts_sentence = body[0].isascii() and (body[0].isupper() or body[0].isdigit())
    # Only a row told by its numbers goes on over a longer line: after a row told by its
    # command comes the next command's row, in lower case too.
    return (rows.get(at, False) and not starts_sentence and not _CLOSED.search(body)
            and not _CLOSED.search(text[row[0]:row[1]].rstrip()))


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """Runs of lines that belong together: (start, end, is_code). A blank line, a bullet, a code
    line, or a short line without end punctuation (a heading, a table row) ends a block."""
    lines = [(s, e) for s, e in _lines(text)]
    widths = sorted(_width(text[s:e]) for s, e in lines if text[s:e].strip())
    # Typical full line length: a line well short of it without end punctuation is a break.
    full = widths[int(len(widths) * 0.8)] if widths else 0
    blocks: list[tuple[int, int, bool]] = []
    cur: list[int] | None = None  # [start, end]
    first = next((i for i, (s, e) in enumerate(lines) if text[s:e].strip()), -1)
    rows, row_ends = _table_rows(text, lines)
    in_row: int | None = None  # the line cur starts at, when cur is a table row
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        short = _width(line) < 0.6 * full
        if in_row is not None and cur and _row_goes_on(text, lines, i, cur, in_row, rows, short):
            # The rest of a row's cell, wrapped onto lines of its own ("cifs-utils V:30, I:123
            # 317 , ," / "リモートの MS Windows ファイルをマウントやア" / "ンマウントするコマンド").
            cur[1] = e
            continue
        if in_row is not None and cur:  # the row has ended: what follows is not part of it
            blocks.append((cur[0], cur[1], False))
            cur = None
        in_row = None
        if not line.strip():
            if cur:
                blocks.append((cur[0], cur[1], False))
            cur = None
            continue
        code = is_code_line(line) or is_toc_line(line)  # kept whole, not split at its dots
        if code or _title_line(text, lines, i, cur is not None):
            if cur:
                blocks.append((cur[0], cur[1], False))
            cur = None
            blocks.append((s, e, code))
            continue
        if _ROW.search(line.strip()):
            # A table row (HTML tables are extracted a row per line, cells split by tabs; Word,
            # ODF and PowerPoint tables by " | "; Markdown's "| a | b |"): the row is the unit,
            # never joined to the next one as if wrapped.
            if cur:
                blocks.append((cur[0], cur[1], False))
            cur = None
            blocks.append((s, e, False))
            continue
        if i in rows:
            if cur:
                blocks.append((cur[0], cur[1], False))
            cur, in_row = [s, e], i
            if i in row_ends:
                blocks.append((s, e, False))
                cur, in_row = None, None
            continue
        if cur is None or _BULLET.match(line):
            if cur:
                blocks.append((cur[0], cur[1], False))
            cur = [s, e]
        else:
            cur[1] = e
        if i in row_ends or (short and not (i == first and _goes_on(text, lines, i))):
            # A short line: the last line of a paragraph, a heading, a list item or a table
            # row; the next line starts something new. Long lines are wrapped prose.
            blocks.append((cur[0], cur[1], False))
            cur = None
    if cur:
        blocks.append((cur[0], cur[1], False))
    return blocks


def _split_block(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    for m in _END.finditer(text, s, e):
        end = m.end()
        if text[m.start()] == "." and _ABBREV.search(text[max(s, m.start() - 8):m.start() + 1]):
            continue
        if _SECTION_NUMBER.match(text, pos, end):
            continue  # "8.1. Numeric Types": the number belongs to its heading
        if text[pos:end].strip():
            out.append((pos, end))
        pos = end
    if text[pos:e].strip():
        out.append((pos, e))
    return out


def _cut_long(text: str, s: int, e: int, limit: int) -> list[tuple[int, int]]:
    """A run longer than `limit` characters, cut at clause marks (; : 、，) or spaces."""
    out = []
    while e - s > limit:
        window = text[s:s + limit]
        cut = max(window.rfind(p) for p in ("; ", ": ", "、", "，", ", "))
        if cut < limit // 3:
            cut = window.rfind(" ")
        cut = s + (cut + 1 if cut >= limit // 3 else limit)
        out.append((s, cut))
        s = cut
    out.append((s, e))
    return out


def split(text: str, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """Sentence spans of `text`, trimmed of surrounding whitespace, in order."""
    spans: list[tuple[int, int]] = []
    for bs, be, code in _blocks(text):
        parts = [(bs, be)] if code else _split_block(text, bs, be)
        for ps, pe in parts:
            for cs, ce in _cut_long(text, ps, pe, limit):
                seg = text[cs:ce]
                lead = len(seg) - len(seg.lstrip())
                body = seg.strip()
                if body:
                    spans.append((cs + lead, cs + lead + len(body)))
    return spans


# Words a sentence cannot end with: one that stops on them runs on into the command under it
# ("With apt, you can set a package to hold using" / "apt-mark hold package_name"; "To display
# the default target…, run the command" / "systemctl get-default").
# A Japanese sentence holds its command in the middle ("カーネルの設定後、単に" / "make deb-pkg" /
# "を実行します。", "…を確認するには、コマンド" / "dpkg --list"): one that stops on a particle or a
# comma runs on too. (Not on a noun: a table's row ends on one, "…をマウントするコマンド".)
_DANGLING = re.compile(r"\b(?:using|with|by|via|run|execute|type|enter|of|to|the|a|an|command|commands)$"
                       r"|(?:[はにをでがとも、]|、\s*コマンド)$", re.I)


_SHELL = re.compile(r"(?:^|\s)(?:\||-{1,2}[a-z])")  # a pipe or an option: a command line


def runs_on(sentence: str) -> bool:
    """The sentence stops on a word no sentence ends with: what it says goes on under it. Not a
    line of code ("| xargs -0 -n 1 command"), which ends where it ends."""
    last = sentence.strip().rsplit("\n", 1)[-1]
    return bool(_DANGLING.search(last)) and not (is_code_line(last) or _SHELL.search(last))


# A shell command line as manuals print it: a user's "$ " or root's "# " prompt. A "# " line is
# root's command when it is short or holds an option, a path or a redirection ("# dpkg-reconfigure
# keyboard-configuration", "# echo … >> /etc/sudoers"); a comment otherwise ("# run at 03:40 on
# the first Monday of each month"), or when it holds a comma and a space ("# use /bin/sh to run
# commands, no matter what…").
_COMMAND_PROMPT = re.compile(r"^\s*(?:\$ \S|# (?![^\n]*, )(?:\S+(?: \S+){0,3}\s*$|[^\n]*[-/=>|$]))")


def is_prompt_line(line: str) -> bool:
    """A shell prompt's command line ("$ ls -l", "# echo … >> /etc/sudoers"), as manuals print
    it under the sentence that says what it does: what a question asking how wants quoted with
    that sentence (answer/quotes.py), and what a chunk must not be cut from it (ingest/chunking.py)."""
    return bool(_COMMAND_PROMPT.match(line))


def announces(sentence: str) -> bool:
    """The sentence ends in a colon, or runs on: the unit after it is what it announces."""
    return sentence.rstrip().endswith((":", "：")) or runs_on(sentence)
