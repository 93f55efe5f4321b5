"""Quotes: the sentence from the user's own document that answers, shown before the model
speaks; sentence splitting for English and Japanese; the answer checked against the sources."""
import pytest
from clihelpers import json_lines, run_cli

import assistant  # noqa: F401
from assistant.core.text import sentences
from assistant.core.answer.ask import Source, standalone_query, unsupported_terms, verify_citations


def _split(text):
    return [text[s:e] for s, e in sentences.split(text)]


def _scored(text, question):
    """One passage's sentences scored by the word features alone (no embedder)."""
    from assistant.core.answer import quotes

    cands = quotes.candidates([text])
    quotes.score(cands, question, [1.0], cheap_only=True)
    return cands


def _picked(text, question, **pick):
    """The quotes picked from one passage by the word features alone."""
    from assistant.core.answer import quotes

    return [c.text for c in quotes.pick(_scored(text, question), **pick)]


def test_english_prose_wrapped_over_pdf_lines_is_one_sentence_each():
    text = ("The ping command sends ICMP echo requests to a host on the network. For IPv4 you\n"
            "add 28 bytes and for IPv6 48 bytes to the payload size, e.g. 56 becomes 84 bytes.\n"
            "Version 1.2.3 of the tool is shown by the -V option.\n")
    assert _split(text) == [
        "The ping command sends ICMP echo requests to a host on the network.",
        "For IPv4 you\nadd 28 bytes and for IPv6 48 bytes to the payload size, e.g. 56 becomes 84 bytes.",
        "Version 1.2.3 of the tool is shown by the -V option.",
    ]


def test_a_sentence_wrapped_before_a_manual_page_reference_stays_whole():
    """"passwd(1)." on a line of its own ends the sentence: it is a word of prose, not code, so
    the quote (and the viewer's highlight) is the whole sentence, not all of it but its end."""
    text = ("You should choose a good password which consists of at least 6 to 8 characters\n"
            "including one or more characters from each of the following sets according to\n"
            "passwd(1).\n"
            "printf(\"%s\\n\", name(1));\n")
    assert _split(text) == [
        "You should choose a good password which consists of at least 6 to 8 characters\n"
        "including one or more characters from each of the following sets according to\npasswd(1).",
        'printf("%s\\n", name(1));',
    ]


def test_headings_captions_and_labels_are_lines_of_their_own_among_short_lines():
    """Among commands and table rows (short lines, so width says nothing), a numbered heading,
    a table's caption or a "Tip" label is not glued to the sentence under it: the quote is the
    sentence alone. A passage that starts mid-line keeps its first sentence whole."""
    text = ("If btrfs is\n"
            "used instead, the udisks2-btrfs package needs to be installed.\n"
            "9.9.2 Mounting encrypted disk with dm-crypt/LUKS\n"
            "For example, an encrypted partition on /dev/sdc5 can be mounted onto /mnt as follows:\n"
            "$ sudo cryptsetup open /dev/sdc5 ninja --type luks\n"
            "0002 -rw-rw-r-- writable by the group\n"
            "Table 1.6: The umask value examples\n"
            "The Debian system uses a user private group scheme.\n"
            "ティップ\n"
            "バグを報告する場合は en_US.UTF-8 ロケールで確認します。\n"
            "4.6.4 root パスワードのセキュリティー確保\n"
            "次のアクションが必要です。\n")
    assert _split(text) == [
        "If btrfs is\nused instead, the udisks2-btrfs package needs to be installed.",
        "9.9.2 Mounting encrypted disk with dm-crypt/LUKS",
        "For example, an encrypted partition on /dev/sdc5 can be mounted onto /mnt as follows:",
        "$ sudo cryptsetup open /dev/sdc5 ninja --type luks",
        "0002 -rw-rw-r-- writable by the group",
        "Table 1.6: The umask value examples",
        "The Debian system uses a user private group scheme.",
        "ティップ",
        "バグを報告する場合は en_US.UTF-8 ロケールで確認します。",
        "4.6.4 root パスワードのセキュリティー確保",
        "次のアクションが必要です。",
    ]
    # A value at the start of a wrapped line is the sentence going on, not a heading.
    prose = ("For a sort of this size the database server should have at least a good amount, say\n"
             "2.5 GB of memory, and as the planner will use most of it for hashing, keep some\n"
             "1.5 GB free for work_mem.\n")
    assert _split(prose) == [prose.strip()]


def test_a_heading_after_a_list_item_is_a_line_of_its_own():
    """A section that ends in a list of references: the next section's numbered heading was
    glued to the last item (and in Japanese the sentence under it too), so a quote or a
    translation brought the heading with it. A section number that a wrapped sentence goes on
    with ("…は項" / "9.10.5 を参照下さい。") is not a heading."""
    text = ("詳細は以下参照下さい:\n"
            "• Debian Wiki: KernelFAQ\n"
            "• Debian Linux カーネルハンドブック: https://kernel-handbook.debian.net\n"
            "9.10.5 ハードウエアードライバーとファームウエアー\n"
            "ハードウエアードライバーは対象システム上のメイン CPU で実行されるコードです。\n")
    parts = _split(text)
    assert "• Debian Linux カーネルハンドブック: https://kernel-handbook.debian.net" in parts, parts
    assert "9.10.5 ハードウエアードライバーとファームウエアー" in parts, parts
    english = ("• Git Magic (/usr/share/doc/gitmagic/html/index.html)\n"
               "10.5.5 Other version control systems\n"
               "The version control systems listed here are still used by some projects.\n")
    assert _split(english)[:2] == ["• Git Magic (/usr/share/doc/gitmagic/html/index.html)",
                                   "10.5.5 Other version control systems"]
    wrapped = "• カーネルの再構築については、まず項\n9.10.5 を参照下さい。\n"
    assert _split(wrapped) == [wrapped.strip()]
    # A heading whose words start with a count is a heading too, and never a quote.
    from assistant.core.answer import quotes

    page = ("11.4.2 2 つの PS や PDF ファイルをマージ\n"
            "2 つの PostScript (PS) や PDF ファイルは Ghostscript の gs(1) をつかってマージできます。\n")
    cands = quotes.candidates([page])
    quotes.score(cands, "2 つの PDF ファイルを 1 つにまとめるには？", [1.0])
    assert [c.text for c in quotes.pick(cands)] == [
        "2 つの PostScript (PS) や PDF ファイルは Ghostscript の gs(1) をつかってマージできます。"]


def test_japanese_sentences_split_at_kuten_and_exclamation():
    text = "パッケージを検証するには debsums を使います。チェックサムを確認します！「次」の文です。"
    assert _split(text) == ["パッケージを検証するには debsums を使います。", "チェックサムを確認します！",
                            "「次」の文です。"]


def test_bullets_headings_and_command_lines_are_their_own_units():
    text = ("Checking installed files\n"
            "• debsums checks installed files against their MD5 checksums.\n"
            "• dpkg --verify does the same for every package.\n"
            "$ sudo apt-get install debsums\n"
            "$ debsums -s\n")
    assert _split(text) == ["Checking installed files",
                            "• debsums checks installed files against their MD5 checksums.",
                            "• dpkg --verify does the same for every package.",
                            "$ sudo apt-get install debsums", "$ debsums -s"]


def test_table_rows_are_their_own_units_however_wide():
    """Rows as the loaders write them (HTML: tabs; Word, ODF, PowerPoint: " | "; Markdown
    tables): as wide as prose lines, they are still one row each, never one long "sentence"."""
    text = ("Model | Warranty period in months | Price in euros incl. VAT\n"
            "Zephyr 3000 | 36 months from the date of purchase | 499\n"
            "| Zephyr 2000 | 24 months from the date of purchase | 399 |\n"
            "Zephyr 1000\t12 months from the date of purchase\t299\n")
    assert _split(text) == ["Model | Warranty period in months | Price in euros incl. VAT",
                            "Zephyr 3000 | 36 months from the date of purchase | 499",
                            "| Zephyr 2000 | 24 months from the date of purchase | 399 |",
                            "Zephyr 1000\t12 months from the date of purchase\t299"]


