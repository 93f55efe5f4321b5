"""The vector index a big library gets: built once the library passes a size, an index of an
older kind is replaced, and search through it still finds what an exact scan finds."""
import numpy as np
import pyarrow as pa

from assistant.core.search.store import ANN_KIND, Store, chunks_schema

DIM = 32


def _rows(vecs):
    n = len(vecs)
    ids = np.arange(n, dtype=np.int32)
    schema = chunks_schema(DIM)
    cols = [pa.FixedSizeListArray.from_arrays(pa.array(vecs.reshape(-1)), DIM),
            pa.array([f"text {i}" for i in ids]), pa.array([f"text {i}" for i in ids]),
            pa.array([f"/docs/d{i // 50}.txt" for i in ids]), pa.array([f"f{i // 50}" for i in ids]),
            pa.nulls(n, pa.int32()), pa.nulls(n, pa.string()), pa.array(ids), pa.array(ids + 1),
            pa.array(ids % 50)]
    return pa.Table.from_arrays(cols, schema=schema)


def _clustered(rng, n):
    centres = rng.standard_normal((40, DIM)).astype(np.float32)
    v = centres[rng.integers(0, 40, n)] + 0.5 * rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _recall(store, vecs, queries):
    hits = []
    for q in queries:
        exact = set(np.argsort(-(vecs @ q))[:10].tolist())
        got = {r["start"] for r in store.dense(q, 10)}
        hits.append(len(got & exact) / 10)
    return float(np.mean(hits))


def test_big_library_gets_an_ann_index_that_keeps_recall(tmp_path):
    rng = np.random.default_rng(3)
    vecs = _clustered(rng, 4000)
    store = Store(tmp_path / "index", DIM)
    store.add_chunks(_rows(vecs))
    assert not store.ensure_vector_index(min_rows=5000)  # small: exact scan, no index
    assert not store.has_vector_index()
    assert store.ensure_vector_index(min_rows=1000)
    assert store.vector_index_kinds() == {ANN_KIND}
    assert not store.ensure_vector_index(min_rows=1000)  # built once
    assert _recall(store, vecs, _clustered(rng, 20)) >= 0.95


def test_an_older_kind_of_vector_index_is_rebuilt(tmp_path):
    from lancedb.index import IvfPq

    rng = np.random.default_rng(4)
    vecs = _clustered(rng, 3000)
    store = Store(tmp_path / "index", DIM)
    store.add_chunks(_rows(vecs))
    store.chunks.create_index("vector", config=IvfPq(distance_type="cosine", num_partitions=16,
                                                     num_sub_vectors=4))
    assert store.ensure_vector_index(min_rows=1000)
    assert store.vector_index_kinds() == {ANN_KIND}
    assert _recall(store, vecs, _clustered(rng, 20)) >= 0.95


def _with_null_vectors(table: pa.Table, nulls: np.ndarray) -> pa.Table:
    vec = table.column("vector").combine_chunks()
    masked = pa.FixedSizeListArray.from_arrays(vec.values, DIM, mask=pa.array(nulls))
    return table.set_column(0, "vector", masked)


def test_passages_without_a_vector_are_kept_and_skipped_by_dense_search(tmp_path):
    """Passages an English-only embedder cannot read are stored without a vector: they stay in
    the library (full-text finds them) and never surface as dense noise, with or without the
    ANN index, and a run that adds only such passages still folds into the index."""
    rng = np.random.default_rng(5)
    vecs = _clustered(rng, 3000)
    nulls = np.zeros(3000, bool)
    nulls[1::3] = True
    store = Store(tmp_path / "index", DIM)
    store.add_chunks(_with_null_vectors(_rows(vecs), nulls))
    assert store.chunk_count() == 3000
    got = {r["start"] for q in _clustered(rng, 10) for r in store.dense(q, 20)}
    assert got and not any(nulls[i] for i in got)
    assert store.ensure_vector_index(min_rows=1000)
    got = {r["start"] for q in _clustered(rng, 10) for r in store.dense(q, 20)}
    assert got and not any(nulls[i] for i in got)
    more = _with_null_vectors(_rows(_clustered(rng, 100)), np.ones(100, bool))
    store.add_chunks(more)
    store.optimize()  # lance alone fails here: every new vector is null
    assert store.chunk_count() == 3100
    assert store.vector_index_kinds() == {ANN_KIND}


