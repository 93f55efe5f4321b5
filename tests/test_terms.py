"""The full-text tokenizer works for Japanese (no spaces) and English identifiers."""
import assistant  # noqa: F401
from assistant.core.search.terms import terms


def test_japanese_becomes_bigrams_that_a_query_shares():
    doc = set(terms("ペットの飼育は禁止されています。"))
    query = set(terms("ペットは飼えますか"))
    assert {"ペッ", "ット"} <= doc & query
    assert "飼育" in doc


def test_hiragana_only_bigrams_are_dropped():
    assert not any(all("\u3040" <= ch <= "\u309f" for ch in t) for t in terms("これはそれです"))


def test_identifiers_are_kept_whole_and_split():
    t = terms("Set max_connections to 100 in postgresql.conf")
    assert "max_connections" in t and "max" in t and "connections" in t
    assert "postgresql.conf" in t and "conf" in t
