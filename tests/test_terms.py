"""The full-text tokenizer works for Japanese (no spaces) and English identifiers."""
import assistant  # noqa: F401
from assistant.core.text.terms import as_query, terms


def test_japanese_becomes_bigrams_that_a_query_shares():
    doc = set(terms("ペットの飼育は禁止されています。"))
    query = set(terms("ペットは飼えますか"))
    assert {"ペッ", "ット"} <= doc & query
    assert "飼育" in doc


def test_a_japanese_word_wrapped_across_pdf_lines_is_indexed_whole():
    """A Japanese PDF wraps its lines mid-word (there are no spaces to wrap at) and often spaces
    its characters: the full-text terms are those of the word unwrapped, so "ターゲット" is
    found where a page printed "ターゲ" at one line's end and "ット" at the next one's start."""
    assert terms("既定のターゲ\nットを設定") == terms("既定のターゲットを設定")
    assert terms("文 字 コンソール") == terms("文字コンソール")
    assert "debian" in terms("Debian リファレンス") and "リフ" in terms("Debian リファレンス")


def test_hiragana_only_bigrams_are_dropped():
    assert not any(all("\u3040" <= ch <= "\u309f" for ch in t) for t in terms("これはそれです"))


def test_identifiers_are_kept_whole_and_split():
    t = terms("Set max_connections to 100 in postgresql.conf")
    assert "max_connections" in t and "max" in t and "connections" in t
    assert "postgresql.conf" in t and "conf" in t


def test_a_command_named_in_a_japanese_question_weighs_like_a_word(tmp_path):
    """In 「減量版の udeb とは何ですか」 the command is one term and the compound 減量版 two
    bigrams: the page naming the command must not lose to the page sharing the compound only
    because the compound is cut in more pieces (real index, real full-text search)."""
    from clihelpers import json_lines, run_cli

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "compound.md").write_text("# 説明\n\n減量版の作り方はここにあります。", encoding="utf-8")
    (docs / "command.md").write_text("# 形式\n\nudeb の作り方はここにあります。", encoding="utf-8")
    for i, topic in enumerate(["ネットワーク", "プリンター", "バックアップ", "カーネル", "ユーザー", "時刻", "音声", "画面"]):
        (docs / f"page{i}.md").write_text(f"# {topic}\n\n{topic}の設定はここにあります。", encoding="utf-8")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    r = run_cli("search", "減量版の udeb とは何ですか？", "--json", "--mode", "fts", data_dir=data)
    hits = json_lines(r.stdout)[0]["hits"]
    assert hits[0]["path"].endswith("command.md"), [h["path"] for h in hits]
    # An English question is searched as it is: one term per word.
    assert as_query("what is udeb") == "what is udeb"


def test_a_compound_hyphenated_in_the_question_finds_it_written_as_one_word(tmp_path):
    """"auto-incrementing" in the question, "autoincrementing" in the manual: English writes
    compounds both ways, and full-text search matches whole words (real index, real search)."""
    from clihelpers import json_lines, run_cli

    from assistant.core.text.terms import query_terms

    assert {"auto", "incrementing", "autoincrementing"} <= set(query_terms("an Auto-Incrementing id"))
    assert "autoincrementing" not in terms("an auto-incrementing id")  # documents keep their words
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "types.md").write_text("# Types\n\nbigserial is a large autoincrementing integer.", encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\nThe auto mode keeps incrementing the counter.", encoding="utf-8")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    r = run_cli("search", "auto-incrementing column", "--json", "--mode", "fts", data_dir=data)
    assert "types.md" in [h["path"].rsplit("/", 1)[-1] for h in json_lines(r.stdout)[0]["hits"]]