def _lance_scan(store, q, k):
    return (store.chunks.search(q, vector_column_name="vector").distance_type("cosine")
            .select(["start", "text"]).limit(k).to_list())


def test_a_small_library_is_searched_in_memory_exactly_as_lance_scans_it(tmp_path):
    """Below the ANN size, dense search runs over the vectors held in memory: the same chunks in
    the same order with the same distances as Lance's exact scan, passages without a vector
    (text the embedder cannot read) and deleted ones never returned, and a write seen by the next
    search."""
    rng = np.random.default_rng(5)
    vecs = _clustered(rng, 600)
    store = Store(tmp_path / "index", DIM)
    table = _rows(vecs)
    unreadable = np.zeros(600, dtype=bool)
    unreadable[::7] = True  # every 7th passage has no vector
    mask = pa.array(unreadable)
    table = table.set_column(0, table.schema.field("vector"),
                             pa.FixedSizeListArray.from_arrays(pa.array(vecs.reshape(-1)), DIM, mask=mask))
    store.add_chunks(table)
    store.chunks.delete("start >= 100 AND start < 160")  # a re-indexed file's old chunks
    for q in _clustered(rng, 8):
        got = store.dense(q, 20)
        want = _lance_scan(store, q, 20)
        assert [r["start"] for r in got] == [r["start"] for r in want]
        assert np.allclose([r["_distance"] for r in got], [r["_distance"] for r in want], atol=1e-5)
        assert not any(unreadable[r["start"]] or 100 <= r["start"] < 160 for r in got)
        assert got[0]["text"] == f"text {got[0]['start']}"
    # A passage added later is found at once: the copy in memory follows the table's version.
    q = _clustered(rng, 1)[0]
    store.dense(q, 5)
    extra = _rows(q[None, :])
    extra = extra.set_column(7, "start", pa.array([9999], pa.int32()))
    store.add_chunks(extra)
    assert store.dense(q, 1)[0]["start"] == 9999


def test_a_second_copy_of_a_passage_does_not_take_a_source_slot():
    """The same paragraph from two copies of a document (faq.html and faq.en.html, chunked at
    other offsets) is shown once; two different paragraphs of one page both stay."""
    from assistant.core.search.retrieval import Hit, dedupe

    para = ("The codenames of Debian releases are taken from the characters of the Toy Story films. "
            "The decision to use them was made by Bruce Perens, then the project leader, who worked at Pixar.")
    other = ("Packages move from unstable to testing after a few days without release-critical bugs, "
             "and testing becomes the next stable release when it freezes.")
    hits = [Hit("/faq/ftparchives.en.html", None, None, para, 1.0, 0, len(para), "a"),
            Hit("/faq/ftparchives.html", None, None, "Toy Story films. " + para[:150], 0.9, 40, 207, "b"),
            Hit("/faq/ftparchives.en.html", None, None, other, 0.8, 900, 1040, "a")]
    kept = dedupe(hits, 5)
    assert [h.path for h in kept] == ["/faq/ftparchives.en.html", "/faq/ftparchives.en.html"]
    assert kept[1].text == other


def test_the_store_knows_when_a_library_has_japanese_text(tmp_path):
    """An English-only library skips the search for a quote's Japanese translation; the answer
    changes as soon as a Japanese passage is added (the table's new version is read again)."""
    rng = np.random.default_rng(3)
    store = Store(tmp_path / "index", DIM)
    store.add_chunks(_rows(_clustered(rng, 20)))
    assert not store.has_japanese()
    rows = _rows(_clustered(rng, 1))
    text = pa.array(["賃貸契約の概要。家賃は毎月二十五日までに支払うこと。"])
    store.add_chunks(rows.set_column(1, "text", text))
    assert store.has_japanese()
