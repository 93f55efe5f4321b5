"""Searchable seconds after the drop: text lands first (keyword search and quotes work on it),
then the vectors fill in and search becomes hybrid, without a restart. A run stopped between
the two phases owes only the vectors: the next run adds them without reading the files again."""
from clihelpers import WARRANTY, json_lines, make_library, run_cli

import assistant  # noqa: F401
from assistant.core.ingest.indexer import Progress, text_only_id
from assistant.core.services import Services


def _dense_paths(services, query):
    return {r["path"] for r in services.store.dense(services.embedder.embed_query(query), 10)}


def test_keyword_search_works_before_the_vectors_then_search_becomes_hybrid(tmp_path):
    docs = make_library(tmp_path / "docs")
    services = Services(str(tmp_path / "data"))
    events = services.index([str(docs)])
    for ev in events:
        if isinstance(ev, Progress) and ev.phase == "vectors":
            break  # the text of every file is in; no vector yet
    else:
        raise AssertionError("no vectors phase")
    fts = services.retriever.search("warranty Zephyr months", k=3, mode="fts")
    assert fts and "36 months" in " ".join(fts[0].text.split())
    assert _dense_paths(services, "how long is the espresso machine covered") == set()
    rows = services.store.file_rows()
    assert any(r.embedder == text_only_id(services.embedder.id) for r in rows.values())
    for _ev in events:
        pass  # let it finish
    assert "manual.pdf" in {p.rsplit("/", 1)[-1] for p in _dense_paths(services, WARRANTY)}
    assert all(r.embedder == services.embedder.id for r in services.store.file_rows().values())
    # Japanese passages stay keyword-searchable; the English-only embedder gives them no vector.
    assert any("契約" in h.path for h in services.retriever.search("家賃 支払", k=3, mode="fts"))
    services.close()


def test_a_run_stopped_between_the_phases_only_adds_the_vectors(tmp_path):
    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    services = Services(str(data))
    events = services.index([str(docs)])
    for ev in events:
        if isinstance(ev, Progress) and ev.phase == "vectors":
            break
    events.close()  # the user quit here (the writer lock is released)
    services.close()
    r = run_cli("index", str(docs), data_dir=data)
    assert r.returncode == 0, r.stderr
    assert "0 to index" in r.stderr  # nothing read again
    status = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]
    assert {f["state"] for f in status["files"]} <= {"indexed", "failed"}
    hits = json_lines(run_cli("search", "espresso machine warranty length", "--json", "--mode", "dense",
                              data_dir=data).stdout)[0]["hits"]
    assert hits and hits[0]["path"].endswith("manual.pdf")
