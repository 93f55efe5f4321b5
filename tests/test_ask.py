"""Grounded answers from the bundled Gemma 3 270M, with sources that carry file and page."""
from conftest import json_lines, run_cli


def test_ask_answers_with_page_sources_and_timings(indexed):
    docs, data = indexed
    r = run_cli("ask", "How many months is the warranty of the Zephyr 3000?", "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    out = json_lines(r.stdout)[0]
    assert set(out) >= {"question", "answer", "sources", "model", "timings"}
    assert out["model"].endswith(".gguf")
    assert out["answer"].strip()
    assert set(out["timings"]) >= {"retrieval_ms", "first_token_ms", "tokens_per_s"}
    src = {(s["path"].rsplit("/", 1)[-1], s["page"]) for s in out["sources"]}
    assert ("manual.pdf", 2) in src
    assert [s["n"] for s in out["sources"]] == list(range(1, len(out["sources"]) + 1))
    assert any(s["cited"] for s in out["sources"])


def test_ask_streams_text_then_lists_sources(indexed):
    docs, data = indexed
    r = run_cli("ask", "What is the monthly rent in the lease?", data_dir=data)
    assert r.returncode == 0, r.stderr
    answer, _, sources = r.stdout.partition("\nSources:\n")
    assert answer.strip()
    assert "page.html" in sources


def test_ask_says_so_when_nothing_is_relevant(indexed):
    docs, data = indexed
    r = run_cli("ask", "What is the orbital period of Neptune's moon Triton?", "--json", data_dir=data)
    out = json_lines(r.stdout)[0]
    assert "couldn't find" in out["answer"]
    assert out["sources"] == []
