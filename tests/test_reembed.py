"""An edited document is re-indexed at the cost of what changed: its unchanged passages keep
their vectors, only the new ones go through the embedder, and search sees the new text."""
import os

import numpy as np

import assistant  # noqa: F401
from assistant.core.search.embedding import passage_text
from assistant.core.services import Services

TOPICS = ["boiler", "gutters", "smoke alarms", "window seals", "chimney", "septic tank", "roof tiles",
          "water heater", "garage door", "attic insulation", "drainage", "fence posts"]


def _guide(changed: str | None = None) -> str:
    parts = ["# House maintenance guide"]
    for i, topic in enumerate(TOPICS):
        body = (f"The {topic} should be inspected every {i + 2} months by a qualified person. Keep the "
                f"receipt of each inspection of the {topic} in the blue folder, because the insurer "
                f"asks for the last {i + 1} receipts after a claim. A missed inspection of the {topic} "
                f"can void the cover for any damage it causes.")
        if changed and topic == "drainage":
            body = changed
        parts.append(f"## {topic.title()}\n\n{body}")
    return "\n\n".join(parts) + "\n"


def _index(services, docs):
    for _ev in services.index([str(docs)]):
        pass


def test_an_edited_file_embeds_only_its_changed_passages(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    guide = docs / "guide.md"
    guide.write_text(_guide(), encoding="utf-8")
    services = Services(str(tmp_path / "data"))
    _index(services, docs)
    row = services.store.file_rows()[str(guide)]
    before = services.store.passage_vectors([row.file_id])
    assert row.chunks >= 4 and len(before) == row.chunks

    new_text = ("The drainage channel behind the shed was rebuilt in 2024 with a 40 mm pipe; "
                "clear its grate of leaves every October.")
    guide.write_text(_guide(changed=new_text), encoding="utf-8")
    st = os.stat(guide)
    os.utime(guide, (st.st_atime, st.st_mtime + 5))
    embedded = []
    real = services.embedder.embed_passages

    def counting(texts, *a, **kw):
        embedded.extend(texts)
        return real(texts, *a, **kw)

    services.embedder.embed_passages = counting
    _index(services, docs)

    row = services.store.file_rows()[str(guide)]
    after = services.store.passage_vectors([row.file_id])
    kept = [k for k in after if k in before]
    new = [k for k in after if k not in before]
    assert new and kept, "the edit changes some passages and leaves others as they were"
    # Only the passages that changed went through the embedder...
    assert sorted(embedded) == sorted(passage_text(t, h) for t, h in new)
    assert len(new) < row.chunks
    # ...the others kept the very vectors they had...
    assert all(np.allclose(after[k], before[k]) for k in kept)
    # ...and search by meaning finds the new text, not the old.
    hits = services.retriever.search("when should the drainage grate be cleared of leaves?", k=3, mode="dense")
    assert hits and "rebuilt in 2024" in " ".join(hits[0].text.split())
    assert not any("inspection of the drainage" in h.text for h in services.retriever.search(
        "drainage inspection receipt", k=10, mode="fts"))
    services.close()
