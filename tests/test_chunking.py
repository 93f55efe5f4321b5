"""Chunks fit the embedder (never silently truncated), keep locations, split Japanese too."""
import pytest

import assistant  # noqa: F401
from assistant.core.ingest.chunking import ChunkSpec, chunk_document
from assistant.core.ingest.documents import Document, Section
from assistant.core.search.embedding import Embedder


@pytest.fixture(scope="module")
def counter():
    return Embedder().counter


def _doc(text, **kw):
    return Document(path="x", sections=[Section(text=text, **kw)])


def test_no_chunk_exceeds_the_model_limit(counter):
    spec = ChunkSpec()
    english = " ".join(f"Sentence number {i} talks about the warranty of item {i}." for i in range(400))
    japanese = "保証期間は購入日から三十六か月です。" * 300
    no_breaks = "x" * 20000  # no spaces, no sentence ends
    code = "\n".join(f"SELECT col_{i} FROM table_{i} WHERE id = {i};" for i in range(300))
    for text in (english, japanese, no_breaks, code):
        chunks = chunk_document(_doc(text, heading="Some heading"), counter, spec)
        assert len(chunks) > 3
        counts = counter.count([f"Some heading\n{c.text}" for c in chunks])
        assert max(counts) <= spec.max_tokens, "a chunk would be truncated by the embedder"
        assert max(len(c.text) for c in chunks) <= spec.max_chars


def test_offsets_point_at_the_chunk_text(counter):
    text = "Intro paragraph here.\n\n" + " ".join(f"Fact {i} is stated here." for i in range(200))
    for c in chunk_document(_doc(text, page=4), counter):
        assert text[c.start:c.end] == c.text
        assert c.page == 4


def test_japanese_splits_at_sentence_ends(counter):
    sentences = [f"これは{i}番目の文で、長い日本語の説明が続きます。" for i in range(120)]
    chunks = chunk_document(_doc("".join(sentences)), counter)
    assert len(chunks) > 1
    # Every chunk but the last ends at a Japanese full stop, not in the middle of a sentence.
    assert all(c.text.endswith("。") for c in chunks[:-1])


def test_chunks_overlap_a_little(counter):
    text = " ".join(f"Sentence {i} has some words in it." for i in range(300))
    chunks = chunk_document(_doc(text), counter)
    for a, b in zip(chunks, chunks[1:]):
        assert b.start < a.end, "consecutive chunks should share a sentence"
        assert b.start > a.start


def _wrapped(text: str, width: int) -> str:
    """Text as a PDF page gives it: lines of a fixed width, broken mid-sentence."""
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def test_a_pdf_pages_wrapped_lines_are_chunked_at_sentence_ends(counter):
    english = " ".join(f"Clause {i} of the lease says the tenant repaints the walls every {i + 3} years."
                       for i in range(80))
    japanese = "".join(f"第{i}条では、借主は{i + 3}年ごとに壁を塗り直すことになっています。" for i in range(80))
    for text, width in ((english, 70), (japanese, 40)):
        page = _wrapped(text, width)
        assert page.count("\n") > 40
        chunks = chunk_document(_doc(page, page=3), counter)
        assert len(chunks) > 2
        # A line break inside a sentence is not a place to cut: every chunk but the last ends
        # where a sentence does, so no sentence is split between two chunks.
        assert all(c.text.endswith((".", "。")) for c in chunks[:-1]), [c.text[-30:] for c in chunks]
        assert all(page[c.start:c.end] == c.text for c in chunks)


def test_a_chunk_never_ends_on_a_sentence_announcing_the_next(counter):
    """"…, run the command" or "as follows:" at a chunk's end left the command in the next
    chunk: the quote was the sentence without what it announces (the Debian FAQ's "If you
    specifically wish not to start a service during boot-up, …, you can run the command")."""
    spec = ChunkSpec()
    parts = []
    for i in range(60):
        parts.append(f"Service number {i} is installed by its package and enabled during installation "
                     f"of the system.")
        parts.append(f"To stop service {i} from starting at boot, run the command" if i % 2
                     else f"To stop service {i} from starting at boot, type:")
        parts.append(f"systemctl disable service-{i}.service")
    text = "\n\n".join(parts)
    chunks = chunk_document(_doc(text), counter, spec)
    assert len(chunks) > 5
    for c in chunks:
        # Every announcement a chunk holds has its command with it.
        for i in range(60):
            if f"To stop service {i} from" in c.text:
                assert f"systemctl disable service-{i}.service" in c.text, c.text[-120:]
    counts = counter.count([c.text for c in chunks])
    assert max(counts) <= spec.max_tokens - spec.heading_tokens


def test_a_chunk_never_ends_between_a_sentence_and_the_prompt_line_under_it(counter):
    """A manual prints a command under the sentence that says what it does, with a period and
    no colon ("…パスワード一切無しに管理者権限を与えるには次のようにするのも一般的です。" / "# echo
    ”penguin ALL=(ALL) NOPASSWD:ALL” >> /etc/sudoers"): a chunk ending on the sentence left the
    command, the answer to "how do I…", in the next chunk."""
    spec = ChunkSpec()
    parts = []
    for i in range(60):
        parts.append(f"Service number {i} is installed by its package and enabled during installation "
                     f"of the system.")
        parts.append(f"Service {i} can be kept from starting at boot by disabling its unit.")
        parts.append(f"$ sudo systemctl disable service-{i}.service" if i % 2
                     else f"# systemctl disable service-{i}.service")
    chunks = chunk_document(_doc("\n\n".join(parts)), counter, spec)
    assert len(chunks) > 5
    for c in chunks:
        for i in range(60):
            if f"Service {i} can be kept" in c.text:
                assert f"systemctl disable service-{i}.service" in c.text, c.text[-120:]


def test_a_command_line_ending_on_a_word_announces_nothing():
    """"| xargs -0 -n 1 command" ends on a word no sentence ends with, but it is a command line,
    complete as it is: neither the chunker nor the quotes join the next line to it."""
    from assistant.core.text.sentences import announces, runs_on

    assert runs_on("To display the default target, run the command")
    assert runs_on("Debian システムにインストールされている全パッケージの状態を確認するには、コマンド")
    assert announces("To verify every installed file, run the following:")
    assert not runs_on("| xargs -0 -n 1 command")
    assert not runs_on("find . -type f -print0 | xargs -0 -n 1 command")
    assert not runs_on("リモートの MS Windows ファイルをマウントやアンマウントするコマンド")  # a table's row
