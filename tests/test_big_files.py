"""Big ordinary files (a log or an export of one long line) index in bounded memory, and a file
the parse worker cannot finish says which limit it hit: time or memory, never 'corrupt'."""
import os
import time

import assistant  # noqa: F401
from assistant.core.ingest.chunking import WINDOW_CHARS, ChunkSpec, chunk_document
from assistant.core.ingest.documents.base import Document, Section
from assistant.core.ingest.parse_worker import BYTES_PER_TIMEOUT, ParserPool, _stderr_path
from assistant.core.search.embedding import TokenizerCounter, resolve_model_dir

WORDS = "invoice tenant engine filter lease payment module sensor garden contract".split()


def _one_line(path, mb: float, last: str = "zebraquartz"):
    n = int(mb * 1024 * 1024 / 8)
    path.write_text(" ".join(WORDS[i % len(WORDS)] + str(i % 97) for i in range(n)) + f" {last}")
    return path


def test_a_long_line_is_chunked_in_windows_with_true_offsets():
    counter = TokenizerCounter(resolve_model_dir(""))
    text = " ".join(f"{WORDS[i % len(WORDS)]}{i}" for i in range(int(2.5 * WINDOW_CHARS / 9)))
    chunks = chunk_document(Document("x", sections=[Section(text)]), counter, ChunkSpec())
    assert len(text) > 2 * WINDOW_CHARS
    assert all(text[c.start:c.end] == c.text for c in chunks)
    assert all(c.tokens <= ChunkSpec().max_tokens - ChunkSpec().heading_tokens for c in chunks)
    # Nothing lost at the window seams: each chunk starts at or before the end of the one
    # before it (at most the space between them skipped), from the first character to the last.
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    assert all(b.start <= a.end + 1 for a, b in zip(chunks, chunks[1:]))


def test_a_big_one_line_file_indexes_under_a_memory_cap_that_tokenizing_it_whole_exceeds(tmp_path):
    """8 MB of one line under a 1 GB cap: tokenizing it in one call died here ('corrupt');
    in windows it needs a few hundred MB (60 MB: 402 MB peak, benchmarks/README.md)."""
    big = _one_line(tmp_path / "export.txt", 8)
    pool = ParserPool(str(resolve_model_dir("")), ChunkSpec(), timeout_s=300, memory_bytes=1024 ** 3)
    try:
        pool.submit(str(big))
        res = pool.next_result()
    finally:
        pool.close()
    assert res.ok, (res.reason, res.detail)
    assert "zebraquartz" in res.chunks[-1][0]
    assert res.chunks[0][3] == 0  # start offset of the first chunk


def test_a_worker_that_runs_out_of_memory_says_so(tmp_path):
    """A native parser that cannot allocate aborts the worker with only a line on stderr (what
    the Rust tokenizer printed here: 'memory allocation of 1006673248 bytes failed'); that
    line, not a guess, makes the reason 'too large' and names the memory limit."""
    slow = tmp_path / "big.txt"
    slow.write_text(("word " * 50 + "\n\n") * 40000)
    pool = ParserPool(str(resolve_model_dir("")), ChunkSpec(), timeout_s=60)
    try:
        pool.submit(str(slow))
        time.sleep(3)  # the worker is busy with big.txt
        with open(_stderr_path(pool._proc.pid), "a") as f:
            f.write("memory allocation of 1006673248 bytes failed\n")
        os.kill(pool._proc.pid, 6)  # SIGABRT, as Rust's allocation failure handler does
        res = pool.next_result()
    finally:
        pool.close()
    assert (res.ok, res.reason) == (False, "too large")
    assert "memory limit" in res.detail


def test_a_big_file_gets_time_in_proportion(tmp_path):
    small, big = tmp_path / "small.log", tmp_path / "big.log"
    small.write_text("a line\n")
    with open(big, "wb") as f:
        f.truncate(4 * BYTES_PER_TIMEOUT)  # sparse: no disk used
    pool = ParserPool(str(resolve_model_dir("")), ChunkSpec(), timeout_s=10)
    assert pool._limit(str(small)) == 10
    assert pool._limit(str(big)) == 40
