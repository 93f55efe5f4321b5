"""Builds assistant/core/text/data/ja_en.tsv.gz, the Japanese -> English word list that lets a
Japanese question find English passages (text/crosslang.py), from JMdict.

    pip download --no-deps jamdict-data==1.5 && tar xzf jamdict_data-1.5.tar.gz
    xz -dk jamdict_data-1.5/jamdict_data/jamdict.db.xz
    python tools/build_ja_en.py jamdict_data-1.5/jamdict_data/jamdict.db

JMdict is the Electronic Dictionary Research and Development Group's dictionary, used under
its licence (CC BY-SA 4.0, https://www.edrdg.org/edrdg/licence.html); the derived list is under
the same licence (assistant/core/text/data/README.md). Only what query translation needs is
kept: each written form (kanji, katakana, and common kana words) with the first English
glosses of its first senses, the computing sense first where forms collide (バイト: byte, then
part-time job: the app's documents are manuals more often than anything else), then the
commonest entry. The app never needs the 325 MB database itself.
"""
from __future__ import annotations

import gzip
import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assistant/core/text/data/ja_en.tsv.gz"
SENSES, GLOSSES, ENTRIES = 2, 3, 2
_KANA_ONLY = re.compile(r"^[\u3040-\u309f\u30fc]+$")
_PAREN = re.compile(r"\s*\([^)]*\)")
_KANJI = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")


def clean(gloss: str) -> str:
    g = _PAREN.sub("", gloss).strip()
    return g[3:] if g.startswith("to ") else g


def main(db: str) -> None:
    c = sqlite3.connect(db)
    prio: dict[int, int] = defaultdict(int)
    for table, forms in (("KJP", "Kanji"), ("KNP", "Kana")):
        for idseq, n in c.execute(f"select f.idseq, count(*) from {forms} f join {table} p on p.kid = f.ID group by f.idseq"):
            prio[idseq] += n
    comp = {r[0] for r in c.execute("select s.idseq from Sense s join field f on f.sid = s.ID where f.text = 'computing'")}
    senses: dict[int, list[list[str]]] = defaultdict(list)
    for idseq, sid, lang, text in c.execute(
            "select s.idseq, s.ID, g.lang, g.text from Sense s join SenseGloss g on g.sid = s.ID order by s.ID"):
        if lang != "eng":
            continue
        lst = senses[idseq]
        if not lst or lst[-1][0] != sid:
            if len(lst) == SENSES:
                continue
            lst.append([sid])
        if len(lst[-1]) <= GLOSSES:
            lst[-1].append(clean(text))
    forms: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for idseq, text in c.execute("select idseq, text from Kanji"):
        forms[text].append((idseq, 0))
    for idseq, text in c.execute("select idseq, text from Kana"):
        # A kana word that is not a common one (priority tag) is most often an inflection's
        # homograph: すみ, かける. Katakana words are loanwords, the terms of technical text.
        if _KANA_ONLY.match(text) and not prio.get(idseq):
            continue
        forms[text].append((idseq, 1))
    lines = []
    for form, entries in forms.items():
        # One kana is a particle; one kanji is often a word of its own (行 row, 幅 width, 列 column).
        if form.isascii() or (len(form) < 2 and not _KANJI.match(form)):
            continue
        best = sorted({e for e, _ in entries if senses.get(e)},
                      key=lambda e: (-(e in comp), -prio.get(e, 0), e))[:ENTRIES]
        glosses: list[str] = []
        for e in best:
            for sense in senses[e]:
                for g in sense[1:]:
                    if g and g not in glosses:
                        glosses.append(g)
        if glosses:
            lines.append(f"{form}\t{'; '.join(glosses)}")
    lines.sort()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))  # the same bytes every build
    print(f"{len(lines)} forms -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(sys.argv[1])
