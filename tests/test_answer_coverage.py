"""Whether the documents cover a question, and in which language to look: a question the
library answers gets its quotes, one it does not gets none, and a Japanese question about an
English-only manual is read in English."""
import pytest
from clihelpers import json_lines, run_cli

import assistant  # noqa: F401


def test_words_alone_cover_an_english_question_only_when_a_sentence_holds_them_all():
    """An English question is read by the embedder: a sentence that shares a few of its words
    but not its meaning ("the best way to learn" for a guitar question, "speed" for the speed of
    light) is no evidence the documents cover it. A keyword query ("pg_hba.conf") is matched
    whole, and counts however the embedder reads it."""
    from assistant.core.answer import ask, quotes

    few_words = quotes.Candidate(0, 0, 10, "x", lexical=0.6, dense=0.2)
    keyword = quotes.Candidate(0, 0, 10, "y", lexical=1.0, dense=0.3)
    close = quotes.Candidate(0, 0, 10, "z", lexical=0.1, dense=0.5)
    assert quotes.relevance([few_words], read=True) < ask.MIN_RELEVANCE
    assert quotes.relevance([keyword], read=True) >= ask.MIN_RELEVANCE
    assert quotes.relevance([close], read=True) >= ask.MIN_RELEVANCE
    # Japanese sentences are matched by their words: the English-only embedder cannot read them.
    assert quotes.relevance([few_words], read=False) >= ask.MIN_RELEVANCE_CJK


def test_a_keyword_query_is_still_answered(indexed):
    docs, data = indexed
    out = json_lines(run_cli("ask", "notice period", "--json", data_dir=data).stdout)[0]
    assert any("three months" in q["text"] for q in out["quotes"]), out["quotes"]


def test_a_question_word_inside_a_japanese_compound_is_no_unknown_topic():
    """最低何文字 ("at least how many characters") is the library's words 最低 and 文字 around a
    question kanji: a question about them is on the library's topic. A word the library never
    uses (確定申告) still is not."""
    from assistant.core.search.vocabulary import Vocabulary, words_of

    vocabulary = Vocabulary(words_of(["パスワードは最低でも 8 文字にしてください。", "ファイルを削除します。"]))
    assert vocabulary.share("パスワードって最低何文字くらいにすればいいの？") == 1.0
    assert vocabulary.share("確定申告はいつまでですか？") == 0.0


def test_latin_words_no_japanese_passage_uses_are_told():
    from assistant.core.search.vocabulary import Vocabulary, words_of

    vocabulary = Vocabulary(words_of(["設定は sudo で変更します。", "The libpq library reports errors."]))
    # Only Japanese passages count: "libpq" is in an English one.
    assert vocabulary.not_in_japanese("libpq のエラーを sudo で") == ["libpq"]
    assert vocabulary.not_in_japanese("ＳＵＤＯ の設定") == []  # full-width and upper case alike


def test_a_japanese_question_naming_an_english_only_term_is_answered_from_the_english_manual(tmp_path):
    """A Japanese question's other words (エラーメッセージ, 短く) match a Japanese page on
    something else; the library it names, libfoo, only the English manual mentions. The answer is
    the English manual's, not the Japanese page's."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "libfoo.md").write_text(
        "# Error verbosity\n\n"
        "In TERSE mode, libfoo error messages include only the severity and the primary text, so they "
        "normally fit on a single line.\n\n"
        "In VERBOSE mode, libfoo error messages include every field, such as the hint and the context.\n",
        encoding="utf-8")
    (docs / "kernel.ja.md").write_text(
        "# カーネル\n\n"
        "コンソールに表示されるカーネルのエラーメッセージは、ログレベルで設定できます。\n\n"
        "エラーメッセージを短くするには、ログレベルを下げてください。\n", encoding="utf-8")
    data = tmp_path / "data"
    assert run_cli("index", str(docs), data_dir=data).returncode == 0
    out = json_lines(run_cli("ask", "libfooのエラーメッセージを1行に収まる短い形式にしたい", "--json",
                             data_dir=data).stdout)[0]
    assert out["quotes"] and "TERSE" in out["quotes"][0]["text"], out["quotes"]
    # A Japanese question whose words are all the Japanese page's is still answered from it.
    out = json_lines(run_cli("ask", "カーネルのエラーメッセージを短くするには？", "--json", data_dir=data).stdout)[0]
    assert out["quotes"] and "ログレベル" in out["quotes"][0]["text"], out["quotes"]


@pytest.mark.usefixtures("indexed")  # the CLI has exported the embedder into the cache
def test_a_sentences_translation_is_a_sentence_not_a_command_line_sharing_its_words():
    """"To learn the status of all the packages…, execute the command" is translated by the
    Japanese sentence that announces the same command, not by the next row's command line
    "dpkg --status パッケージ名", which shares its "status" and パッケージ."""
    from assistant.core.answer import parallel, quotes
    from assistant.core.platform import paths
    from assistant.core.search.embedding import make_embedder

    emb = make_embedder(cache_dir=paths.cache_dir() / "embedders")
    pool = quotes.candidates(["Debian システムにインストールされている全パッケージの状態を確認するには、コマンド\n\n"
                              "dpkg --list\n\nを実行します。\n\n"
                              "特定のパッケージについてもっと詳しい報告を得るには、コマンド\n\n"
                              "dpkg --status パッケージ名\n"])
    english = "To learn the status of all the packages installed on a Debian system, execute the command"
    found = parallel.japanese_counterpart(english, pool, emb, near=True)
    assert found is not None and found[0].text.startswith("Debian システムにインストール"), found
    # A command line's counterpart is still a command line.
    found = parallel.japanese_counterpart("dpkg --status packagename", pool, emb, near=True)
    assert found is None or found[0].text.startswith("dpkg"), found