def test_rows_of_a_table_printed_as_text_are_their_own_units():
    """A PDF's table has no cell marks: the Debian Reference's package tables come out as lines
    of "name V:popularity, I:installs size description", as wide as prose, and its tables of
    commands as lines of a command and what it does. Each row is a unit (with the end of its
    description wrapped onto the next lines), never four rows quoted as one sentence; the
    paragraph after the table is prose again."""
    from assistant.core.answer import quotes

    text = ("package popcon size description\n"
            "patchutils V:14, I:125 232 lsdiff(1) show which files are modified by a patch\n"
            "patchutils V:14, I:125 232 splitdiff(1)separate out incremental patches\n"
            "init-system-helpersV:694, I:961 140 helper tools for switching between sysvinit and systemd\n"
            "dirdiff V:0, I:2 167 dirdiff(1) display differences and merge changes between\n"
            "directory trees\n"
            "cifs-utils V:30, I:123 317 , ,\n"
            "リモートの MS Windows ファイルをマウントやア\n"
            "ンマウントするコマンド\n"
            "The patch tools in this table work on unified diffs, which is what diff -u writes for\n"
            "two files and what most projects send in their patches.\n")
    assert _split(text) == [
        "package popcon size description",
        "patchutils V:14, I:125 232 lsdiff(1) show which files are modified by a patch",
        "patchutils V:14, I:125 232 splitdiff(1)separate out incremental patches",
        "init-system-helpersV:694, I:961 140 helper tools for switching between sysvinit and systemd",
        "dirdiff V:0, I:2 167 dirdiff(1) display differences and merge changes between\ndirectory trees",
        "cifs-utils V:30, I:123 317 , ,\nリモートの MS Windows ファイルをマウントやア\nンマウントするコマンド",
        "The patch tools in this table work on unified diffs, which is what diff -u writes for\n"
        "two files and what most projects send in their patches."]
    cands = quotes.candidates([text])
    quotes.score(cands, "Which tool shows the differences between two directory trees?", [1.0])
    assert quotes.pick(cands)[0].text.startswith("dirdiff V:0, I:2 167 dirdiff(1)")
    # Tables of commands: each row starts with its command, or ends with it quoted, the
    # description before it maybe wrapped.
    commands = ("tar -xvf foo.tar ”foo.tar” アーカイブからファイルを展開\n"
                "tar -xvzf foo.tar.gz gzip 圧縮された”foo.tar.gz” アーカイブからファイルを展開\n"
                "tar -cvzf foo.tar.gz bar/ フォルダ”bar/” の内容を gzip 圧縮された”foo.tar.gz” にアーカイブ\n")
    assert _split(commands) == commands.strip().split("\n")
    quoted = ("操作 コマンド断片\n"
              "それぞれの初期化ステップにかかった時間\n"
              "を表示する ”systemd-analyze time”\n"
              "初期化にかかった時間を全ての unit に関し\n"
              "てリストする ”systemd-analyze blame”\n"
              "Send kill signal to ”$unit” ”systemctl kill $unit”\n"
              "Check if ”$unit” service is active ”systemctl is-active $unit”\n")
    assert _split(quoted) == ["操作 コマンド断片",
                              "それぞれの初期化ステップにかかった時間\nを表示する ”systemd-analyze time”",
                              "初期化にかかった時間を全ての unit に関し\nてリストする ”systemd-analyze blame”",
                              "Send kill signal to ”$unit” ”systemctl kill $unit”",
                              "Check if ”$unit” service is active ”systemctl is-active $unit”"]
    # Tables of files: each row starts with a path, a different one each, its description
    # maybe wrapped. "Where are the public keys clients log in with?" quoted three rows as one.
    files = ("configuration file description of configuration file\n"
             "/etc/ssh/ssh_config SSH client defaults, see ssh_config(5)\n"
             "/etc/ssh/sshd_config SSH server defaults, see sshd_config(5)\n"
             "~/.ssh/authorized_keys default public SSH keys that clients use to connect to this account on\n"
             "this SSH server\n"
             "~/.ssh/id_rsa secret SSH-2 RSA key of the user\n"
             "Table 6.8: List of SSH configuration files\n")
    assert _split(files) == [
        "configuration file description of configuration file",
        "/etc/ssh/ssh_config SSH client defaults, see ssh_config(5)",
        "/etc/ssh/sshd_config SSH server defaults, see sshd_config(5)",
        "~/.ssh/authorized_keys default public SSH keys that clients use to connect to this account on\nthis SSH server",
        "~/.ssh/id_rsa secret SSH-2 RSA key of the user",
        "Table 6.8: List of SSH configuration files"]
    assert _picked(files, "Where are the public SSH keys that clients log in with kept?")[0].startswith(
        "~/.ssh/authorized_keys")


def test_a_table_of_contents_line_is_one_unit_and_never_a_quote():
    """"3.3 カーネルメッセージ . . . . 86" was split at every ". " into a title and dozens of
    dots, and the title was quoted for "起動時のカーネルメッセージを見るには？"."""
    from assistant.core.answer import quotes

    text = ("Debian リファレンス viii\n"
            "3.3 カーネルメッセージ . . . . . . . . . . . . . . . . . . . . . . . 86\n"
            "3.4 システムメッセージ . . . . . . . . . . . . . . . . . . . . . . . 86\n"
            "3.5 System management . . . . . . . . . . . . . . . . . .")
    assert _split(text)[1:] == ["3.3 カーネルメッセージ . . . . . . . . . . . . . . . . . . . . . . . 86",
                                "3.4 システムメッセージ . . . . . . . . . . . . . . . . . . . . . . . 86",
                                "3.5 System management . . . . . . . . . . . . . . . . . ."]
    answer = "dmesg(1) はブート時のカーネルメッセージを表示します。"
    cands = quotes.candidates([text, answer])
    assert [c.text for c in cands if c.source == 0] == ["Debian リファレンス viii"]
    quotes.score(cands, "起動時のカーネルメッセージを見るには？", [1.0, 1.0], cheap_only=True)
    assert quotes.pick(cands)[0].text == answer


def test_a_section_number_stays_with_its_heading():
    """"8.1. Numeric Types" is one heading (the quote scorer knows a numbered heading names a
    topic and answers nothing), not a bare "8.1." and a title that looks like a sentence."""
    text = "8.1. Numeric Types\n\nTable 8.2 lists the types. It has 3. Rows.\n10.4. Can I remove old kernels?"
    assert _split(text) == ["8.1. Numeric Types", "Table 8.2 lists the types.", "It has 3.", "Rows.",
                            "10.4. Can I remove old kernels?"]


def test_a_sentence_longer_than_the_limit_is_cut_at_clause_marks():
    text = ("word " * 30).strip() + "; " + ("more " * 60).strip() + "."
    parts = sentences.split(text, limit=200)
    assert len(parts) >= 2 and all(e - s <= 200 for s, e in parts)
    assert text[parts[0][0]:parts[0][1]].endswith(";")


def test_a_follow_up_is_searched_with_the_previous_question():
    history = [("Which tool checks installed package files against checksums?", "debsums [1]")]
    assert "checksums" in standalone_query("And where are they kept?", history)
    own = "How do I change the default PostgreSQL port number?"
    assert standalone_query(own, history) == own
    complete = "Which tool checks installed package files against their checksums?"
    assert standalone_query(complete, [("How do I install a package?", "apt install")]) == complete
    assert standalone_query("Where are they kept?", None) == "Where are they kept?"


def test_a_citation_to_a_source_that_shares_nothing_is_dropped():
    sources = [Source(1, "/a.pdf", 3, None, "The warranty lasts 36 months from purchase."),
               Source(2, "/b.pdf", 1, None, "Descale the machine every 90 days.")]
    checked = verify_citations("The warranty lasts 36 months [1]. It lasts 36 months [2].", sources)
    assert checked == "The warranty lasts 36 months [1]. It lasts 36 months."


def test_numbers_and_commands_found_in_no_source_are_reported():
    sources = [Source(1, "/a.pdf", 3, None, "Install it with apt-get install debsums; it adds 28 bytes.")]
    found = unsupported_terms("Run apt-get install debsums, which adds 14 bytes via /etc/fstab [1].", sources)
    assert found == ["14", "/etc/fstab"]
    # A compound written the other way is the same word; an option is not its bare name.
    sources = [Source(1, "/t.html", None, None, "bigserial\t8 bytes\tlarge autoincrementing integer; purge it.")]
    assert unsupported_terms("An auto-incrementing column [1]; use --purge.", sources) == ["--purge"]


def _page_text(path, page):
    """The page's text as the app extracted it (the coordinates chunks and quotes use)."""
    from assistant.core.ingest import documents

    return next(s.text for s in documents.load(str(path)).sections if s.page == page)


def test_ask_quotes_the_answering_sentence_with_page_and_offsets(indexed):
    docs, data = indexed
    r = run_cli("ask", "How many months is the warranty of the Zephyr 3000?", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    out = json_lines(r.stdout)[0]
    quotes = out["quotes"]
    assert 1 <= len(quotes) <= 3
    assert sum(len(q["text"]) for q in quotes) <= 400
    best = quotes[0]
    assert "36 months" in " ".join(best["text"].split()) and best["path"].endswith("manual.pdf") and best["page"] == 2
    # The offsets point at the very sentence in the page's extracted text.
    page = _page_text(docs / "manual.pdf", 2)
    assert " ".join(page[best["start"]:best["end"]].split()) == " ".join(best["text"].split())
    # n is the number of the source it came from.
    assert out["sources"][best["n"] - 1]["page"] == 2


def test_ask_prints_quotes_before_the_answer_and_sources(indexed):
    docs, data = indexed
    r = run_cli("ask", "How often should the Zephyr 3000 be descaled?", data_dir=data)
    assert r.returncode == 0, r.stderr
    first = r.stdout.lstrip().splitlines()[0]
    assert first.startswith("> ") and "90 days" in first and "manual.pdf, page 3" in first
    assert r.stdout.index("90 days") < r.stdout.index("\nSources:\n")


def test_japanese_question_quotes_the_japanese_sentence(indexed):
    docs, data = indexed
    r = run_cli("ask", "家賃はいつまでに支払う必要がありますか？", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    out = json_lines(r.stdout)[0]
    quotes = out["quotes"]
    assert quotes and "二十五日" in quotes[0]["text"] and quotes[0]["path"].endswith("契約.txt")
    # The English lease says when rent is due too: it is among the sources, for a reader of
    # both (the quotes stay Japanese), and the Japanese summary stays the first source.
    paths = [s["path"] for s in out["sources"]]
    assert paths[0].endswith("契約.txt") and any(p.endswith("page.html") for p in paths)
    assert all(q["path"].endswith("契約.txt") for q in quotes)


def test_a_japanese_question_finds_the_answer_in_an_english_document(indexed):
    """Nothing Japanese covers tomatoes: the question's English words (a dictionary lookup)
    find the English notes, and the English sentence that answers is quoted."""
    from assistant.core.text import crosslang

    words = crosslang.to_english("トマトは一日に何時間の日光が必要ですか？").split()
    assert "tomato" in words and "sunlight" in words
    docs, data = indexed
    r = run_cli("ask", "トマトは一日に何時間の日光が必要ですか？", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    quotes = json_lines(r.stdout)[0]["quotes"]
    assert quotes and "eight hours of direct sunlight" in quotes[0]["text"] and quotes[0]["path"].endswith("notes.md")


def test_an_english_question_finds_the_answer_in_a_japanese_document(indexed):
    """Nothing English says anything about pets; the Japanese lease summary does. The question's
    words in Japanese (a dictionary lookup) find it, and its sentence is quoted."""
    from assistant.core.text import crosslang

    assert "ペット" in dict(crosslang.japanese_words("Can I keep a pet in the apartment?"))["pet"]
    docs, data = indexed
    r = run_cli("ask", "Can I keep a pet in the apartment?", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    quotes = json_lines(r.stdout)[0]["quotes"]
    assert quotes and "ペットの飼育は禁止" in quotes[0]["text"] and quotes[0]["path"].endswith("契約.txt")
    # Paying by credit card is in neither language: the lease's "pay the rent" is no answer.
    r = run_cli("ask", "Which credit cards can I use to pay?", "--json", data_dir=data)
    assert json_lines(r.stdout)[0]["quotes"] == []


def test_no_quotes_and_no_guess_when_the_documents_do_not_cover_it(indexed):
    docs, data = indexed
    r = run_cli("ask", "What is the orbital period of Neptune's moon Triton?", "--json", data_dir=data)
    out = json_lines(r.stdout)[0]
    assert out["quotes"] == [] and out["sources"] == []
    assert "couldn't find" in out["answer"]
    # Asked in Japanese, it is searched in English too (nothing Japanese covers it), and the
    # English passages are held to the same floor.
    r = run_cli("ask", "海王星の衛星トリトンの公転周期はどれくらいですか？", "--json", data_dir=data)
    out = json_lines(r.stdout)[0]
    assert out["quotes"] == [] and out["sources"] == []
    # The lease's Japanese summary shares words with this one (支払い) but says nothing about
    # credit cards, even compared as English words: not covered, rather than a wrong quote.
    r = run_cli("ask", "支払いに使えるクレジットカードの種類は？", "--json", data_dir=data)
    out = json_lines(r.stdout)[0]
    assert out["quotes"] == [] and "couldn't find" in out["answer"]


def test_a_broken_model_still_shows_quotes_and_sources(indexed, tmp_path):
    docs, data = indexed
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" * 16 + b"junk" * 300_000)
    r = run_cli("ask", "How many months is the warranty of the Zephyr 3000?", "--model", str(bad),
                "--json", data_dir=data)
    assert r.returncode == 1
    out = json_lines(r.stdout)[0]
    assert out["error"] and "36 months" in " ".join(out["quotes"][0]["text"].split()) and out["sources"]
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_small_model_going_round_in_circles_is_stopped_and_said_once():
    from assistant.core.answer.ask import clean_answer, repeats

    loop = "Run debsums to verify the files [1].\n" * 3
    assert repeats(loop)
    assert not repeats("Run debsums to verify the files [1]. Then read its report.")
    assert clean_answer(loop) == "Run debsums to verify the files [1]."
    # The same line with its numbers counted up, copied from a table of contents, is a loop too.
    counted = "".join(f"{n}.1.{n + 5} 仮想コンソール\n" for n in range(27, 31))
    assert repeats(counted) and clean_answer(counted) == "27.1.32 仮想コンソール"
    assert not repeats("Port 25 is SMTP.\nPort 22 is SSH.\n")
    rents = "- 2021: 85,000 yen per month [1]\n- 2022: 88,000 yen per month [1]\n- 2023: 90,000 yen per month [1]\n"
    assert not repeats(rents) and clean_answer(rents) == rents.strip()


def test_table_of_contents_passages_rank_below_the_passage_that_answers():
    """Dot leaders and page numbers share words with any question and answer none: they are
    down-ranked, and sources far below the best one are dropped rather than padded to five."""
    from assistant.core.answer import quotes
    from assistant.core.text import terms
    from assistant.core.answer.ask import passage_scores
    from assistant.core.search.retrieval import Hit

    toc = ("2.4 Package management . . . . . . . . . . 81\n2.4.1 Verification of installed files . . . . 84\n"
           "2.4.2 Checksums of package files . . . . . . 85\n")
    body = ("The installation of debsums enables verification of installed package files against "
            "MD5sum values in the /var/lib/dpkg/info/*.md5sums file.")
    assert terms.boilerplate_share(toc) == 1.0 and terms.boilerplate_share(body) == 0.0
    # An HTML/e-book outline has no page numbers: numbered headings one after another. A FAQ's
    # outline holds the very questions, so it matched best and answered nothing.
    outline = ("Chapter 10. Debian and the kernel\n\nTable of Contents\n\n10.1. Can I install a kernel?\n\n"
               "10.2. What tools build a custom kernel?\n\n10.3. What about modules?\n\n10.4. Can I remove old kernels?")
    answer = "10.1. Can I install a kernel?\n\nYes: the linux-image packages install one.\nNothing else is needed."
    assert terms.boilerplate_share(outline) > 0.5 and terms.boilerplate_share(answer) == 0.0
    hits = [Hit("/r.pdf", 5, None, toc, 1.0), Hit("/r.pdf", 84, None, body, 0.8)]
    cands = quotes.candidates([h.text for h in hits])
    quotes.score(cands, "which tool verifies installed package files against checksums?", [h.score for h in hits])
    order = [i for i, _ in passage_scores(hits, cands)]
    assert order[0] == 1


def test_a_sentence_announcing_a_command_is_quoted_with_the_command():
    from assistant.core.answer import quotes

    text = ("Checking installed files\nTo verify every installed file against its checksum, run the following:\n"
            "$ debsums -s\nIt prints only the files that changed.\n")
    cands = quotes.candidates([text])
    quotes.score(cands, "how do I verify installed files against their checksums?", [1.0])
    picked = [c.text for c in quotes.pick(cands)]
    # One quote: the file's text from the sentence to the command.
    assert any(p.endswith("To verify every installed file against its checksum, run the following:\n$ debsums -s")
               for p in picked), picked


def test_a_term_on_its_own_line_is_quoted_with_its_definition():
    """Manuals print options as a term over its description (an HTML definition list, a man
    page): the description alone does not say which option it describes, so the two are one
    quote, highlighted as one span. A run of short lines (a table) is not merged."""
    from assistant.core.answer import quotes

    text = ("Parameters\n\nRESTART IDENTITY\n\nAutomatically restart sequences owned by columns of\n"
            "the truncated table(s).\n\nCONTINUE IDENTITY\n\nDo not change the values of sequences.\n"
            "This is the default.\n\nsmallint 2 bytes\nbigint 8 bytes\n")
    cands = quotes.candidates([text])
    units = [c.text for c in cands]
    assert "RESTART IDENTITY\n\nAutomatically restart sequences owned by columns of\nthe truncated table(s)." in units
    assert "CONTINUE IDENTITY\n\nDo not change the values of sequences." in units
    assert "smallint 2 bytes" in units and "bigint 8 bytes" in units
    quotes.score(cands, "does TRUNCATE restart the sequences of identity columns?", [1.0])
    best = quotes.pick(cands)[0]
    assert best.text.startswith("RESTART IDENTITY") and text[best.start:best.end] == best.text


def test_a_question_about_a_value_in_a_table_is_quoted_the_whole_row(tmp_path):
    """"How large can a bigserial get?" is answered by a row of the manual's table: the quote
    is the row (type, size, description, range), not a lone cell of numbers."""
    from assistant.core.answer import quotes
    from assistant.core.ingest import documents

    p = tmp_path / "datatype-numeric.html"
    p.write_text("<html><body><h2>8.1. Numeric Types</h2><p>Numeric types consist of two-, four-, and "
                 "eight-byte integers. Table 8.2 lists the available types.</p><table><thead><tr><th>Name</th>"
                 "<th>Storage Size</th><th>Description</th><th>Range</th></tr></thead><tbody>"
                 "<tr><td>integer</td><td>4 bytes</td><td>typical choice for integer</td>"
                 "<td>-2147483648 to +2147483647</td></tr>"
                 "<tr><td>serial</td><td>4 bytes</td><td>autoincrementing integer</td><td>1 to 2147483647</td></tr>"
                 "<tr><td>bigserial</td><td>8 bytes</td><td>large autoincrementing integer</td>"
                 "<td>1 to 9223372036854775807</td></tr></tbody></table>"
                 "<p>The type integer is the common choice, as it offers the best balance.</p></body></html>")
    text = documents.load(str(p)).sections[0].text
    cands = quotes.candidates([text])
    quotes.score(cands, "What is the largest value a bigserial column can hold?", [1.0])
    best = quotes.pick(cands)[0]
    assert " ".join(best.text.split()) == "bigserial 8 bytes large autoincrementing integer 1 to 9223372036854775807"
    assert text[best.start:best.end] == best.text
    # Shown on one line, its cells kept apart (the chat, the terminal and the prompt).
    assert quotes.one_line(best.text) == "bigserial | 8 bytes | large autoincrementing integer | 1 to 9223372036854775807"


def test_a_japanese_quote_is_shown_with_its_words_whole():
    """A PDF wraps Japanese mid-word and spaces out a justified line's characters: the chat and
    the terminal show the sentence as it reads, while its text stays the file's own."""
    from assistant.core.answer import quotes

    text = ("スケジュールされたスクリプトは”/etc/cron.daily/” 中に置くことで root アカ\n"
            "ウ ン ト か ら そ れ ら を 定 期 的 に 実 行 で き ま す。")
    assert quotes.one_line(text) == ("スケジュールされたスクリプトは”/etc/cron.daily/” 中に置くことで root "
                                     "アカウントからそれらを定期的に実行できます。")


def test_a_bracket_closed_on_its_own_line_does_not_start_the_next_quote():
    """PDF text often closes a parenthesis on a line of its own: it is no term to define, and a
    quote that starts with ")" looks broken in the chat and in the viewer's header."""
    from assistant.core.answer import quotes

    text = ("/proc/sys/ の下のディレクトリーには実行時のカーネル変数を変更するインターフェースがあります。(専用\n"
            "の sysctl(8) コマンドもしくはその起動 / 設定ファイル”/etc/sysctl.conf” によっても同様のことができます。\n"
            ")\n特にあるファイル - ”/proc/kcore” - に気づくと、パニックになる人がよくいます。これは一般に巨大です。")
    units = [c.text for c in quotes.candidates([text])]
    assert "特にあるファイル - ”/proc/kcore” - に気づくと、パニックになる人がよくいます。" in units
    assert not any(u.startswith(")") for u in units)


def test_the_same_sentence_is_not_quoted_twice_when_one_copy_has_a_heading_joined():
    """A translation that left a paragraph untranslated holds the same English sentence as the
    original, sometimes joined to its heading line: one quote of it is enough, and the room
    goes to a sentence that says something else."""
    from assistant.core.answer import quotes

    sentence = ("For example, an encrypted disk partition created with dm-crypt/LUKS on ”/dev/sdc5” by Debian "
                "Installer can be mounted\nonto ”/mnt” as follows:")
    # A translated heading without its number, as wide as a line of English, runs into the
    # sentence under it (a numbered one is a line of its own: sentences.is_heading_line).
    japanese_page = ("For these filesystems, the file ownership and permissions\nmay need to be configured.\n"
                     "dm-crypt/LUKS で暗号化されたディスクのマウント\n" + sentence
                     + "\n$ sudo cryptsetup open /dev/sdc5 ninja --type luks\nEnter passphrase for /dev/sdc5: ****")
    passages = [sentence + "\n$ sudo cryptsetup open /dev/sdc5 ninja --type luks\n", japanese_page,
                "The mapped device appears as /dev/mapper/ninja once the passphrase is given.\n"]
    assert any(c.text.startswith("dm-crypt/LUKS") and c.text.endswith("as follows:")
               for c in quotes.candidates(passages))
    cands = quotes.candidates(passages)
    quotes.score(cands, "how do I mount an encrypted LUKS partition made by the Debian installer?", [1.0, 0.9, 0.8])
    picked = [" ".join(c.text.split()) for c in quotes.pick(cands, keep=0.0)]
    assert sum(" ".join(sentence.split()) in p for p in picked) == 1, picked
    assert any(p.endswith("as follows: $ sudo cryptsetup open /dev/sdc5 ninja --type luks") for p in picked), picked


def test_a_bare_section_or_page_number_is_never_a_quote():
    """"10.4." or "65,535" on a line of its own (a FAQ's next section number, a table cell) says
    nothing to a reader: it is no candidate, however well its page matched."""
    from assistant.core.answer import quotes

    text = ("dpkg --purge linux-image-NNN\n\nremoves a kernel image package.\n\n10.4.\n\n65,535\n\n"
            "The linux-image-NNN.prerm script checks whether that kernel is the one running.")
    units = [c.text for c in quotes.candidates([text])]
    assert "10.4." not in units and "65,535" not in units
    assert "The linux-image-NNN.prerm script checks whether that kernel is the one running." in units


def test_a_word_in_another_form_matches_the_question():
    """"truncated" in the manual is "truncate" in the question, "updated" is "update", "stored"
    is "store": one stem each, or the sentence that answers shares no word with the question."""
    from assistant.core.answer import quotes

    text = ("The counters shown in the view are reset when the argument names a cache.\n\n"
            "RESTART IDENTITY\n\nAutomatically restart sequences owned by columns of the truncated table(s).\n")
    cands = quotes.candidates([text])
    quotes.score(cands, "Which option of TRUNCATE restarts the identity counters?", [1.0], cheap_only=True)
    best = quotes.pick(cands)[0]
    assert best.text.startswith("RESTART IDENTITY"), best.text
    for forms in (("update", "updated", "updates"), ("table", "tables"), ("store", "stored", "stores"),
                  ("stop", "stopped"), ("class", "classes"), ("policy", "policies"), ("process", "processes")):
        assert len({quotes.stem(w) for w in forms}) == 1, forms


@pytest.mark.usefixtures("indexed")  # the CLI has exported the embedder into the cache
def test_a_hyphenated_word_of_the_question_matches_however_the_manual_writes_it():
    """"How do I indent a here-document with tabs?" (the issue's first example, answered with
    a Makefile): the manual's table row says "here document", two words each common alone
    ("Here is an example…", "this document"), while "indent" and "tab" fill the sentences
    around it. The compound is one concept, matched as one, so the row with the answer is the
    first quote, not a sentence holding "here" and "document" apart."""
    from assistant.core.answer import quotes
    from assistant.core.platform import paths
    from assistant.core.search.embedding import make_embedder

    passages = [
        "indent(1) from the indent package completely reformats whitespaces in the C program.\n\n"
        "Editor programs such as vim and emacs can be used for TAB conversion, too. "
        "Here is a very simple example of a vimrc for this document.",
        "Source code formatting uses 4 column tab spacing, with tabs preserved. "
        "Each logical indentation level is one additional tab stop.",
        "set autoindent \" Copy indent from current line\nset smartindent \" More than autoindent",
        "command << delimiter\nredirect standard input of command to the following lines until \"delimiter\" is met\n"
        "command <<- delimiter\nredirect standard input of command to the following lines until \"delimiter\" is met "
        "(here document, the leading tab characters are stripped from input)",
    ]
    emb = make_embedder(cache_dir=paths.cache_dir() / "embedders")
    cands = quotes.candidates(passages)
    quotes.score(cands, "how do I indent a here-document with tabs?", [1.0, 0.9, 0.8, 0.44], emb)
    first = quotes.pick(cands)[0]
    assert "here document, the leading tab characters are stripped" in " ".join(first.text.split()), first.text


def test_a_reference_to_a_table_is_no_value_for_a_question_about_a_default():
    """"shown in Table F.24" holds digits but no value: for "what is the default …" the sentence
    that states the default comes first, and a table's caption is a title, not an answer."""
    from assistant.core.answer import quotes

    text = ("Table F.25. pg_trgm Operators\n\n"
            "The operators provided by the pg_trgm module are shown in Table F.25 and Section F.35.2.\n\n"
            "The similarity threshold is used by the operator; it must be between 0 and 1 (default is 0.3).\n")
    cands = quotes.candidates([text])
    quotes.score(cands, "What is the default similarity threshold of the pg_trgm operator?", [1.0], cheap_only=True)
    by_word = {c.text.split()[1]: c for c in cands}
    assert by_word["operators"].shape == 0 and by_word["F.25."].shape < 0 and by_word["similarity"].shape > 0
    assert quotes.pick(cands)[0].text.startswith("The similarity threshold"), [c.text for c in quotes.pick(cands)]


def test_a_katakana_word_matches_with_or_without_its_long_vowel_mark():
    """Users write サーバー, the manual サーバ (or the other way round; the Japanese Debian
    Reference writes both): the sentence that names the server is still the one quoted."""
    from assistant.core.answer import quotes

    text = "ログの量は設定で変わります。\nサーバのログは /var/log/syslog にあります。\n"
    cands = quotes.candidates([text])
    quotes.score(cands, "サーバーのログはどこにありますか？", [1.0], cheap_only=True)
    by_start = {c.text[:3]: c for c in cands}
    assert by_start["サーバ"].lexical > by_start["ログの"].lexical
    assert quotes.pick(cands)[0].text.startswith("サーバのログ")
    # ... and inside a compound: スティッキービット in the question, スティッキビット in the manual.
    text = ("”/tmp” は全員書込み可能なディレクトリーです。\n"
            "スティッキビットをセットしたディレクトリーでは、他人のファイルを消せません。\n"
            "”/tmp” は再起動で空になることがあります。\n")
    cands = quotes.candidates([text])
    quotes.score(cands, "/tmp のスティッキービットは何のためにありますか？", [1.0], cheap_only=True)
    assert "スティッキビット" in quotes.pick(cands)[0].text


def test_a_faqs_own_question_and_a_bare_heading_are_never_quoted():
    """A FAQ's question restates the user's and a numbered heading names the topic: both score
    well and answer nothing. The sentences under them are quoted instead."""
    from assistant.core.answer import quotes

    text = ("8.5. How can I find out what package produced a particular file?\n\n"
            "To identify the package that produced the file named foo, run dpkg --search foo.\n\n"
            "1.4.7 Setting a default text editor\n\n"
            "Debian provides the default editor as /usr/bin/editor, set with update-alternatives.\n")
    cands = _scored(text, "How can I find out which package produced a particular file?")
    best = max(cands, key=lambda c: c.score)
    assert best.text.startswith("8.5.")  # the question scores best, as it restates the user's
    picked = [c.text for c in quotes.pick(cands, keep=0.0)]
    assert picked[0].startswith("To identify the package")
    assert not any(p.startswith(("8.5.", "1.4.7")) for p in picked), picked


def test_a_sentence_that_only_points_elsewhere_gives_way_to_one_that_says_something():
    """"See systemd.target(5)." and "systemd.path(5) を参照ください。" answer nothing themselves,
    and a manual page's section number is no value for "what is the default": they took a
    quote's place from the sentence that names the default target."""
    text = ("Upon system start up, the systemd process starts the default target unit.\n\n"
            "See systemd.target(5).\n\n"
            "The default target is normally a symlink to graphical.target.\n\n"
            "systemd.path(5) を参照ください。\n")
    picked = _picked(text, "What is the default systemd target?", max_quotes=2)
    assert picked == ["Upon system start up, the systemd process starts the default target unit.",
                      "The default target is normally a symlink to graphical.target."], picked


def test_a_sentence_that_is_its_sections_heading_is_not_quoted_whatever_its_shape():
    """A FAQ entry's title can be two sentences, the second ending in "!": no pattern tells it
    from prose, but the reader recorded it as the section's heading, so it is a title."""
    from assistant.core.answer import quotes

    heading = ("… > 2.5. Why does the official stable released CD-ROM contain symlinks for `frozen' and "
               "`unstable'? I thought this CD contains just `stable'!")
    text = ("2.5. Why does the official stable released CD-ROM contain symlinks for `frozen' and `unstable'? "
            "I thought this CD contains just `stable'!\n\n"
            "Official Debian CD images indeed contain symlinks so that they work when your sources.list "
            "has an entry for unstable.\n\nRead the CD label in /.disk/info to find out which version it contains.\n")
    question = "Why does the stable CD contain unstable and frozen directories when I thought it contains just stable?"
    cands = quotes.candidates([text], [heading])
    assert [c.title for c in cands] == [True, True, False, False]
    quotes.score(cands, question, [1.0], cheap_only=True)
    picked = [c.text for c in quotes.pick(cands, keep=0.0)]
    assert picked and not any(p.startswith(("2.5.", "I thought")) for p in picked), picked
    # A long heading is stored with its start cut off: the sentence ending with the rest is it.
    assert [c.title for c in quotes.candidates([text], ["…is CD contains just `stable'!"])][1]
    # Without the heading, the second sentence of the title is taken for prose and quoted.
    plain = quotes.candidates([text])
    quotes.score(plain, question, [1.0], cheap_only=True)
    assert any(c.text.startswith("I thought") for c in quotes.pick(plain, keep=0.0))


def test_an_announcing_sentence_is_quoted_with_what_it_announces_or_not_at_all():
    """"… execute either:" as the last of three quotes, with no room left for the command it
    announces, said nothing: it gives its place to a sentence that does."""
    text = ("Installed package files are verified against their checksums by debsums.\n"
            "To verify installed package files against checksums, debsums reads the md5sums files.\n"
            "Alternatively, to verify files execute either:\n"
            "$ dpkg --verify\n"
            "Changed configuration files are listed by debsums -ce.\n")
    picked = _picked(text, "how do I verify installed package files against their checksums?", keep=0.0)
    assert len(picked) <= 3 and not any(p.endswith(":") for p in picked), picked
    for p in picked:
        if "execute either:" in p:
            assert p.endswith("execute either:\n$ dpkg --verify"), picked


def test_a_sentence_that_runs_on_into_its_command_is_quoted_with_it():
    """A FAQ writes "With apt, you can set a package to hold using" and puts the command on the
    next line: the sentence alone tells the user nothing to type, and the next command quoted
    on its own was the one that undoes it."""
    text = ("There are three ways of holding back packages, with dpkg, apt or aptitude.\n\n"
            "With apt, you can stop a package from being upgraded using\n\n"
            "apt-mark hold foo\n\n"
            "and remove the hold with\n\n"
            "apt-mark unhold foo\n\n"
            "Packages are upgraded by apt when a newer version is in the archive.\n")
    picked = _picked(text, "How can I stop apt from upgrading a package?")
    assert picked[0] == "With apt, you can stop a package from being upgraded using\n\napt-mark hold foo"


def test_a_how_question_gets_the_command_printed_under_its_sentence():
    """Manuals introduce a command with a full sentence and print it on a prompt line under it
    ("The following is the safe way…" / "$ :>file_to_be_cleared"; "…設定できます。" /
    "# dpkg-reconfigure keyboard-configuration"). For a question asking how, the command is the
    answer and comes with its sentence; a question asking why gets the sentence alone, and a
    comment line of a file shown under a sentence is no command."""
    from assistant.core.answer import quotes

    text = ("In order to clear the contents of a file such as a log file, do not use rm(1) to delete the file\n"
            "and then create a new empty file, because the file may still be accessed in the interval.\n"
            "The following is the safe way to clear the contents of the file.\n"
            "$ :>file_to_be_cleared\n"
            "9.8.7 Dummy files\n")
    how = "How do I clear a log file safely?"
    assert quotes.asks_how(how)
    picked = _picked(text, how, how=True)
    assert "The following is the safe way to clear the contents of the file.\n$ :>file_to_be_cleared" in picked
    why = "Why should a log file not be deleted with rm?"
    assert not quotes.asks_how(why)
    assert not any("$ :>file_to_be_cleared" in p for p in _picked(text, why, how=quotes.asks_how(why)))
    japanese = ("Debian システムは keyboard-configuration と console-setup パッケージを使い多くの国際キーボード配列\n"
                "として機能するように設定できます。\n"
                "# dpkg-reconfigure keyboard-configuration\n"
                "# dpkg-reconfigure console-setup\n")
    question = "キーボード配列を設定し直すコマンドは？"
    assert quotes.asks_how(question)
    assert _picked(japanese, question, how=True)[0] == (
        "Debian システムは keyboard-configuration と console-setup パッケージを使い多くの国際キーボード配列\n"
        "として機能するように設定できます。\n# dpkg-reconfigure keyboard-configuration")
    crontab = ("Here is an example of a crontab file for the at daemon.\n"
               "# use /bin/sh to run commands, no matter what /etc/passwd says\n"
               "SHELL=/bin/sh\n"
               "5 4 * * sun echo ”run at 04:05 every Sunday”\n"
               "# run at 03:40 on the first Monday of each month\n")
    assert not any("\n#" in p for p in _picked(crontab, "How do I write a crontab file to run at 04:05?", how=True))
    # A wish is asking how too: "…ようにしたい", "…にはどうする？", "I want to…".
    for wish in ("sudo のたびにパスワードを聞かれないようにしたい", "設定を新しいマシンに戻すにはどうする？",
                 "I want to stop sudo from asking for my password."):
        assert quotes.asks_how(wish), wish
    assert not quotes.asks_how("sudo がパスワードを聞くのはなぜですか？")


def test_a_sentence_ending_in_run_the_command_is_quoted_with_the_command():
    """The Debian FAQ ends a sentence with "run the command" and prints the command as a block of
    its own. The command was read as a term defined by the paragraph after it ("systemctl
    get-default" + "During boot-up, systemd starts…"), and the sentence was quoted without it."""
    from assistant.core.answer import quotes

    text = ("To display the default target to which systemd will bring the system, run the command\n\n"
            "systemctl get-default\n\n"
            "During boot-up, systemd starts the services or other targets listed in the default target file.\n")
    assert [text[s:e] for s, e in quotes.spans(text)] == [
        "To display the default target to which systemd will bring the system, run the command",
        "systemctl get-default",
        "During boot-up, systemd starts the services or other targets listed in the default target file."]
    assert _picked(text, "Which command displays the default target of systemd?")[0] == (
        "To display the default target to which systemd will bring the system, run the command\n\n"
        "systemctl get-default")
    # The command quoted first on its own becomes one quote with its sentence.
    start = ("Services are started by systemd at boot.\n\nTo start or stop a service, run\n\n"
             "service package start\n\nThe unit is then running.\n")
    picked = _picked(start, "What does service package start do?")
    assert picked[0] == "To start or stop a service, run\n\nservice package start"
    assert "service package start" not in picked
    # A term over its description is still one quote.
    defined = "Debian mailing lists are listed below.\n\nRESTART IDENTITY\n\nAutomatically restart sequences owned by columns.\n"
    assert "RESTART IDENTITY\n\nAutomatically restart sequences owned by columns." in [
        defined[s:e] for s, e in quotes.spans(defined)]


def test_a_sentence_that_starts_with_a_value_is_no_heading():
    """"1.5 GB of shared memory is the default." starts like a numbered heading ("1.5 Memory")
    but is the answer to "what is the default"; a heading is one line with a title after the
    number and no sentence end."""
    from assistant.core.answer import quotes

    assert not quotes.is_title("1.5 GB of shared memory is the default.")
    assert quotes.is_title("1.4.7 Setting a default text editor") and quotes.is_title("8.5. How can I find out?")
    text = "1.5 Memory\n\n1.5 GB of shared memory is the default.\n\nMemory is shared between the processes.\n"
    cands = quotes.candidates([text])
    quotes.score(cands, "What is the default amount of shared memory?", [1.0], cheap_only=True)
    assert quotes.pick(cands)[0].text == "1.5 GB of shared memory is the default."


def test_a_short_katakana_word_keeps_its_long_vowel_mark():
    """キー without its mark is キ, which キャッシュ contains: only a word's final mark after three
    letters or more is dropped (サーバー / サーバ)."""
    from assistant.core.answer import quotes

    assert quotes.query_units("SSHのキーはどこ？") >= {"キー"}
    text = "キャッシュはメモリに置かれます。\nSSH のキーは ~/.ssh にあります。\n"
    cands = quotes.candidates([text])
    quotes.score(cands, "SSHのキーはどこ？", [1.0], cheap_only=True)
    by_start = {c.text[:3]: c for c in cands}
    assert by_start["キャッ"].lexical == 0.0 and by_start["SSH"].lexical > 0


def test_a_sentence_matching_both_in_words_and_meaning_counts_as_covered():
    """A question the documents answer is not turned away because its best sentence is only
    moderately close in words and in meaning, each alone under the floor; a sentence close in
    neither, or in one alone, still is not enough."""
    from assistant.core.answer import quotes
    from assistant.core.answer.ask import MIN_RELEVANCE

    both = quotes.Candidate(0, 0, 10, "x", lexical=0.39, dense=0.41)
    assert max(both.lexical, both.dense) < MIN_RELEVANCE <= quotes.relevance([both])
    weak = quotes.Candidate(0, 0, 10, "x", lexical=0.29, dense=0.30)
    one_sided = quotes.Candidate(0, 0, 10, "x", lexical=0.05, dense=0.40)
    assert quotes.relevance([weak, one_sided]) < MIN_RELEVANCE


def test_english_sources_keep_each_quote_on_the_passage_it_comes_from():
    """Two English passages join a Japanese question's sources: the Japanese sources are
    renumbered, and every quote (one cut to the budget too, a copy of its sentence) still
    names the passage it was taken from."""
    from assistant.core.answer import ask, quotes
    from assistant.core.search.retrieval import Hit

    texts = ["家賃は毎月二十五日までに支払います。", "ペットの飼育は禁止されています。",
             "解約は二か月前までに書面で通知します。", "駐車場は一台分が付いていて、来客用の場所はありません。",
             "ゴミは月曜日と木曜日の朝に出します。"]
    japanese = [Hit(f"/docs/{i}.txt", None, None, t, 1.0 - i / 10, file_id=str(i)) for i, t in enumerate(texts)]
    cands = quotes.candidates([h.text for h in japanese])
    long_one = next(c for c in cands if c.source == 3)
    trimmed = quotes._trim(long_one, 8)  # as pick() cuts a sentence over the budget
    chosen = [next(c for c in cands if c.source == 0), trimmed]
    prep = ask.Prepared("質問", japanese, cands, chosen, True)

    class EnglishSearch:  # the shallow English search's answer, as Retriever.english_passages gives it
        def english_passages(self, query, k):
            return [Hit(f"/docs/en{i}.html", None, None, t, 1.0, file_id=f"en{i}", cosine=0.6)
                    for i, t in enumerate(["The rent is due on the 25th.", "Pets are not allowed."])]

    out = ask._with_english_sources(prep, EnglishSearch(), k=5)
    assert [h.path for h in out.hits] == ["/docs/0.txt", "/docs/1.txt", "/docs/3.txt", "/docs/en0.html", "/docs/en1.html"]
    for q in out.chosen:
        assert q.text[:4] in out.hits[q.source].text
    assert out.hits[trimmed.source].path == "/docs/3.txt"


def test_a_quote_is_followed_by_its_original_or_translation(tmp_path):
    """A manual in both languages: a Japanese question is answered from the Japanese edition,
    and the English sentence it was translated from is quoted right after it, from the English
    edition, found by what survives translation (the file name, the command) and the words'
    glosses. A sentence of another English document on the same subject is no counterpart."""
    from assistant.core.ingest import documents

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ssh-guide.ja.md").write_text(
        "# SSH のトラブルシュート\n\n"
        "リモートサイトへの ssh 接続が急に動作しなくなった場合は、システムメンテナンス中にホスト鍵が変更された結果かもしれません。"
        "誰もリモートホストになりすましていないことを確認した後に、”host_key” エントリーを”~/.ssh/known_hosts” から削除すると再び接続できます。\n\n"
        "# ポートフォワーディング\n\nポートを転送するには ssh -L を使います。\n", encoding="utf-8")
    (docs / "ssh-guide.en.md").write_text(
        "# Troubleshooting SSH\n\n"
        "If ssh connections to a remote site suddenly stop working, it may be the result of the host key "
        "being changed during system maintenance. After making sure nobody is trying to fake the remote "
        "host, one can regain a connection by removing the \"host_key\" entry from \"~/.ssh/known_hosts\" "
        "on the local host.\n\n"
        "# Port forwarding\n\nTo forward a port, use ssh -L.\n", encoding="utf-8")
    (docs / "garden.md").write_text(
        "# Garden\n\nTomatoes need eight hours of direct sunlight a day. Water them in the morning.\n")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    r = run_cli("ask", "ホスト鍵が変わって ssh 接続できなくなりました。どうすれば接続できますか？", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    out = json_lines(r.stdout)[0]
    quotes = out["quotes"]
    assert quotes and quotes[0]["path"].endswith("ssh-guide.ja.md"), quotes
    english = [q for q in quotes if q["path"].endswith("ssh-guide.en.md")]
    assert english, quotes
    # The original of a quoted Japanese sentence, cited by its own source number, whole.
    assert any("removing the \"host_key\" entry" in q["text"] or "suddenly stop working" in q["text"]
               for q in english)
    by_n = {s["n"]: s for s in out["sources"]}
    for q in quotes:
        assert by_n[q["n"]]["path"] == q["path"]
        text = documents.load(q["path"]).sections[0].text  # the file's extracted text
        assert text[q["start"]:q["end"]] == q["text"]
    assert sum(len(q["text"]) for q in quotes) <= 400
    assert not any(q["path"].endswith("garden.md") for q in quotes)
    # The other way: an English question is answered from the English edition, and the
    # Japanese translation of its first quote follows it, from the Japanese edition's source.
    r = run_cli("ask", "After the host key changed, ssh stopped connecting. How do I regain a connection?",
                "--json", data_dir=data)
    out = json_lines(r.stdout)[0]
    quotes = out["quotes"]
    assert quotes[0]["path"].endswith("ssh-guide.en.md"), quotes
    assert quotes[1]["path"].endswith("ssh-guide.ja.md"), quotes
    assert "known_hosts" in quotes[0]["text"] and "known_hosts" in quotes[1]["text"]
    assert {s["n"]: s for s in out["sources"]}[quotes[1]["n"]]["path"] == quotes[1]["path"]
    assert len(quotes) <= 3 and sum(len(q["text"]) for q in quotes) <= 400
    # In the window the quotes come first and the translation a moment later: two rounds of
    # sources and quotes, the first without it, the second complete (and the model after both).
    from assistant.core.answer import ask
    from assistant.core.services import Services

    services = Services(str(data))
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\x00" * 16 + b"junk" * 1000)
    services.settings.model_path = str(bad)
    events = list(ask.answer("After the host key changed, ssh stopped connecting. How do I regain a connection?",
                             services.retriever, services.llm))
    rounds = [e for e in events if isinstance(e, ask.QuotesFound)]
    assert [r.complete for r in rounds] == [False, True]
    assert not any(q.path.endswith("ssh-guide.ja.md") for q in rounds[0].quotes)
    assert any(q.path.endswith("ssh-guide.ja.md") for q in rounds[1].quotes)
    assert rounds[0].ms <= rounds[1].ms
    assert isinstance(events[-1], ask.AnswerDone) and events[-1].quotes == rounds[1].quotes


@pytest.mark.usefixtures("indexed")  # the CLI has exported the embedder into the cache
def test_a_sentence_is_read_under_its_sections_title():
    """Two sentences about duplicate keys, one under "JSON Types": asked about JSON, that one is
    quoted first, though neither sentence names JSON (read alone, the embedder put the
    configuration file's sentence closer to the question)."""
    from assistant.core.answer import quotes
    from assistant.core.platform import paths
    from assistant.core.search.embedding import make_embedder

    emb = make_embedder(cache_dir=paths.cache_dir() / "embedders")
    cands = quotes.candidates(["If duplicate keys are given, the first value is kept and later ones are ignored.",
                               "If duplicate keys are specified in the input, only the last value is kept."],
                              ["Chapter 4 > 4.2. INI configuration files", "Chapter 8 > 8.14. JSON Types"])
    quotes.score(cands, "What happens to a duplicate key in a JSON document?", [1.0, 1.0], emb)
    assert quotes.pick(cands)[0].text == "If duplicate keys are specified in the input, only the last value is kept."


@pytest.mark.usefixtures("indexed")  # the CLI has exported the embedder into the cache
def test_a_sentence_that_goes_on_from_the_one_matching_the_question_is_quoted():
    """"Why does my manifest list several WAL ranges?" reads closest to the sentences that say
    what a WAL range is; the answer is the "However, …" after "Ordinarily, there will be only a
    single WAL range.": a sentence carrying on the one before it is read with it."""
    from assistant.core.answer import quotes
    from assistant.core.platform import paths
    from assistant.core.search.embedding import make_embedder

    emb = make_embedder(cache_dir=paths.cache_dir() / "embedders")
    text = ("The backup manifest lists the WAL files the backup needs, as WAL ranges. Each WAL range of the "
            "manifest names a timeline and its start and end. Ordinarily, there will be only a single WAL range. "
            "However, if the backup is taken from a standby that is promoted during the backup, it is possible "
            "for several ranges to be present, one for each timeline. The manifest also lists every file of the "
            "backup with its size and checksum.")
    cands = quotes.candidates([text])
    quotes.score(cands, "My base backup's manifest lists several WAL ranges instead of just one. Why would that "
                 "happen?", [1.0], emb)
    assert any(c.text.startswith("However, if the backup is taken") for c in quotes.pick(cands)), quotes.pick(cands)


@pytest.mark.usefixtures("indexed")  # the CLI has exported the embedder into the cache
def test_a_counterpart_is_the_translation_not_a_sentence_sharing_a_word():
    """Of English sentences that share a Japanese sentence's command, the one that says what it
    says is its counterpart; when none does, there is none (a quote shows no stranger's words)."""
    from assistant.core.answer import parallel, quotes
    from assistant.core.platform import paths
    from assistant.core.search.embedding import make_embedder

    emb = make_embedder(cache_dir=paths.cache_dir() / "embedders")
    pool = quotes.candidates(["ctime the file status change time (ls -lc)\n\n"
                              "ctime is not file creation time.\n\n"
                              "xtrace(1): trace communication between X clients and the server"])
    found = parallel.english_counterpart("ctime はファイル作成日時ではありません。", pool, emb)
    assert found is not None and found[0].text == "ctime is not file creation time."
    assert parallel.english_counterpart("cron(8) コマンドを実行して定期的タスクをスケジュールします。", pool, emb) is None


@pytest.mark.usefixtures("indexed")  # the CLI has exported the embedder into the cache
def test_a_counterpart_never_takes_the_place_of_the_source_a_quote_comes_from():
    """A mostly English passage can hold the Japanese sentence that is quoted (a translation's
    table, an untranslated page with one translated line): the English original found
    elsewhere takes another source's place, or none, never that one, or the quote would cite a
    passage that does not hold it."""
    from assistant.core.answer import ask, quotes
    from assistant.core.platform import paths
    from assistant.core.search.embedding import make_embedder
    from assistant.core.search.retrieval import Hit

    mixed = ("ssh(1) OpenSSH client. sshd(8) OpenSSH server. known_hosts(5) host keys. authorized_keys(5) "
             "allowed keys. ssh-keygen(1) makes keys. scp(1) copies files.\n\n"
             "”host_key” エントリーを”~/.ssh/known_hosts” から削除すると再び接続できます。")
    japanese = "SSH のトラブルシュート。接続の問題を確認します。"
    hits = [Hit("/docs/guide.ja.md", None, None, japanese, 1.0, file_id="ja"),
            Hit("/docs/table.md", None, None, mixed, 0.9, file_id="mixed")]
    cands = quotes.candidates([h.text for h in hits])
    quote = next(c for c in cands if "削除すると" in c.text)
    prep = ask.Prepared("ホスト鍵", hits, cands, [quote], True, pending="en")

    class Library:
        embedder = make_embedder(cache_dir=paths.cache_dir() / "embedders")

        def fulltext_passages(self, words, limit=10, japanese=False):
            return [Hit("/docs/guide.en.md", None, None, "One can regain a connection by removing the "
                        "”host_key” entry from ”~/.ssh/known_hosts” on the local host.", 1.0, file_id="en")]

    out = ask.with_counterparts(prep, Library(), k=2)
    for q in out.chosen:
        assert q.text in out.hits[q.source].text
    assert out.hits[quote.source].path == "/docs/table.md"


def test_the_editions_of_a_document_are_told_by_name_and_aligned_by_place():
    """A manual and its translation are the same name with a language mark (in the file name or
    its folder); a same-named file in an unrelated folder is no translation. A place in one
    edition maps to the pages the same share of the way through the other, or, in a document
    without pages, to the section with the same ordinal."""
    from assistant.core.search.editions import Editions, edition_key

    assert edition_key("/d/faq/en/kernel.html")[0] == edition_key("/d/faq/ja/kernel.ja.html")[0]
    assert edition_key(r"C:\docs\lease_EN.pdf")[0] == edition_key(r"C:\docs\lease-jp.pdf")[0]
    assert edition_key("/d/a/report.pdf")[0] != edition_key("/d/b/report.pdf")[0]
    assert edition_key("/d/契約書（英語版）.pdf")[0] == edition_key("/d/契約書（日本語版）.pdf")[0]
    assert edition_key("/d/Manual (English).pdf")[0] == edition_key("/d/manual_ja.pdf")[0]
    paths, pages, starts, heads, seqs = [], [], [], [], []

    def add(path, page, heading):
        paths.append(path), pages.append(page), starts.append(len(paths) * 10), heads.append(heading)
        seqs.append(sum(p == path for p in paths))

    for page in range(1, 101):
        add("/d/guide.en.pdf", page, f"s{page}")
    for page in range(1, 121):  # the translation runs longer
        add("/d/guide.ja.pdf", page, f"j{page}")
    for h in ["intro", "install", "install", "usage", "faq"]:
        add("/d/a/report.html", None, h)
    for h in ["intro", "install", "usage", "faq", "faq", "faq"]:
        add("/d/b/report.html", None, h)
    for h in ["はじめに", "インストール", "使い方", "使い方", "よくある質問"]:
        add("/d/a/report.ja.html", None, h)
    ed = Editions(paths, pages, starts, heads, seqs)
    # Page 50 of 100 is pages 58-62 of 120 (each page one chunk here: seq = page).
    assert ed.near("/d/guide.en.pdf", 50, starts[49], "s50") == [("/d/guide.ja.pdf", 58, 62)]
    # "usage" is the third section of report.html: the third of its Japanese edition, whole
    # (its 3rd and 4th chunks); b/report.html is no edition of it.
    assert ed.near("/d/a/report.html", None, starts[223], "usage") == [("/d/a/report.ja.html", 3, 4)]
    assert ed.others("/d/b/report.html") == []


def _two_editions(tmp_path, name: str, english: str, japanese: str):
    """docs/en/NAME and docs/ja/NAME.ja: one document in two languages, told by their names."""
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "ja").mkdir()
    (docs / "en" / name).write_text(english, encoding="utf-8")
    stem, _, ext = name.rpartition(".")
    (docs / "ja" / f"{stem}.ja.{ext}").write_text(japanese, encoding="utf-8")
    return docs


def test_a_quotes_translation_is_found_at_its_place_in_the_other_edition(tmp_path):
    """An English question on a manual the library also holds in Japanese: the Japanese
    sentence at the same place of the Japanese edition is quoted after the English answer, even
    where the dictionary forms of its words are not the ones the translator used. The same
    words in another Japanese document are no translation."""
    docs = _two_editions(
        tmp_path, "security.md",
        "# Passwords\n\nChoose a long password and change it when someone may have seen it.\n\n"
        "# Physical access\n\n"
        "To prevent people to access your machine with root privilege, you need to make following actions. "
        "Prevent physical access to the hard disk.\n\n"
        "# Backups\n\nKeep a copy of your files on another disk.\n",
        "# パスワード\n\n長いパスワードを選び、誰かに見られたかもしれないときは変更します。\n\n"
        "# 物理的なアクセス\n\n"
        "あなたの機器に他人が root 権限を持ってアクセスするのを阻止するには、次のアクションが必要です。"
        "ハードディスクへの物理的アクセスを阻止します。\n\n"
        "# バックアップ\n\n別のディスクにファイルのコピーを置きます。\n")
    (docs / "ja" / "office.md").write_text(
        "# 事務所\n\n事務所の機器へのアクセスは人々の権限で決まり、次の作用があります。\n", encoding="utf-8")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    r = run_cli("ask", "What do I need to do so that other people cannot get root access to my machine?",
                "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    out = json_lines(r.stdout)[0]
    quotes = out["quotes"]
    assert quotes[0]["path"].endswith("security.md") and "To prevent people" in quotes[0]["text"], quotes
    japanese = [q for q in quotes if q["path"].endswith(".ja.md")]
    assert japanese and japanese[0]["text"].startswith("あなたの機器に他人が root 権限"), quotes
    assert not any(q["path"].endswith("office.md") for q in quotes)
    assert {s["n"]: s for s in out["sources"]}[japanese[0]["n"]]["path"] == japanese[0]["path"]
    assert len(quotes) <= 3 and sum(len(q["text"]) for q in quotes) <= 400
    from assistant.core.ingest import documents

    for q in quotes:  # offsets in its section's text, as its chunk's are
        assert any(sec.text[q["start"]:q["end"]] == q["text"] for sec in documents.load(q["path"]).sections)
    # The translation is for the reader: the model is given the English quotes and sources
    # (the bundled 270M model wrote "• • • …" when given both languages), the numbers kept.
    from assistant.core.answer import ask
    from assistant.core.services import Services

    services = Services(str(data))
    question = "What do I need to do so that other people cannot get root access to my machine?"
    prep = ask.prepare(question, services.retriever)
    sources = [ask.Source(i + 1, h.path, h.page, h.heading, h.text, h.start, h.end) for i, h in enumerate(prep.hits)]
    shown = ask.make_quotes(prep.chosen, sources)
    assert any(q.path.endswith(".ja.md") for q in shown)
    _sources, quotes_after, prompt, _stops = ask.build_prompt(services.llm.load(), question, prep, shown)
    assert quotes_after == shown  # all shown, with the answer
    assert "To prevent people" in prompt and "あなたの機器" not in prompt and "ハードディスク" not in prompt
    english = next(s for s in sources if s.path.endswith("security.md"))
    assert f"[{english.n}]" in prompt


def test_a_japanese_question_whose_topic_the_library_never_mentions_gets_no_quotes(tmp_path):
    """A Japanese question matches passages by shared bigrams and glosses: "how to make a tax
    return" shares 作り方 with a manual's "how to make a backup", and "monthly mortgage
    payments" shares 毎月 and 支払い with its support fee. But the library never mentions 確定申告
    or 住宅ローン: not covered, rather than a quote about backups or fees. A question on the
    manual's own topic, in words of its own, is still answered."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "manual.ja.md").write_text(
        "# バックアップ\n\nバックアップの作り方を説明します。まず外付けディスクを接続し、"
        "rsync でホームディレクトリを丸ごとコピーしてください。コピーには数時間かかることもあります。\n\n"
        "# 復元\n\n壊れたファイルは、外付けディスクのコピーから元の場所へ書き戻して復元します。\n\n"
        "# 料金\n\nサポート契約の料金は毎月の支払いです。\n", encoding="utf-8")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    for question in ["確定申告の書類の作り方は？", "住宅ローンの支払いは毎月いくらですか？"]:
        out = json_lines(run_cli("ask", question, "--json", data_dir=data).stdout)[0]
        assert out["quotes"] == [] and "couldn't find" in out["answer"], (question, out["quotes"])
    out = json_lines(run_cli("ask", "ホームディレクトリのバックアップはどうやって作りますか？", "--json",
                             data_dir=data).stdout)[0]
    assert any("rsync" in q["text"] for q in out["quotes"]), out["quotes"]
    # A document on the topic added while the app runs: its words count from the next question.
    from assistant.core.answer import ask
    from assistant.core.services import Services

    services = Services(str(data))
    question = "確定申告の書類の作り方は？"
    assert not ask.prepare(question, services.retriever).relevant
    (docs / "tax.ja.md").write_text("# 確定申告\n\n確定申告の書類は、源泉徴収票を見ながら作ります。"
                                    "提出期限は毎年3月15日です。\n", encoding="utf-8")
    for _event in services.index([str(docs)]):
        pass
    prep = ask.prepare(question, services.retriever)
    assert prep.relevant and any("源泉徴収票" in c.text for c in prep.chosen), prep.chosen


def test_a_translation_is_the_sentence_that_says_the_same_or_none_at_all(tmp_path):
    """What the reader is shown as a quote's translation must be one. In the other edition,
    the sentence with the quote's Latin words is looked for first, also when the PDF spaced its
    characters out ("メ ッ セ ー ジ"); a paragraph the translator left in the original language
    has no translation, and its neighbour on the same topic is not shown as one."""
    from assistant.core.answer import ask
    from assistant.core.services import Services

    docs = _two_editions(
        tmp_path, "mail.md",
        "# Mail\n\n"
        "A mail server on a home network is often blocked by the provider.\n\n"
        "An email message consists of three components, the message envelope, the message header, and the "
        "message body.\n\n"
        "The message header holds the sender and the subject.\n\n"
        "# Drivers\n\n"
        "Most hardware drivers are available as free software now and are included in the normal kernel "
        "packages.\n\n"
        "The kernel is built with modules for each supported architecture.\n",
        "# メール\n\n"
        "家庭のネットワークのメールサーバーはプロバイダーに遮断されることがよくあります。\n\n"
        "email メ ッ セ ー ジ は 、 メ ッ セ ー ジ の エ ン ベ ロ ー プ と 、 メ ッ セ ー ジ の ヘ ッ ダ ー と 、"
        " メ ッ セ ー ジ の 本 体 と の 3 構 成 要 素 か ら 成 り 立 っ て い ま す 。\n\n"
        "メッセージのヘッダーには email の送信者と件名が入り、メッセージの本体の前に置かれます。\n\n"
        "# ドライバー\n\n"
        "Most hardware drivers are available as free software now and are included in the normal kernel "
        "packages.\n\n"
        "ハードウェアのドライバーを含むカーネルのパッケージは、無料でダウンロードできます。\n")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    retriever = Services(str(data)).retriever

    prep = ask.prepare("What three components does an email message consist of?", retriever)
    assert "three components" in prep.chosen[0].text, prep.chosen
    japanese = [c.text for c in prep.chosen if "メ" in c.text]
    assert japanese and japanese[0].startswith("email メ ッ セ ー ジ は"), prep.chosen

    prep = ask.prepare("Are the hardware drivers free software included in the kernel packages?", retriever)
    assert prep.chosen[0].text.startswith("Most hardware drivers"), prep.chosen
    assert not any("ダウンロード" in c.text for c in prep.chosen), prep.chosen
    # The rule itself: the other edition holds the sentence as it is. A command is the same in
    # both editions and still gets the sentence around it.
    from assistant.core.search.retrieval import Hit

    window = [Hit("mail.ja.md", None, "ドライバー", "Most hardware drivers are available as free software now\n"
                  "and are included in the normal kernel packages. カーネルのパッケージ。", 1.0),
              Hit("mail.ja.md", None, "削除", "古いカーネルは dpkg --purge linux-image-NNN で削除できます。", 1.0)]
    assert ask._untranslated("Most hardware drivers are available as free software now and are included in "
                             "the normal kernel packages.", window)
    assert not ask._untranslated("dpkg --purge linux-image-NNN", window)



def test_a_sentence_and_the_command_it_announces_are_one_quote():
    """"With apt, you can set a package to hold using" / "apt-mark hold foo" is one sentence, as a
    Japanese one with its command inside is ("したがって、コマンド" / "dpkg --purge …" / "を使って…"):
    one quote, the file's text from the sentence's start to the command's end, so a translation
    added after it never leaves the sentence without its command, and the viewer highlights both."""
    from assistant.core.answer import quotes

    text = ("Packages are upgraded by apt when a newer version is in the archive.\n\n"
            "With apt, you can set a package to hold using\n\n"
            "apt-mark hold foo\n\n"
            "and the hold is removed again with apt-mark unhold.\n")
    first = quotes.pick(_scored(text, "How can I hold a package with apt?"))[0]
    assert first.text == "With apt, you can set a package to hold using\n\napt-mark hold foo"
    assert text[first.start:first.end] == first.text
    japanese = ("古いカーネルは残しておけます。\n\n不要なカーネルパッケージを削除するには、コマンド\n\n"
                "dpkg --purge linux-image-NNN\n\nを実行します。\n")
    picked = _picked(japanese, "古いカーネルのパッケージを削除するには？", how=True)
    assert picked[0] == "不要なカーネルパッケージを削除するには、コマンド\n\ndpkg --purge linux-image-NNN\n\nを実行します。"


def test_a_sentence_that_goes_on_past_a_command_is_read_with_the_sentence_before_it():
    """"これに代え、次のようにして…パスワード一切無しに…" answers a question that the sentence
    before it matched ("sudo … パスワード"), with that sentence's command printed between them:
    read with that sentence past the command, it comes before another passage's sentence that
    only shares the words, and is quoted with its own command."""
    from assistant.core.answer import quotes

    section = ("1.1.12 sudo の設定\n"
               "ラップトップ PC 上のデスクトップの Debian システム等のような典型的単一ユーザーワークステーションでは次の\n"
               "ような単純な sudo(8) の設定をして、非特権ユーザー (例えば penguin) に管理者権限を (root パスワードではなく)\n"
               "ユーザー自身のパスワードで与えることがよくあります。\n"
               "# echo ”penguin ALL=(ALL) ALL” >> /etc/sudoers\n"
               "これに代え、次のようにして非特権ユーザー penguin にパスワード一切無しに管理者権限を与えることもよくあ\n"
               "ります。\n"
               "# echo ”penguin ALL=(ALL) NOPASSWD:ALL” >> /etc/sudoers\n")
    other = ("sudo を使うことは、常に root アカウントからシステムを使うよりは良い方法だと個人的には考えます。\n"
             "sudo(8) を使ってもう少し注意深い設定をすれば、他のユーザーに root パスワードを教えること無く限定的管理権限を"
             "許可できます。\n")
    question = "自分しか使わないノートPCなので、sudoのたびにパスワードを聞かれないようにしたい"
    cands = quotes.candidates([section, other])
    quotes.score(cands, question, [1.0, 0.55], cheap_only=True)
    picked = [c.text for c in quotes.pick(cands, how=quotes.asks_how(question))]
    assert picked[1] == ("これに代え、次のようにして非特権ユーザー penguin にパスワード一切無しに管理者権限を与えることもよくあ\n"
                         "ります。\n# echo ”penguin ALL=(ALL) NOPASSWD:ALL” >> /etc/sudoers"), picked


def test_a_sentence_broken_around_its_command_by_a_web_page_is_quoted_with_it():
    """A FAQ's web page breaks "上書きするのではなく、代わりに dpkg-divert … を実行して…" into blocks:
    the command is what the words before it announce, and is quoted with them, not the words
    alone."""
    text = ("/bin/login を login-local で上書きする\n\nということはしないでください。"
            "パッケージ管理システムはこの変更について知らず、/bin/login を提供するパッケージが更新されたときに"
            "独自化した /bin/login をあっさりと上書きします。\n\n"
            "上書きするのではなく\n\n代わりに\n\n"
            "dpkg-divert --divert /bin/login.debian /bin/login")  # where the passage (a chunk) ends
    question = "自作のプログラムがパッケージの更新で上書きされないようにするには？"
    picked = _picked(text, question, how=True)
    assert "上書きするのではなく\n\n代わりに\n\ndpkg-divert --divert /bin/login.debian /bin/login" in picked, picked


def test_a_japanese_question_asking_for_a_number_gets_the_english_sentence_holding_it():
    """A Japanese question about an English manual is scored by its English words, which lose
    what it asks for: "何秒ごとに…" wants the sentence with the number of seconds, read from the
    question as the user wrote it."""
    from assistant.core.answer import quotes
    from assistant.core.text import crosslang

    text = ("\\watch [ seconds ]\n\n"
            "Repeatedly execute the current query buffer (as \\g does) until interrupted, or the query fails. "
            "Wait the specified number of seconds (default 2) between executions. "
            "Each query result is displayed with a header that includes the \\pset title string.")
    question = "psql の \\watch で間隔を指定しないと、何秒ごとにクエリを再実行しますか？"
    cands = quotes.candidates([text])
    quotes.score(cands, crosslang.to_english(question), [1.0], cheap_only=True, asked=question)
    assert "(default 2)" in quotes.pick(cands)[0].text, quotes.pick(cands)  # the lead quote


def test_the_row_count_psql_prints_under_a_result_is_no_quote():
    """"(1 row)" under a query's output is no term defined by the sentence after it, and its
    number is no value: a question asking for a default got "(1 row)\\n\\nThus, …" as its lead."""
    from assistant.core.answer import quotes

    text = ("SELECT similarity('word', 'two words');\n"
            " similarity\n"
            "------------\n"
            "   0.36363637\n"
            "(1 row)\n\n"
            "Thus, the similarity function is useful for finding similar words.\n\n"
            "pg_trgm.similarity_threshold (real)\n\n"
            "Sets the current similarity threshold that is used by the % operator. "
            "The threshold must be between 0 and 1 (default is 0.3).")
    units = [body for _s, _e, body, _w in quotes._units(text)]
    assert "Thus, the similarity function is useful for finding similar words." in units
    assert not any("(1 row)" in u for u in units)


def test_a_web_manuals_index_page_ranks_below_the_passage_that_answers():
    """A web manual's back-of-book index links each term to its section's title, without page
    numbers ("jsonb_each, Processing and Creating JSON Data"): it matched a question about jsonb
    best and was quoted three times. Tables and lists with commas are no index."""
    from assistant.core.answer import quotes
    from assistant.core.answer.ask import passage_scores
    from assistant.core.search.retrieval import Hit
    from assistant.core.text import terms

    index = ("jsonb_build_object, Processing and Creating JSON Data\n\njsonb_each, Processing and Creating JSON Data\n\n"
             "jsonb_object_agg, Aggregate Functions\n\njsonb_object_keys, Processing and Creating JSON Data\n\n"
             "jsonb_path_exists, Processing and Creating JSON Data")
    body = ("Because the json type stores an exact copy of the input text, it will preserve semantically-insignificant "
            "white space between tokens. By contrast, jsonb does not preserve white space, does not preserve the order "
            "of object keys, and does not keep duplicate object keys. If duplicate keys are specified in the input, "
            "only the last value is kept.")
    assert terms.boilerplate_share(index) == 1.0 and terms.boilerplate_share(body) == 0.0
    for table in ("Query access: SELECT, COPY TO\nCursor commands: DECLARE, FETCH, CLOSE\nBEGIN, END, ABORT, START TRANSACTION",
                  "Free Software pieces in Debian come from GNU, Linux, BSD, X, ISC, Apache,\n"
                  "Samba, GNOME, KDE, Mozilla, LibreOffice, Vim, TeX, LaTeX, DocBook,\nMariaDB, PostgreSQL, SQLite, Exim",
                  "BIG5\tBig Five\tTraditional Chinese\tNo\nEUC_TW\tExtended UNIX Code-TW\tTraditional Chinese, Taiwanese\t1–4\n"
                  "Teodor Sigaev <teodor@postgrespro.ru>, Postgres Professional, Moscow, Russia"):
        assert terms.boilerplate_share(table) == 0.0, table
    hits = [Hit("/bookindex.html", None, None, index, 1.0), Hit("/datatype-json.html", None, None, body, 0.8)]
    cands = quotes.candidates([h.text for h in hits])
    quotes.score(cands, "What does a jsonb column keep when the JSON document has the same key twice?",
                 [h.score for h in hits])
    assert [i for i, _ in passage_scores(hits, cands)][0] == 1
